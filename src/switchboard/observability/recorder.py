"""Recording a method call from one place, whichever edge made it (REST, legacy GET, /test/, MCP tools).

``Recorder.call`` runs ``Engine.call`` and, whatever the outcome, moves the metrics and queues the
call for the call log, whose thread writes the call's log line too (without a call log, it is
written here); for a call that succeeded, just after its answer is written. It takes no framework
objects, so a pure-ASGI route or an MCP tool can call it the same way.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from switchboard.engine.call import CallLimits, CallMode, Engine
from switchboard.engine.connection import Connection
from switchboard.engine.inputs import CallInputs
from switchboard.engine.outputs import CallResult
from switchboard.engine.stats import CallStats
from switchboard.engine.stream import Resume, StreamPage
from switchboard.errors import SwitchboardError
from switchboard.observability import metrics, tracing
from switchboard.observability.calllog import CallLogWriter, FinishedCall, log_call
from switchboard.observability.tally import Tally

log_calls = logging.getLogger("switchboard.calls")


@dataclass(frozen=True, slots=True)
class CallContext:
    """Who made a call and how: ``kind`` is ``rest``, ``body``, ``legacy``, ``test``, ``tool`` or ``sync``."""

    request_id: str
    partner_id: int
    account_api_id: str
    kind: str


class Recorder:
    """Metrics, a log line and a call log entry for every call; the log is optional (``writer`` None).

    On the call's path: a few additions (``tally``: folded into Prometheus at /metrics), one small object queued. The
    row, the redaction, the log line and the insert happen on the writer's thread.
    """

    def __init__(self, writer: CallLogWriter | None, body_bytes: int = 16 * 1024) -> None:
        self.writer = writer
        self._body_bytes = body_bytes
        self._tally = Tally()

    async def call(
        self,
        engine: Engine,
        context: CallContext,
        connection: Connection,
        method_ref: str,
        inputs: CallInputs,
        *,
        mode: CallMode | None = None,
    ) -> CallResult:
        stats = CallStats(keep_exchanges=self.writer is not None, body_cap=self._body_bytes, tracer=tracing.tracer())
        started_at = time.time()
        try:
            if stats.tracer is None:  # tracing off: no span, nor its attributes
                result = await engine.call(connection, method_ref, inputs, mode=mode, stats=stats)
            else:
                with tracing.span("switchboard.call", **{"switchboard.request_id": context.request_id}) as span:
                    result = await engine.call(connection, method_ref, inputs, mode=mode, stats=stats)
                    span.set_attributes(_span_attributes(stats, result.status))
        except Exception as exc:
            self._finish(context, stats, started_at, *_failure(exc, odd_status=502))
            await self._room()
            raise
        if result.streaming and result.chunks is not None:  # NDJSON: the call ends with its stream
            result.chunks = self._streamed(result.chunks, context, stats, started_at, result.status)
            return result
        # After the answer: the task writes it before the loop runs this, so the caller does not wait for
        # the metrics and the call log's entry (a later request on the loop finds them done).
        asyncio.get_running_loop().call_soon(self._finish, context, stats, started_at, result.status, None, None)
        await self._room()
        return result

    async def _room(self) -> None:
        """Back-pressure: with the writer's queue full, this answer waits for it rather than its row being lost."""
        if self.writer is not None and self.writer.full:
            await self.writer.room()

    async def _streamed(
        self, chunks: AsyncIterator[bytes], context: CallContext, stats: CallStats, started_at: float, status: int
    ) -> AsyncIterator[bytes]:
        error_type, message = None, None
        try:
            async for chunk in chunks:
                yield chunk
        except Exception as exc:
            status, error_type, message = _failure(exc)
            raise
        finally:
            if isinstance(chunks, AsyncGenerator):
                await chunks.aclose()  # a caller gone mid-answer: the pages in flight are cancelled now
            self._finish(context, stats, started_at, status, error_type, message)

    async def pages(
        self,
        engine: Engine,
        context: CallContext,
        connection: Connection,
        method_ref: str,
        inputs: CallInputs,
        *,
        query: Mapping[str, str] | None = None,
        resume: Resume | None = None,
        limits: CallLimits | None = None,
    ) -> AsyncIterator[StreamPage]:
        """``Engine.pages``, recorded as one call (a sync run: kind ``sync``) when the stream ends, however it ends."""
        stats = CallStats(keep_exchanges=self.writer is not None, body_cap=self._body_bytes)
        started_at = time.time()
        status, error_type, message = 200, None, None
        try:
            stream = engine.pages(
                connection, method_ref, inputs, query=query, resume=resume, limits=limits, stats=stats
            )
            async for page in stream:
                yield page
        except Exception as exc:
            status, error_type, message = _failure(exc)
            raise
        finally:
            self._finish(context, stats, started_at, status, error_type, message)

    def _finish(
        self,
        context: CallContext,
        stats: CallStats,
        started_at: float,
        status: int,
        error_type: str | None,
        error: str | None,
    ) -> None:
        ok = error_type is None
        connector = stats.connector_key or "unknown"
        outcome = "ok" if ok else _outcome(status, error_type)
        tally = self._tally  # plain numbers now, folded into the Prometheus children when /metrics renders
        by_connector = (connector,)
        tally.inc(metrics.CALLS, (connector, stats.method_id or "unknown", outcome))
        tally.observe(metrics.CALL_SECONDS, by_connector, stats.duration)
        if stats.requests:
            tally.inc(metrics.UPSTREAM_REQUESTS, by_connector, stats.requests)
            for seconds in stats.latencies:  # one per upstream request: one for most calls
                tally.observe(metrics.UPSTREAM_SECONDS, by_connector, seconds)
        if stats.retries:
            tally.inc(metrics.RETRIES, by_connector, stats.retries)
        if stats.throttled:
            tally.inc(metrics.THROTTLED, by_connector, stats.throttled)
        if stats.limiter_seconds:  # every call: the wait for a slot, however short
            tally.inc(metrics.PACING_SECONDS, by_connector, stats.limiter_seconds)
        if stats.refreshes:
            tally.inc(metrics.REFRESHES, (connector, "ok"), stats.refreshes)
        if stats.refresh_failures:
            tally.inc(metrics.REFRESHES, (connector, "failed"), stats.refresh_failures)
        finished = FinishedCall(
            context.request_id,
            context.partner_id,
            context.account_api_id,
            context.kind,
            status,
            ok,
            error,
            error_type,
            started_at,
            stats,
            outcome,
        )
        if self.writer is not None:
            self.writer.add(finished)  # the writer's thread logs its line too
        elif log_calls.isEnabledFor(logging.INFO):
            log_call(finished)


def _span_attributes(stats: CallStats, status: int) -> dict[str, Any]:
    return {
        "switchboard.connector": stats.connector_key,
        "switchboard.method": stats.method_id,
        "switchboard.account_connector_id": stats.account_connector_id,
        "switchboard.pages": stats.pages,
        "switchboard.records": stats.records,
        "http.response.status_code": status,
    }


def _outcome(status: int, error_type: str | None) -> str:
    """A small, fixed set of label values: ``ok``, ``client_error``, ``upstream_error``, ``error``."""
    if error_type and error_type.startswith("Upstream"):
        return "upstream_error"
    if 400 <= status < 500:
        return "client_error"
    return "error"


def _failure(exc: Exception, odd_status: int = 500) -> tuple[int, str, str]:
    """A failed call's status, error type and message; ``odd_status`` for an error with no HTTP status."""
    if not isinstance(exc, SwitchboardError):
        return 500, type(exc).__name__, "internal error"
    return (exc.status if 400 <= exc.status < 600 else odd_status), type(exc).__name__, exc.message
