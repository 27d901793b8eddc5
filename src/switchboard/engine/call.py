"""Run one method call: build, pace, authenticate, send, retry, paginate, shape.

``Engine.call`` is the pipeline of the architecture's steps 4-10; the API layer has already
resolved the caller and the account connector, guarded the IP and bound the inputs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from dataclasses import dataclass

import orjson

from switchboard.auth.base import Authenticator
from switchboard.catalog.models import DdlOutput, PageDepthCost, RateLimitDef, StaticOutput
from switchboard.catalog.registry import Connector, Method
from switchboard.engine.binding import BoundInputs
from switchboard.engine.outputs import CallResult, DdlRecordsOutput, EnvelopeOutput, Output
from switchboard.engine.pages import split_page
from switchboard.engine.paginators import Paginator, paginator_for
from switchboard.engine.raw_http import build_raw_request, raw_answer
from switchboard.engine.request import OutboundRequest, build_request, rewrite_origin
from switchboard.engine.retry import RETRY_AFTER_STATUSES, TRANSIENT_STATUSES, backoff, parse_retry_after
from switchboard.engine.trace import Exchange
from switchboard.engine.transport import Budget, Transport, UpstreamResponse
from switchboard.errors import (
    SwitchboardError,
    UpstreamError,
    UpstreamProtocolError,
    UpstreamUnavailable,
)
from switchboard.ratelimit.base import Limit, RateLimiter

log = logging.getLogger("switchboard.calls")


@dataclass(frozen=True, slots=True)
class CallLimits:
    """The bounds on one call; each crossing ends it with a clear error."""

    call_timeout: float = 300.0
    max_pages: int = 1_000
    max_records: int = 1_000_000
    max_response_bytes: int = 512 * 1024 * 1024
    max_rate_limit_wait: float = 30.0
    max_retries: int = 3
    max_retry_after: float = 60.0


@dataclass(frozen=True, slots=True)
class LimitScope:
    """Whose rate limits a call counts against."""

    account_connector_id: int
    partner_app: str | None = None  # set when the partner's own OAuth app is used


@dataclass
class _Call:
    connector: Connector
    auth: Authenticator
    scope: LimitScope
    budget: Budget
    exchanges: list[Exchange] | None
    limiter_seconds: float = 0.0
    upstream_seconds: float = 0.0


class Engine:
    """Executes method calls; one per process, sharing the transport and the rate limiter."""

    def __init__(
        self,
        transport: Transport,
        limiter: RateLimiter,
        limits: CallLimits,
        upstream_overrides: dict[str, str] | None = None,
    ) -> None:
        self._transport = transport
        self._limiter = limiter
        self.limits = limits
        self._overrides = upstream_overrides or {}

    def base_url(self, connector: Connector) -> str:
        """The connector's base URL, pointed at its emulator when one is configured."""
        return rewrite_origin(connector.definition.base_url, self._overrides.get(connector.key))

    def url(self, connector: Connector, url: str) -> str:
        """Any of the connector's URLs (authorize, token), rewritten like the base URL."""
        return rewrite_origin(url, self._overrides.get(connector.key))

    async def call(
        self,
        connector: Connector,
        method: Method,
        inputs: BoundInputs,
        auth: Authenticator,
        scope: LimitScope,
        *,
        trace: bool = False,
    ) -> CallResult:
        """Call ``method`` and shape its answer; upstream failures raise ``UpstreamError``."""
        started = time.monotonic()
        state = _Call(
            connector,
            auth,
            scope,
            Budget(
                deadline=started + self.limits.call_timeout,
                max_bytes=self.limits.max_response_bytes,
                seconds=self.limits.call_timeout,
            ),
            [] if trace else None,
        )
        outcome = "ok"
        try:
            result = await self._run(state, method, inputs)
        except Exception as exc:
            outcome = f"{type(exc).__name__}:{getattr(exc, 'status', '')}"
            if isinstance(exc, SwitchboardError) and state.exchanges is not None:
                exc.exchanges = state.exchanges
            raise
        finally:
            log.info(
                "call connector=%s method=%s account_connector=%s pages=%d outcome=%s ms=%.1f",
                connector.key,
                method.unique_id,
                scope.account_connector_id,
                state.budget.pages,
                outcome,
                (time.monotonic() - started) * 1000,
            )
        result.exchanges = state.exchanges or []
        result.timings = {"limiter": state.limiter_seconds, "upstream": state.upstream_seconds}
        return result

    async def _run(self, state: _Call, method: Method, inputs: BoundInputs) -> CallResult:
        definition = method.definition
        base_url = self.base_url(state.connector)
        if isinstance(definition.output, StaticOutput):
            options = [{"text": o.text, "value": o.value} for o in definition.output.options]
            return CallResult(body=orjson.dumps({"result": options}))
        if definition.raw_http:
            request = build_raw_request(inputs, base_url, definition.verb, definition.path)
            response = await self._send(state, request, raise_errors=False)
            return CallResult(body=raw_answer(response, inputs))
        request = build_request(state.connector.definition, method, inputs, base_url)
        paginator = paginator_for(method.pagination, base_url) if method.pagination else None
        if paginator is not None and paginator.is_single_page(request):
            paginator = None
        ddl = definition.output if isinstance(definition.output, DdlOutput) else None
        if paginator is None and ddl is None:
            return _passthrough(state.connector, await self._send(state, request))
        output: Output
        if ddl is not None:
            pagination = state.connector.definition.pagination
            records_path = paginator.records_path if paginator else (pagination.records if pagination else "")
            output = DdlRecordsOutput(ddl, records_path)
        else:
            assert paginator is not None
            output = EnvelopeOutput(paginator)
        try:
            await self._collect(state, request, paginator, output)
        except BaseException:
            output.discard()
            raise
        return output.result()

    async def _collect(
        self, state: _Call, request: OutboundRequest, paginator: Paginator | None, output: Output
    ) -> None:
        """Fetch every page into ``output``; page n+1 is on the wire while page n is shaped."""
        budget = state.budget
        first = paginator.first(request) if paginator else request
        fetch: asyncio.Task[UpstreamResponse] | None = asyncio.ensure_future(self._send(state, first))
        current = first
        try:
            while fetch is not None:
                response = await fetch
                fetch = None
                budget.pages += 1
                page = split_page(response.body, output.records_path, budget.pages)
                # Read the next pointer before the output takes the page (it clears the pointer).
                following = paginator.next(current, page.document) if paginator else None
                if following is not None:
                    if budget.pages >= self.limits.max_pages:
                        raise UpstreamProtocolError(
                            f"The answer has more than {self.limits.max_pages} pages (the per-call limit); "
                            "narrow the request with filters or ask for a page",
                            status=502,
                        )
                    fetch = asyncio.ensure_future(self._send(state, following))
                    current = following
                    await _until_sent(fetch)
                budget.records += output.add_page(page, budget.pages)
                if budget.records > self.limits.max_records:
                    raise UpstreamProtocolError(
                        f"The answer has more than {self.limits.max_records} records (the per-call limit)", status=502
                    )
        finally:
            if fetch is not None and not fetch.done():
                fetch.cancel()
                with suppress(asyncio.CancelledError, SwitchboardError):
                    await fetch

    async def _send(self, state: _Call, request: OutboundRequest, *, raise_errors: bool = True) -> UpstreamResponse:
        """Send with pacing, authentication and retries (429/503 Retry-After, transient faults, one 401)."""
        budget = state.budget
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            limits = self._limits_for(state, request)
            wait = min(self.limits.max_rate_limit_wait, max(budget.remaining(), 0.0))
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
                self._record(state, signed, None, str(exc))
                if request.idempotent and attempt <= self.limits.max_retries and budget.remaining() > 1:
                    await asyncio.sleep(min(backoff(attempt), max(budget.remaining() - 1, 0)))
                    continue
                raise
            finally:
                await permit.release()
            self._record(state, signed, response, None)
            if response.ok:
                return response
            if response.status == 401 and not refreshed and await state.auth.refresh():
                refreshed = True
                continue
            delay = self._retry_delay(request, response, attempt, budget)
            if delay is not None:
                await asyncio.sleep(delay)
                continue
            if not raise_errors:
                return response
            raise upstream_error(state.connector, response, max_retry_after=self.limits.max_retry_after)

    def _retry_delay(
        self, request: OutboundRequest, response: UpstreamResponse, attempt: int, budget: Budget
    ) -> float | None:
        """Seconds to wait before retrying, or None when the answer is final."""
        if attempt > self.limits.max_retries:
            return None
        if response.status in RETRY_AFTER_STATUSES:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            # A 429 was not processed, so even a POST may go again; a 503 without a hint may have been.
            if retry_after is None and not (response.status == 429 or request.idempotent):
                return None
            delay = backoff(attempt, base=1.0) if retry_after is None else retry_after
            if delay > self.limits.max_retry_after or delay >= budget.remaining():
                return None
            return delay
        if response.status in TRANSIENT_STATUSES and request.idempotent:
            delay = backoff(attempt)
            return delay if delay < budget.remaining() else None
        return None

    def _limits_for(self, state: _Call, request: OutboundRequest) -> list[Limit]:
        limits = []
        for definition in state.connector.definition.rate_limits:
            if definition.scope == "partner_app" and state.scope.partner_app:
                owner = f"app:{state.scope.partner_app}"
            else:
                owner = f"ac:{state.scope.account_connector_id}"
            limits.append(
                Limit(
                    key=f"{state.connector.key}:{owner}:{definition.name}",
                    limit=definition.limit,
                    per=definition.per,
                    window=definition.window,
                    cost=request_cost(definition, request),
                )
            )
        return limits

    def _record(
        self, state: _Call, request: OutboundRequest, response: UpstreamResponse | None, error: str | None
    ) -> None:
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

    async def close(self) -> None:
        await self._transport.close()
        await self._limiter.close()


async def _until_sent(fetch: asyncio.Task[UpstreamResponse]) -> None:
    """Let a just-started fetch run up to its wait for the answer, so shaping overlaps the network."""
    for _ in range(8):  # pacing, authentication, taking a pooled connection, writing the request
        if fetch.done():
            return
        await asyncio.sleep(0)


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


def upstream_error(
    connector: Connector, response: UpstreamResponse, *, max_retry_after: float | None = None
) -> UpstreamError:
    """The third party's error answer, relayed with its status and body and a sentence saying what it was."""
    reason = _REASONS.get(response.status, "")
    message = f"{connector.definition.name} answered {response.status}{(' ' + reason) if reason else ''}"
    if _is_html(response):
        message += " with an HTML page"
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    if (
        response.status in RETRY_AFTER_STATUSES
        and retry_after is not None
        and max_retry_after is not None
        and retry_after > max_retry_after
    ):
        message += (
            f"; it asked to wait {retry_after:.0f} s (Retry-After), "
            f"longer than Switchboard waits ({max_retry_after:g} s)"
        )
    return UpstreamError(
        message,
        status=response.status,
        body=response.body,
        content_type=response.content_type,
        retry_after=retry_after,
    )


def _passthrough(connector: Connector, response: UpstreamResponse) -> CallResult:
    if not response.body.strip():
        # Deletes answer 204: say so in JSON, as Cyclr's connectors do.
        return CallResult(body=b'{"success":true}')
    # A success that is an HTML page (a proxy's or a login page) or broken JSON is no answer to pass on.
    if _is_html(response):
        raise UpstreamProtocolError(
            f"{connector.definition.name}'s answer is HTML, not the JSON this method expects "
            f"(status {response.status})",
            status=502,
        )
    if _is_json(response):
        try:
            orjson.loads(response.body)
        except orjson.JSONDecodeError:
            raise UpstreamProtocolError(
                f"{connector.definition.name}'s answer is malformed JSON (status {response.status}, "
                f"{len(response.body)} bytes)",
                status=502,
            ) from None
    return CallResult(body=response.body, content_type=response.content_type)


def _media_type(response: UpstreamResponse) -> str:
    return response.content_type.partition(";")[0].strip().lower()


def _is_html(response: UpstreamResponse) -> bool:
    return _media_type(response) in ("text/html", "application/xhtml+xml")


def _is_json(response: UpstreamResponse) -> bool:
    media_type = _media_type(response)
    return media_type == "application/json" or media_type.endswith("+json")


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

__all__ = ["CallLimits", "Engine", "LimitScope", "request_cost", "upstream_error"]
