"""``/metrics``: Prometheus exposition, behind its own token or the addresses allowed to scrape."""

from __future__ import annotations

import hmac
from ipaddress import ip_address

from fastapi import APIRouter, Request
from starlette.responses import Response

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import ServicesDep
from switchboard.errors import NotAuthenticated, NotFound
from switchboard.observability import metrics

router = APIRouter(tags=["Operations"], route_class=JsonRoute)


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics(request: Request, svc: ServicesDep) -> Response:
    """Calls, upstream latency, retries, pacing, 429s, refreshes, queue and pool gauges."""
    token = svc.settings.metrics_token
    if token:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise NotAuthenticated("/metrics needs 'Authorization: Bearer <SWITCHBOARD_METRICS_TOKEN>'")
    else:
        peer = request.client.host if request.client else ""
        try:
            allowed = any(ip_address(peer) in net for net in svc.settings.metrics_allow)
        except ValueError:
            allowed = False
        if not allowed:
            # Not advertised to the world: the same answer as a path that does not exist.
            raise NotFound("Not found")
    pool = svc.db.engine.pool
    checked_out = getattr(pool, "checkedout", None)
    if callable(checked_out):
        metrics.DB_POOL_CHECKED_OUT.set(checked_out())
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
