"""Writing the call log off the request path: a bounded queue, batched inserts, a retention job.

A call's recorder hands a finished call to ``CallLogWriter.add`` (no I/O, no await); a
background task redacts its exchanges, cuts their bodies and writes batches. ``close`` writes
whatever is still queued, so a graceful shutdown loses nothing. When the queue is full (the
store is down or far behind) calls are counted as dropped rather than slowing callers.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from switchboard.engine.stats import CallStats
from switchboard.observability import metrics
from switchboard.store.calls import expire_calls, insert_calls
from switchboard.store.db import Database

log = logging.getLogger("switchboard.calllog")


@dataclass(frozen=True, slots=True)
class CallLogWindows:
    """How long rows and their exchanges are kept, in seconds; failed calls longer."""

    ok: float = 7 * 86400
    failed: float = 30 * 86400
    exchanges_ok: float = 86400
    exchanges_failed: float = 7 * 86400
    body_bytes: int = 16 * 1024


@dataclass(slots=True)
class FinishedCall:
    """What the recorder knows once a call is over; turned into a row by the writer."""

    request_id: str
    partner_id: int
    account_api_id: str
    kind: str
    status: int
    ok: bool
    error: str | None
    error_type: str | None
    started_at: datetime
    stats: CallStats


class CallLogWriter:
    """One per process; ``add`` never blocks, ``flush`` writes, ``close`` drains."""

    def __init__(
        self,
        db: Database,
        windows: CallLogWindows,
        *,
        max_queue: int = 10_000,
        batch: int = 200,
        interval: float = 0.25,
        retention_interval: float = 300.0,
    ) -> None:
        self._db = db
        self.windows = windows
        self._queue: deque[FinishedCall] = deque()
        self._max_queue = max_queue
        self._batch = batch
        self._interval = interval
        self._retention_interval = retention_interval
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._closed = False

    def add(self, call: FinishedCall) -> None:
        if len(self._queue) >= self._max_queue:
            metrics.CALL_LOG_DROPPED.inc()
            return
        self._queue.append(call)
        metrics.CALL_LOG_QUEUE.inc()
        if not self._tasks and not self._closed:
            self._start()
        if len(self._queue) >= self._batch:
            self._wake.set()

    def _start(self) -> None:
        self._tasks = [asyncio.create_task(self._writer()), asyncio.create_task(self._retention())]

    async def _writer(self) -> None:
        while True:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._interval)
            self._wake.clear()
            await self.flush()

    async def _retention(self) -> None:
        while True:
            await self.expire()
            await asyncio.sleep(self._retention_interval)

    async def flush(self) -> int:
        """Write everything queued now, in batches; a failed batch is logged and dropped (bounded)."""
        written = 0
        while self._queue:
            calls = [self._queue.popleft() for _ in range(min(self._batch, len(self._queue)))]
            metrics.CALL_LOG_QUEUE.dec(len(calls))
            rows = []
            for call in calls:
                rows.append(self._row(call))
                # Redacting a row (up to 50 exchanges) is CPU work on this loop: calls in flight go first.
                await asyncio.sleep(0)
            try:
                async with self._db.session() as session:
                    await insert_calls(session, rows)
                written += len(rows)
            except Exception as exc:  # the store is down: the calls themselves went fine
                metrics.CALL_LOG_DROPPED.inc(len(rows))
                log.warning("call log: %d calls not written: %s", len(rows), type(exc).__name__)
        return written

    async def expire(self, now: datetime | None = None) -> tuple[int, int]:
        """Delete rows and drop exchanges past their windows."""
        try:
            async with self._db.session() as session:
                return await expire_calls(session, now or datetime.now(UTC))
        except Exception as exc:
            log.warning("call log retention failed: %s", type(exc).__name__)
            return 0, 0

    async def close(self) -> None:
        self._closed = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self.flush()

    def _row(self, call: FinishedCall) -> dict[str, Any]:
        s, w = call.stats, self.windows
        exchanges = None
        if s.exchanges and s.redactor is not None:
            exchanges = [_cut(s.redactor.exchange(e), w.body_bytes) for e in s.exchanges]
        error = s.redactor.text(call.error) if call.error and s.redactor else call.error
        return {
            "request_id": call.request_id,
            "partner_id": call.partner_id,
            "account_api_id": call.account_api_id,
            "account_connector_id": s.account_connector_id,
            "connector_key": s.connector_key,
            "method_id": s.method_id,
            "method_name": s.method_name,
            "kind": call.kind,
            "status": call.status,
            "ok": call.ok,
            "error": error[:4000] if error else None,
            "error_type": call.error_type,
            "upstream_status": s.upstream_status,
            "started_at": call.started_at,
            "duration_ms": round(s.duration * 1000, 2),
            "requests": s.requests,
            "pages": s.pages,
            "records": s.records,
            "bytes": s.bytes,
            "retries": s.retries,
            "throttled": s.throttled,
            "limiter_ms": round(s.limiter_seconds * 1000, 2),
            "exchanges": exchanges,
            "exchanges_expire_at": call.started_at
            + timedelta(seconds=w.exchanges_ok if call.ok else w.exchanges_failed),
            "expires_at": call.started_at + timedelta(seconds=w.ok if call.ok else w.failed),
        }


def _cut(exchange: dict[str, Any], cap: int) -> dict[str, Any]:
    """Bodies over ``cap`` bytes (as JSON text) become their first ``cap`` bytes and a note."""
    for part in (exchange.get("Request"), exchange.get("Response")):
        if not part or part.get("Body") is None:
            continue
        body = part["Body"]
        text = body if isinstance(body, str) else orjson.dumps(body).decode()
        if len(text.encode()) > cap:
            part["Body"] = text.encode()[:cap].decode(errors="ignore") + f"... [cut at {cap} bytes]"
    return exchange
