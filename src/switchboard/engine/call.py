"""The call pipeline: bind, build, then pace-sign-send-retry, paginate and shape (steps 3-10).

Steps 1-2 (who is calling, for which account connector, from an allowed address) belong to
the caller's edge (``api``, ``mcp``); the connection comes in resolved. Each stage lives in
its own module: ``inputs/`` binds, ``request/`` builds, ``executor`` sends, ``paginators/``
pages, ``upstream`` classifies answers, ``outputs/`` shapes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

import orjson

from switchboard.auth.base import Authenticator
from switchboard.catalog.models import ConnectorDef, DdlOutput, RetryDef, StaticOutput
from switchboard.catalog.registry import Connector, Method
from switchboard.engine.connection import Connection
from switchboard.engine.executor import CallState, Executor
from switchboard.engine.flow import page_flow
from switchboard.engine.inputs import BoundInputs, CallInputs
from switchboard.engine.limits import CallLimits
from switchboard.engine.outputs import NDJSON, CallResult, Output, ndjson_lines, output_for
from switchboard.engine.pages import Page
from switchboard.engine.paginators import paginator_for
from switchboard.engine.progress import dry_run_result
from switchboard.engine.request import build_raw_request, build_request, raw_answer
from switchboard.engine.request.templates import with_properties
from switchboard.engine.retry import RetryPolicy, retry_policy_for
from switchboard.engine.stats import CallStats
from switchboard.engine.stream import Resume, StreamPage, page_stream
from switchboard.engine.trace import Redactor
from switchboard.engine.upstream import checked_success
from switchboard.engine.verify import Verdict, check
from switchboard.errors import SwitchboardError, UpstreamError, UpstreamProtocolError
from switchboard.http import AsyncTransport, Budget, OutboundRequest
from switchboard.ratelimit import LimitScope, RateLimiter

log = logging.getLogger("switchboard.calls")


@dataclass(frozen=True, slots=True)
class CallMode:
    """How a call runs: ``trace`` keeps the exchanges (``/test/``), ``dry_run`` sends nothing,
    ``idempotency_key`` goes upstream in the connector's own idempotency header, if it has one,
    ``stream`` answers a list as NDJSON while its pages arrive (not for traced calls)."""

    trace: bool = False
    dry_run: bool = False
    idempotency_key: str | None = None
    stream: bool = False  # a paged list answers NDJSON, a record a line, sent as pages arrive


class Engine:
    """Executes method calls; one per process, sharing the transport and the rate limiter."""

    def __init__(self, transport: AsyncTransport, limiter: RateLimiter, limits: CallLimits) -> None:
        self.limits = limits
        self._policies: dict[int, tuple[RetryDef, RetryPolicy]] = {}
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
        scope = connection.scope  # built once per call: it asks for the connection's OAuth app
        stats.account_connector_id = scope.account_connector_id
        try:
            return await self._call(connection, scope, method_ref, inputs, mode, stats, started)
        finally:
            stats.duration = time.monotonic() - started

    async def _call(
        self,
        connection: Connection,
        scope: LimitScope,
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
        retry = self._retry_policy(connector.definition.retry)
        budget = Budget(
            deadline=started + self.limits.call_timeout,
            max_bytes=self.limits.max_response_bytes,
            seconds=self.limits.call_timeout,
        )
        keep = trace or stats.keep_exchanges
        state = CallState(
            connector,
            connection.authenticator(),
            scope,
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
            result = await self._run(state, method, bound, resolved, mode, started)
        except Exception as exc:
            outcome = f"{type(exc).__name__}:{getattr(exc, 'status', '')}"
            if isinstance(exc, UpstreamError):
                _redact_upstream(exc, state.secrets())
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
            if log.isEnabledFor(logging.DEBUG):
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
        # Always on the result (an answer may repeat a secret: a tool's answer is redacted with it before a model
        # reads it); on the stats only when exchanges are kept, for the call log.
        result.redactor = Redactor(state.secrets())
        if keep:
            stats.redactor = result.redactor
        result.timings = {"limiter": state.limiter_seconds, "upstream": state.upstream_seconds}
        return result

    def _retry_policy(self, definition: RetryDef) -> RetryPolicy:
        """The connector's retry policy (stateless), built once per definition rather than per call."""
        found = self._policies.get(id(definition))
        if found is not None and found[0] is definition:
            return found[1]
        policy = retry_policy_for(
            definition, max_retries=self.limits.max_retries, max_retry_after=self.limits.max_retry_after
        )
        if len(self._policies) >= 4096:  # definitions are few and long-lived: a guard
            self._policies.clear()
        self._policies[id(definition)] = (definition, policy)
        return policy

    async def _run(
        self,
        state: CallState,
        method: Method,
        inputs: BoundInputs,
        connector: ConnectorDef,
        mode: CallMode,
        started: float,
    ) -> CallResult:
        definition = method.definition
        if isinstance(definition.output, StaticOutput):
            if mode.dry_run:
                return await dry_run_result(state, None)
            options = [{"text": o.text, "value": o.value} for o in definition.output.options]
            return CallResult(body=orjson.dumps({"result": options}))
        if definition.raw_http:
            request = _with_key(build_raw_request(inputs, connector, definition.verb, definition.path), state, mode)
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
        first = paginator.first(request) if paginator else request
        parallel = method.pagination.parallel if method.pagination else 1
        if mode.stream and not mode.trace and records_path is not None and not isinstance(definition.output, DdlOutput):
            flow = page_flow(
                self._executor,
                state,
                paginator,
                first,
                records_path,
                max_pages=self.limits.max_pages,
                parallel=parallel,
            )
            return await self._stream(state, flow, started)
        output = output_for(definition.output, paginator, connector.pagination)
        if output is None:  # one answer, passed on as it came: one page, and its records when it is a list
            result, state.budget.records = checked_success(
                state.connector, await self._executor.send(state, request), records_path
            )
            state.budget.pages = 1
            return result
        flow = page_flow(
            self._executor,
            state,
            paginator,
            first,
            output.records_path,
            max_pages=self.limits.max_pages,
            parallel=parallel,
        )
        try:
            await self._collect(state, flow, output)
        except BaseException:
            output.discard()
            raise
        return output.result()

    async def _collect(self, state: CallState, flow: AsyncGenerator[Page], output: Output) -> None:
        """Every page into ``output``, in order (``engine.flow``: the next pages travel while one is shaped)."""
        budget = state.budget
        async with aclosing(flow) as pages:
            async for page in pages:
                budget.records += output.add_page(page, budget.pages)
                if budget.records > self.limits.max_records:
                    raise _too_many_records(self.limits.max_records)

    async def _stream(self, state: CallState, flow: AsyncGenerator[Page], started: float) -> CallResult:
        """An NDJSON answer sent as pages come; the first page is in before it starts, so a failure
        there is still a plain error answer."""
        try:
            page = await anext(flow)
        except BaseException:
            await flow.aclose()
            raise
        state.budget.records = len(page.records)
        return CallResult(content_type=NDJSON, chunks=self._lines(state, flow, page, started), streaming=True)

    async def _lines(
        self, state: CallState, flow: AsyncGenerator[Page], page: Page, started: float
    ) -> AsyncIterator[bytes]:
        budget, stats = state.budget, state.stats
        try:
            async with aclosing(flow) as pages:
                while True:  # the next page is already on its way when this one is sent (engine.flow)
                    chunk = ndjson_lines(page.records)
                    if chunk:
                        yield chunk
                    following = await anext(pages, None)
                    if following is None:
                        return
                    page = following
                    budget.records += len(page.records)
                    if budget.records > self.limits.max_records:
                        raise _too_many_records(self.limits.max_records)
        except UpstreamError as exc:  # a later page's error ends the answer with its body: redacted too
            _redact_upstream(exc, state.secrets())
            raise
        finally:  # the call ends with its stream: what it spent is known now
            stats.pages, stats.records, stats.bytes = budget.pages, budget.records, budget.used_bytes
            stats.duration = time.monotonic() - started

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

    async def verify(
        self, connector: Connector, auth: Authenticator, properties: dict[str, Any], scope: LimitScope
    ) -> Verdict | None:
        """The connector's credentials check (``verify:``) for ``auth``, bounded by ``limits.verify_timeout``;
        None when it names none."""
        return await check(
            self._executor,
            connector,
            auth,
            properties,
            scope,
            seconds=self.limits.verify_timeout,
            max_retries=min(1, self.limits.max_retries),
        )

    async def close(self) -> None:
        await self._executor.close()


def _with_key(request: OutboundRequest, state: CallState, mode: CallMode) -> OutboundRequest:
    header = state.connector.definition.idempotency_header
    return request.with_header(header, mode.idempotency_key) if header and mode.idempotency_key else request


def _too_many_records(most: int) -> UpstreamProtocolError:
    return UpstreamProtocolError(f"The answer has more than {most} records (the per-call limit)", status=502)


__all__ = ["CallLimits", "CallMode", "Engine"]


def _redact_upstream(exc: UpstreamError, secrets: list[str]) -> None:
    """A provider's error that repeats the call's credentials (an echoed header, a URL with its key) is relayed
    to the caller, and through a tool to a model: the secrets in its words and body are redacted first."""
    redactor = Redactor(secrets)
    if exc.body:
        text = exc.body.decode("utf-8", errors="replace")
        redacted = redactor.text(text)
        if redacted != text:
            exc.body = redacted.encode()
    exc.message = redactor.text(exc.message)
