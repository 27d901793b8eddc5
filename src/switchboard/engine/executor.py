"""Pace, sign, send, retry: the loop around every upstream request of a call."""

from __future__ import annotations

import asyncio
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from switchboard.auth.base import Authenticator
from switchboard.catalog.registry import Connector
from switchboard.engine.request.templates import host_properties
from switchboard.engine.retry import RetryPolicy
from switchboard.engine.stats import CallStats
from switchboard.engine.trace import Exchange
from switchboard.engine.upstream import body_failure, upstream_error
from switchboard.errors import ConnectionNotReady, UpstreamProtocolError, UpstreamUnavailable
from switchboard.http import AsyncTransport, Budget, OutboundRequest, UpstreamResponse
from switchboard.ratelimit import LimitScope, RateLimiter, background_limits, limits_for


@dataclass
class CallState:
    """One call's context and what it has spent so far."""

    connector: Connector
    auth: Authenticator
    scope: LimitScope
    retry: RetryPolicy
    budget: Budget
    exchanges: list[Exchange] | None  # kept only when the caller asked for a trace (/test/) or a call log
    stats: CallStats = field(default_factory=CallStats)
    body_cap: int | None = None  # response bodies kept in exchanges are cut here (None: whole, for /test/)
    requests: int = 0  # attempts sent (or about to be), against max_requests
    max_requests: int = 1_000_000
    background: bool = False  # a sync's request: it leaves headroom in every limit to live calls
    property_secrets: tuple[str, ...] = ()  # the connection's secret Properties, which templates may send

    def secrets(self) -> list[str]:
        """Every secret this call may put on the wire: the credentials' and the secret properties'."""
        return [*self.auth.secrets(), *self.property_secrets]

    @property
    def limiter_seconds(self) -> float:
        return self.stats.limiter_seconds

    @property
    def upstream_seconds(self) -> float:
        return self.stats.upstream_seconds


# A 401 may refresh twice in one request: a set another call stored is tried first, then the provider
# is asked (``Authenticator.refresh``); the authenticator stops sooner when its fetched set is refused.
MAX_REFRESHES = 2


class Executor:
    """Sends a call's requests: waits for a rate-limit slot, adds credentials, sends, retries.

    Retries follow the connector's policy; a 401 refreshes the credentials once and goes again.
    """

    def __init__(
        self,
        transport: AsyncTransport,
        limiter: RateLimiter,
        *,
        max_rate_limit_wait: float,
        max_timeout_retries: int = 1,
    ) -> None:
        self._transport = transport
        self._limiter = limiter
        self._max_wait = max_rate_limit_wait
        # A timeout already cost a whole read timeout: retrying it as often as a reset would put
        # the 504 minutes away, so timeouts have their own, smaller count.
        self._max_timeout_retries = max_timeout_retries

    async def send(self, state: CallState, request: OutboundRequest, *, raise_errors: bool = True) -> UpstreamResponse:
        """The final answer to ``request``; an error answer raises ``UpstreamError`` unless ``raise_errors`` is off."""
        budget = state.budget
        stats = state.stats
        # Every request of a call goes to the host its base URL names: one a property filled is guarded.
        chosen = host_properties(state.connector.definition)
        refreshes = 0
        attempt = 1  # counts tries the retry policy allowed; the resend after a refresh is not one
        timeouts = 0
        while True:
            state.requests += 1
            if state.requests > state.max_requests:
                raise UpstreamProtocolError(
                    f"The call needed more than {state.max_requests} upstream requests (the per-call limit, "
                    "counting pages, retries and refreshes); narrow the request or ask for a page",
                    status=502,
                )
            limits = limits_for(state.connector.definition, state.scope, request)
            if state.background:
                limits = background_limits(limits)
            wait = min(self._max_wait, max(budget.remaining(), 0.0))
            started = time.perf_counter()
            with _span(stats, "ratelimit.acquire"):
                permit = await self._limiter.acquire(limits, wait)
            stats.limiter_seconds += time.perf_counter() - started
            signed = request
            try:
                signed = await state.auth.authorize(request)
                if chosen and not signed.host_properties:
                    signed = replace(signed, host_properties=chosen)
                started = time.perf_counter()
                stats.requests += 1
                try:
                    with _span(stats, "upstream.request", request) as span:
                        response = await self._transport.send(signed, budget)
                        if span is not None:
                            span.set_attribute("http.response.status_code", response.status)
                finally:
                    stats.upstream_seconds += time.perf_counter() - started
            except ConnectionNotReady:
                stats.refresh_failures += 1  # authorize refreshes ahead of expiry; the provider refused
                raise
            except UpstreamUnavailable as exc:
                _record(state, signed, None, str(exc))
                timeouts += exc.status == 504
                delay = state.retry.after_network_error(request, attempt, budget.remaining())
                if delay is None or timeouts > self._max_timeout_retries:
                    raise
                await asyncio.sleep(delay)
                attempt += 1
                stats.retries += 1
                continue
            finally:
                await permit.release()
            _record(state, signed, response, None)
            stats.upstream_status = response.status
            stats.latencies.append(response.elapsed)
            if response.status == 429:
                stats.throttled += 1
            if response.ok:
                failure = body_failure(state.connector, response) if raise_errors else None
                if failure is None:
                    return response
                if failure.status != 401 or refreshes >= MAX_REFRESHES or not await _refresh(state):
                    raise failure
                refreshes += 1  # the body said the credentials were refused (Slack's invalid_auth)
                stats.refreshes += 1
                continue
            if response.status == 401 and refreshes < MAX_REFRESHES and await _refresh(state):
                refreshes += 1
                stats.refreshes += 1
                continue
            delay = state.retry.after_answer(request, response, attempt, budget.remaining())
            if delay is not None:
                await asyncio.sleep(delay)
                attempt += 1
                stats.retries += 1
                continue
            if not raise_errors:
                return response
            honoured = response.status in state.retry.retry_after_statuses
            raise upstream_error(
                state.connector, response, max_retry_after=state.retry.max_retry_after if honoured else None
            )

    async def close(self) -> None:
        await self._transport.close()
        await self._limiter.close()


def _record(state: CallState, request: OutboundRequest, response: UpstreamResponse | None, error: str | None) -> None:
    if state.exchanges is None:
        return
    if state.body_cap is not None and len(state.exchanges) >= state.stats.max_exchanges:
        # Kept for the call log, not asked for: the first exchange and the latest ones (where a
        # failure is) stay, so a thousand-page call holds a bounded amount of memory.
        del state.exchanges[1]
    state.exchanges.append(
        Exchange(
            request=request,
            status=response.status if response else None,
            response_headers=tuple(response.headers.items()) if response else (),
            response_body=_cut(response.body, state.body_cap) if response else b"",
            error=error,
            elapsed=response.elapsed if response else 0.0,
        )
    )


def _span(stats: CallStats, name: str, request: OutboundRequest | None = None) -> AbstractContextManager[Any]:
    """A tracing span when the caller traces; host and method only (queries and headers may hold secrets)."""
    if stats.tracer is None:
        return nullcontext()
    attributes: dict[str, Any] = {"switchboard.connector": stats.connector_key}
    if request is not None:
        attributes["http.request.method"] = request.method
        attributes["server.address"] = urlsplit(request.url).hostname or ""
        attributes["switchboard.retry"] = stats.retries
    span: AbstractContextManager[Any] = stats.tracer.start_as_current_span(name, attributes=attributes)
    return span


async def _refresh(state: CallState) -> bool:
    try:
        return await state.auth.refresh()
    except ConnectionNotReady:
        state.stats.refresh_failures += 1
        raise


def _cut(body: bytes, cap: int | None) -> bytes:
    # A margin past the cap, so a secret straddling it is still whole when the log redacts it.
    return body if cap is None or len(body) <= cap else body[: cap + 4096]
