"""Recording a method call from one place, whichever edge made it (REST, legacy GET, /test/, MCP tools).

``Recorder.call`` runs ``Engine.call`` and, whatever the outcome, moves the metrics, writes one
log line and queues the call for the call log. It takes no framework objects, so a pure-ASGI
route or an MCP tool can call it the same way.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from switchboard.engine.call import CallLimits, CallMode, Engine
from switchboard.engine.connection import Connection
from switchboard.engine.inputs import CallInputs
from switchboard.engine.outputs import CallResult
from switchboard.engine.stats import CallStats
from switchboard.engine.stream import Resume, StreamPage
from switchboard.errors import SwitchboardError
from switchboard.observability import metrics, tracing
from switchboard.observability.calllog import CallLogWriter, FinishedCall

log = logging.getLogger("switchboard.calls")


@dataclass(frozen=True, slots=True)
class CallContext:
    """Who made a call and how: ``kind`` is ``rest``, ``body``, ``legacy``, ``test``, ``tool`` or ``sync``."""

    request_id: str
    partner_id: int
    account_api_id: str
    kind: str


class Recorder:
    """Metrics, a log line and a call log entry for every call; the log is optional (``writer`` None)."""

    def __init__(self, writer: CallLogWriter | None, body_bytes: int = 16 * 1024) -> None:
        self.writer = writer
        self._body_bytes = body_bytes

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
        started_at = datetime.now(UTC)
        try:
            with tracing.span("switchboard.call", **{"switchboard.request_id": context.request_id}) as span:
                result = await engine.call(connection, method_ref, inputs, mode=mode, stats=stats)
                if span is not None:
                    span.set_attributes(_span_attributes(stats, result.status))
        except Exception as exc:
            status = exc.status if isinstance(exc, SwitchboardError) and 400 <= exc.status < 600 else 502
            if not isinstance(exc, SwitchboardError):
                status = 500
            message = exc.message if isinstance(exc, SwitchboardError) else "internal error"
            self._finish(context, stats, started_at, status, type(exc).__name__, message)
            raise
        if result.streaming and result.chunks is not None:  # NDJSON: the call ends with its stream
            result.chunks = self._streamed(result.chunks, context, stats, started_at, result.status)
            return result
        self._finish(context, stats, started_at, result.status, None, None)
        return result

    async def _streamed(
        self, chunks: AsyncIterator[bytes], context: CallContext, stats: CallStats, started_at: datetime, status: int
    ) -> AsyncIterator[bytes]:
        error_type, message = None, None
        try:
            async for chunk in chunks:
                yield chunk
        except Exception as exc:
            status = exc.status if isinstance(exc, SwitchboardError) and 400 <= exc.status < 600 else 500
            error_type = type(exc).__name__
            message = exc.message if isinstance(exc, SwitchboardError) else "internal error"
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
        started_at = datetime.now(UTC)
        status, error_type, message = 200, None, None
        try:
            stream = engine.pages(
                connection, method_ref, inputs, query=query, resume=resume, limits=limits, stats=stats
            )
            async for page in stream:
                yield page
        except Exception as exc:
            status = exc.status if isinstance(exc, SwitchboardError) and 400 <= exc.status < 600 else 500
            error_type = type(exc).__name__
            message = exc.message if isinstance(exc, SwitchboardError) else "internal error"
            raise
        finally:
            self._finish(context, stats, started_at, status, error_type, message)

    def _finish(
        self,
        context: CallContext,
        stats: CallStats,
        started_at: datetime,
        status: int,
        error_type: str | None,
        error: str | None,
    ) -> None:
        ok = error_type is None
        connector = stats.connector_key or "unknown"
        outcome = "ok" if ok else _outcome(status, error_type)
        metrics.CALLS.labels(connector, stats.method_id or "unknown", outcome).inc()
        metrics.CALL_SECONDS.labels(connector).observe(stats.duration)
        if stats.requests:
            metrics.UPSTREAM_REQUESTS.labels(connector).inc(stats.requests)
            upstream = metrics.UPSTREAM_SECONDS.labels(connector)
            for seconds in stats.latencies:
                upstream.observe(seconds)
        if stats.retries:
            metrics.RETRIES.labels(connector).inc(stats.retries)
        if stats.throttled:
            metrics.THROTTLED.labels(connector).inc(stats.throttled)
        if stats.limiter_seconds:
            metrics.PACING_SECONDS.labels(connector).inc(stats.limiter_seconds)
        if stats.refreshes:
            metrics.REFRESHES.labels(connector, "ok").inc(stats.refreshes)
        if stats.refresh_failures:
            metrics.REFRESHES.labels(connector, "failed").inc(stats.refresh_failures)
        log.info(
            "call %s %s %s",
            status,
            stats.method_name or stats.method_id,
            outcome,
            extra={
                "request_id": context.request_id,
                "partner": context.partner_id,
                "account_connector": stats.account_connector_id,
                "connector": connector,
                "method": stats.method_id,
                "kind": context.kind,
                "status": status,
                "outcome": outcome,
                "upstream_status": stats.upstream_status,
                "requests": stats.requests,
                "pages": stats.pages,
                "records": stats.records,
                "retries": stats.retries,
                "ms": round(stats.duration * 1000, 1),
            },
        )
        if self.writer is not None:
            self.writer.add(
                FinishedCall(
                    request_id=context.request_id,
                    partner_id=context.partner_id,
                    account_api_id=context.account_api_id,
                    kind=context.kind,
                    status=status,
                    ok=ok,
                    error=error,
                    error_type=error_type,
                    started_at=started_at,
                    stats=stats,
                )
            )


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
