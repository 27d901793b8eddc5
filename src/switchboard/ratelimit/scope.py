"""Whose limits a call counts against, under which keys, and what one request costs."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from switchboard.catalog.models import ConnectorDef, PageDepthCost, RateLimitDef
from switchboard.http import OutboundRequest
from switchboard.ratelimit.base import Limit


@dataclass(frozen=True, slots=True)
class LimitScope:
    """Whose rate limits a call counts against."""

    account_connector_id: int
    partner_app: str | None = None  # set when the partner's own OAuth app is used


# The limits of a (connector, scope) whose cost never depends on the request, built once: every
# upstream request asks. By the connector's key and scope, checked against the very ``rate_limits``
# list they were built from (a changed definition is another list); bounded, a guard.
_KEYED: dict[tuple[str, LimitScope], tuple[list[RateLimitDef], list[Limit]]] = {}
_KEYED_MAX = 50_000


def limits_for(connector: ConnectorDef, scope: LimitScope, request: OutboundRequest) -> list[Limit]:
    """The connector's limits as keyed limiter entries for this request (callers do not change the list).

    ``scope: partner_app`` limits are shared by every account using the partner's own OAuth app
    (one client to the provider); all others are per account connector.
    """
    cache_key = (connector.key, scope)
    found = _KEYED.get(cache_key)
    if found is not None and found[0] is connector.rate_limits:
        return found[1]
    limits = _built(connector, scope, request)
    if not any(isinstance(definition.cost, PageDepthCost) for definition in connector.rate_limits):
        if len(_KEYED) >= _KEYED_MAX:
            _KEYED.clear()
        _KEYED[cache_key] = (connector.rate_limits, limits)
    return limits


def _built(connector: ConnectorDef, scope: LimitScope, request: OutboundRequest) -> list[Limit]:
    limits = []
    for definition in connector.rate_limits:
        if definition.scope == "partner_app" and scope.partner_app:
            owner = f"app:{scope.partner_app}"
        else:
            owner = f"ac:{scope.account_connector_id}"
        limits.append(
            Limit(
                key=f"{connector.key}:{owner}:{definition.name}",
                limit=definition.limit,
                per=definition.per,
                window=definition.window,
                cost=request_cost(definition, request),
            )
        )
    return limits


def request_cost(definition: RateLimitDef, request: OutboundRequest) -> int:
    """What ``request`` costs under ``definition`` (deep pages cost more on some APIs)."""
    cost_model = definition.cost
    if not isinstance(cost_model, PageDepthCost):
        return 1
    try:
        page = int(request.query_value(cost_model.param) or 1)
    except ValueError:
        page = 1
    cost = 1
    for tier in sorted(cost_model.tiers, key=lambda t: t.from_page):
        if page >= tier.from_page:
            cost = tier.cost
    return cost


# The share of each limit background work (syncs) leaves to live calls.
BACKGROUND_HEADROOM = 0.2


def background_limits(limits: list[Limit]) -> list[Limit]:
    """``limits`` as background work sees them: the same windows, each a fifth smaller.

    A sync counts in the very windows live calls use (same keys), but takes a slot only while a
    fifth of the limit stays free, so a call arriving during a sync finds room instead of waiting
    behind it or being pushed into the provider's 429.
    """
    return [
        replace(
            limit,
            limit=max(1, limit.limit - max(1, math.ceil(limit.limit * BACKGROUND_HEADROOM))) if limit.limit > 1 else 1,
            background=True,
        )
        for limit in limits
    ]
