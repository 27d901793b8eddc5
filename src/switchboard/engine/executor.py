"""Pace, sign, send, retry: the loop around every upstream request of a call."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from switchboard.auth.base import Authenticator
from switchboard.catalog.registry import Connector
from switchboard.engine.retry import RetryPolicy
from switchboard.engine.trace import Exchange
from switchboard.engine.upstream import body_failure, upstream_error
from switchboard.errors import UpstreamProtocolError, UpstreamUnavailable
from switchboard.http import AsyncTransport, Budget, OutboundRequest, UpstreamResponse
from switchboard.ratelimit import LimitScope, RateLimiter, limits_for


@dataclass
class CallState:
    """One call's context and what it has spent so far."""

    connector: Connector
    auth: Authenticator
    scope: LimitScope
    retry: RetryPolicy
    budget: Budget
    exchanges: list[Exchange] | None  # kept only when the caller asked for a trace (/test/)
    limiter_seconds: float = 0.0
    upstream_seconds: float = 0.0
    requests: int = 0  # attempts sent (or about to be), against max_requests
    max_requests: int = 1_000_000


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
        refreshed = False
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
            wait = min(self._max_wait, max(budget.remaining(), 0.0))
            started = time.perf_counter()
            permit = await self._limiter.acquire(limits, wait)
            state.limiter_seconds += time.perf_counter() - started
            signed = request
            try:
                signed = await state.auth.authorize(request)
                started = time.perf_counter()
                try:
                    response = await self._transport.send(signed, budget)
                finally:
                    state.upstream_seconds += time.perf_counter() - started
            except UpstreamUnavailable as exc:
                _record(state, signed, None, str(exc))
                timeouts += exc.status == 504
                delay = state.retry.after_network_error(request, attempt, budget.remaining())
                if delay is None or timeouts > self._max_timeout_retries:
                    raise
                await asyncio.sleep(delay)
                attempt += 1
                continue
            finally:
                await permit.release()
            _record(state, signed, response, None)
            if response.ok:
                failure = body_failure(state.connector, response) if raise_errors else None
                if failure is not None:
                    raise failure
                return response
            if response.status == 401 and not refreshed and await state.auth.refresh():
                refreshed = True
                continue
            delay = state.retry.after_answer(request, response, attempt, budget.remaining())
            if delay is not None:
                await asyncio.sleep(delay)
                attempt += 1
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
    state.exchanges.append(
        Exchange(
            request=request,
            status=response.status if response else None,
            response_headers=tuple(response.headers.items()) if response else (),
            response_body=response.body if response else b"",
            error=error,
            elapsed=response.elapsed if response else 0.0,
        )
    )
