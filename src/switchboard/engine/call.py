"""The call pipeline: bind, build, then pace-sign-send-retry, paginate and shape (steps 3-10).

Steps 1-2 (who is calling, for which account connector, from an allowed address) belong to
the caller's edge (``api``, ``mcp``); the connection comes in resolved. Each stage lives in
its own module: ``inputs/`` binds, ``request/`` builds, ``executor`` sends, ``paginators/``
pages, ``upstream`` classifies answers, ``outputs/`` shapes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import suppress
from dataclasses import dataclass

import orjson

from switchboard.catalog.models import ConnectorDef, StaticOutput
from switchboard.catalog.registry import Method
from switchboard.engine.connection import Connection
from switchboard.engine.executor import CallState, Executor
from switchboard.engine.inputs import BoundInputs, CallInputs
from switchboard.engine.limits import CallLimits
from switchboard.engine.outputs import CallResult, Output, output_for
from switchboard.engine.pages import split_page
from switchboard.engine.paginators import Paginator, paginator_for
from switchboard.engine.progress import dry_run_result, stopped_early
from switchboard.engine.request import build_raw_request, build_request, raw_answer
from switchboard.engine.request.templates import with_properties
from switchboard.engine.retry import retry_policy_for
from switchboard.engine.stats import CallStats
from switchboard.engine.stream import Resume, StreamPage, page_stream
from switchboard.engine.trace import Redactor
from switchboard.engine.upstream import checked_success
from switchboard.errors import RateLimited, SwitchboardError, UpstreamError, UpstreamProtocolError
from switchboard.http import AsyncTransport, Budget, OutboundRequest, UpstreamResponse
from switchboard.ratelimit import RateLimiter

log = logging.getLogger("switchboard.calls")


@dataclass(frozen=True, slots=True)
class CallMode:
    """How a call runs: ``trace`` keeps the exchanges (``/test/``), ``dry_run`` sends nothing,
    ``idempotency_key`` goes upstream in the connector's own idempotency header, if it has one."""

    trace: bool = False
    dry_run: bool = False
    idempotency_key: str | None = None


class Engine:
    """Executes method calls; one per process, sharing the transport and the rate limiter."""

    def __init__(self, transport: AsyncTransport, limiter: RateLimiter, limits: CallLimits) -> None:
        self.limits = limits
        self._executor = Executor(
            transport,
            limiter,
            max_rate_limit_wait=limits.max_rate_limit_wait,
            max_timeout_retries=limits.max_timeout_retries,
        )

    async def call(
        self,
        connection: Connection,
        method_ref: str,
        inputs: CallInputs,
        *,
        trace: bool = False,
        mode: CallMode | None = None,
        stats: CallStats | None = None,
    ) -> CallResult:
        """Call the method named by ``method_ref`` (numeric Id or MethodUniqueIdentifier).

        Invalid inputs raise ``InputError`` before anything is sent; upstream failures raise
        ``UpstreamError``. With ``trace`` the exchanges ride on the result (with the redactor that
        knows every secret the call used) or, already redacted, on the error. A dry run answers
        the first request the call would send, signed and redacted, and sends nothing. ``stats``,
        when given, is filled in with what the call spent, whether it succeeds or fails.
        """
        mode = mode or CallMode(trace=trace)
        stats = stats if stats is not None else CallStats()
        started = time.monotonic()
        stats.connector_key = connection.connector.key
        # Before anything can fail (a bad input's 400, a connection's 409): the call log names whose call it was.
        stats.account_connector_id = connection.scope.account_connector_id
        try:
            return await self._call(connection, method_ref, inputs, mode, stats, started)
        finally:
            stats.duration = time.monotonic() - started

    async def _call(
        self,
        connection: Connection,
        method_ref: str,
        inputs: CallInputs,
        mode: CallMode,
        stats: CallStats,
        started: float,
    ) -> CallResult:
        trace = mode.trace
        connector = connection.connector
        method = connector.method(method_ref)
        stats.method_id = method.unique_id
        stats.method_name = method.definition.name
        bound = inputs.bind(method, connector.definition)
        # Base URL and headers may name the account connector's Properties (a per-connection host or tenant).
        resolved = with_properties(connector.definition, connection.properties)
        retry = retry_policy_for(
            connector.definition.retry, max_retries=self.limits.max_retries, max_retry_after=self.limits.max_retry_after
        )
        budget = Budget(
            deadline=started + self.limits.call_timeout,
            max_bytes=self.limits.max_response_bytes,
            seconds=self.limits.call_timeout,
        )
        keep = trace or stats.keep_exchanges
        state = CallState(
            connector,
            connection.authenticator(),
            connection.scope,
            retry,
            budget,
            [] if keep else None,
            stats,
            None if trace else stats.body_cap,
        )
        state.property_secrets = tuple(connection.secrets())
        state.max_requests = connector.definition.max_upstream_requests or self.limits.max_upstream_requests
        outcome = "ok"
        try:
            result = await self._run(state, method, bound, resolved, mode)
        except Exception as exc:
            outcome = f"{type(exc).__name__}:{getattr(exc, 'status', '')}"
            if isinstance(exc, SwitchboardError) and state.exchanges is not None:
                redactor = Redactor(state.secrets())
                stats.redactor = redactor
                if trace:
                    exc.exchanges = [redactor.exchange(e) for e in state.exchanges]  # redacted, ready to show
            raise
        finally:
            stats.pages, stats.records, stats.bytes = budget.pages, budget.records, budget.used_bytes
            if state.exchanges is not None:
                stats.exchanges = state.exchanges
            log.debug(
                "call connector=%s method=%s account_connector=%s pages=%d outcome=%s ms=%.1f",
                connector.key,
                method.unique_id,
                state.scope.account_connector_id,
                budget.pages,
                outcome,
                (time.monotonic() - started) * 1000,
            )
        result.exchanges = state.exchanges or []
        if keep:
            result.redactor = stats.redactor = Redactor(state.secrets())
        result.timings = {"limiter": state.limiter_seconds, "upstream": state.upstream_seconds}
        return result

    async def _run(
        self, state: CallState, method: Method, inputs: BoundInputs, connector: ConnectorDef, mode: CallMode
    ) -> CallResult:
        definition = method.definition
        if isinstance(definition.output, StaticOutput):
            if mode.dry_run:
                return await dry_run_result(state, None)
            options = [{"text": o.text, "value": o.value} for o in definition.output.options]
            return CallResult(body=orjson.dumps({"result": options}))
        if definition.raw_http:
            request = _with_key(
                build_raw_request(inputs, connector.base_url, definition.verb, definition.path), state, mode
            )
            if mode.dry_run:
                return await dry_run_result(state, request)
            response = await self._executor.send(state, request, raise_errors=False)
            return CallResult(body=raw_answer(response, inputs))
        request = _with_key(build_request(connector, method, inputs, connector.base_url), state, mode)
        paginator = paginator_for(method.pagination) if method.pagination else None
        records_path = paginator.records_path if paginator else None
        if paginator is not None and paginator.is_single_page(request):
            paginator = None
        if mode.dry_run:
            return await dry_run_result(state, paginator.first(request) if paginator else request)
        output = output_for(definition.output, paginator, connector.pagination)
        if output is None:  # one answer, passed on as it came: one page, and its records when it is a list
            result, state.budget.records = checked_success(
                state.connector, await self._executor.send(state, request), records_path
            )
            state.budget.pages = 1
            return result
        try:
            await self._collect(state, request, paginator, output)
        except BaseException:
            output.discard()
            raise
        return output.result()

    async def _collect(
        self, state: CallState, request: OutboundRequest, paginator: Paginator | None, output: Output
    ) -> None:
        """Fetch every page into ``output``; page n+1 is on the wire while page n is shaped."""
        budget = state.budget
        first = paginator.first(request) if paginator else request
        fetch: asyncio.Task[UpstreamResponse] | None = asyncio.ensure_future(self._executor.send(state, first))
        current = first
        try:
            while fetch is not None:
                try:
                    response = await fetch
                except (RateLimited, UpstreamError) as exc:
                    stopped_early(exc, budget, first, current)  # raises with how far it got and how to go on
                    raise
                fetch = None
                budget.pages += 1
                page = split_page(response.body, output.records_path, budget.pages)
                # Read the next pointer before the output takes the page (it clears the pointer).
                following = paginator.advance(current, page.document, len(page.records)) if paginator else None
                if following is not None:
                    if budget.pages >= self.limits.max_pages:
                        raise UpstreamProtocolError(
                            f"The answer has more than {self.limits.max_pages} pages (the per-call limit); "
                            "narrow the request with filters or ask for a page",
                            status=502,
                        )
                    fetch = asyncio.ensure_future(self._executor.send(state, following))
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

    def pages(
        self,
        connection: Connection,
        method_ref: str,
        inputs: CallInputs,
        *,
        query: Mapping[str, str] | None = None,
        resume: Resume | None = None,
        limits: CallLimits | None = None,
        stats: CallStats | None = None,
    ) -> AsyncIterator[StreamPage]:
        """A paged list method one page at a time (``engine.stream``), under ``limits`` (default: a call's)."""
        return page_stream(
            self._executor,
            limits or self.limits,
            connection,
            method_ref,
            inputs,
            query=query,
            resume=resume,
            stats=stats if stats is not None else CallStats(),
        )

    async def close(self) -> None:
        await self._executor.close()


def _with_key(request: OutboundRequest, state: CallState, mode: CallMode) -> OutboundRequest:
    header = state.connector.definition.idempotency_header
    return request.with_header(header, mode.idempotency_key) if header and mode.idempotency_key else request


async def _until_sent(fetch: asyncio.Task[UpstreamResponse]) -> None:
    """Let a just-started fetch run up to its wait for the answer, so shaping overlaps the network."""
    for _ in range(8):  # pacing, authentication, taking a pooled connection, writing the request
        if fetch.done():
            return
        await asyncio.sleep(0)


__all__ = ["CallLimits", "CallMode", "Engine"]
