"""Writing the call log off the event loop that serves calls: a writer thread, bulk inserts, retention.

The recorder hands each finished call to ``CallLogWriter.add``: a deque append, with no I/O, no
await, no dict and no JSON. A thread with its own event loop and its own database engine drains
the deque in batches: it builds the rows (redacting and cutting the exchanges that are kept),
writes each batch with one ``executemany`` (``store.calls.CallInserter``), logs each call's line and
runs the retention job. Successful calls keep their exchanges only for a sampled fraction
(``sample``); failed and ``/test/`` calls always keep theirs; every call gets its summary row.

Nothing is dropped for being fast: past ``max_queue`` queued calls the recorder awaits ``room()``
(back-pressure, counted), so callers slow to the writer's pace. Only past ``max_queue + IN_FLIGHT``
(the store down or stuck) are calls dropped, counted in ``switchboard_call_log_dropped_total``. ``close``
writes whatever is still queued, so a graceful shutdown loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from switchboard.engine.stats import CallStats
from switchboard.observability import metrics
from switchboard.store.calls import CallInserter, expire_calls
from switchboard.store.db import Database

log = logging.getLogger("switchboard.calllog")
call_log = logging.getLogger("switchboard.calls")

# Queued calls past ``max_queue`` before any is dropped: calls in flight that found room add theirs.
IN_FLIGHT = 10_000
# The longest a thread holding the GIL keeps the serving loop waiting for it (CPython's default is 5 ms).
SWITCH_INTERVAL = 0.001


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
    """What the recorder knows once a call is over (``started_at`` in epoch seconds); the writer makes the row."""

    request_id: str
    partner_id: int
    account_api_id: str
    kind: str
    status: int
    ok: bool
    error: str | None
    error_type: str | None
    started_at: float
    stats: CallStats
    outcome: str = "ok"


class CallLogWriter:
    """One per process; ``add`` never blocks nor awaits, ``room`` is the back-pressure, ``close`` drains."""

    def __init__(
        self,
        db: Database,
        windows: CallLogWindows,
        *,
        sample: float = 0.01,
        max_queue: int = 10_000,
        batch: int = 1000,
        interval: float = 0.1,
        retention_interval: float = 300.0,
        max_wait: float = 10.0,
    ) -> None:
        self._db = db
        self.windows = windows
        self.sample = sample
        self._queue: deque[FinishedCall] = deque()  # append and popleft are atomic: no lock on the call path
        self._max_queue = max_queue
        # Callers already past the check each add one more: room for every call in flight on a worker.
        self._hard_limit = max_queue + IN_FLIGHT
        self._batch = batch
        self._wake_at = min(batch, max_queue)
        self._interval = interval
        self._retention_interval = retention_interval
        self._max_wait = max_wait
        self._wake = threading.Event()  # the writer's: more to write, or someone waits
        self._progress = asyncio.Event()  # the waiters': a batch was written (set through their loop)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting = 0
        self._thread: threading.Thread | None = None
        self._closing = False
        self._added = 0  # counted by the serving loop
        self._done = 0  # counted by the writer thread: written, or dropped by a failed batch
        self._keep_ok = timedelta(seconds=windows.ok)
        self._keep_failed = timedelta(seconds=windows.failed)
        self._exchanges_ok = timedelta(seconds=windows.exchanges_ok)
        self._exchanges_failed = timedelta(seconds=windows.exchanges_failed)

    def add(self, call: FinishedCall) -> None:
        queue = self._queue
        if len(queue) >= self._hard_limit:
            metrics.CALL_LOG_DROPPED.inc()
            return
        if call.ok and call.kind != "test" and (self.sample <= 0.0 or random.random() >= self.sample):
            call.stats.exchanges = []  # not sampled: the summary row only, and the bodies freed now
        queue.append(call)
        self._added += 1
        if self._thread is None:
            self._start()
        elif len(queue) >= self._wake_at and not self._wake.is_set():
            self._wake.set()

    @property
    def full(self) -> bool:
        """Past ``max_queue``: the caller should ``await room()`` before answering."""
        return len(self._queue) >= self._max_queue

    async def room(self) -> None:
        """Back-pressure: wait (at most ``max_wait``) until the writer brings the queue under ``max_queue``."""
        started = time.monotonic()
        metrics.CALL_LOG_BACKPRESSURE.inc()
        await self._until(lambda: len(self._queue) < self._max_queue)
        metrics.CALL_LOG_BACKPRESSURE_SECONDS.inc(time.monotonic() - started)

    async def flush(self) -> None:
        """Wait (at most ``max_wait``) until every call added so far is written: read-your-writes for readers."""
        target = self._added
        if self._done < target:
            if self._thread is None:
                self._start()
            await self._until(lambda: self._done >= target)

    async def _until(self, done: Callable[[], bool]) -> None:
        """Wake the writer and wait for its batches until ``done()``, the thread stops or ``max_wait`` passes."""
        self._loop = asyncio.get_running_loop()
        self._waiting += 1
        deadline = time.monotonic() + self._max_wait
        try:
            while not done() and self._alive and (left := deadline - time.monotonic()) > 0:
                self._progress.clear()
                self._wake.set()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._progress.wait(), min(left, 0.25))
        finally:
            self._waiting -= 1

    async def expire(self, now: datetime | None = None) -> tuple[int, int]:
        """Delete rows and drop exchanges past their windows (the thread runs this every ``retention_interval``)."""
        return await _expire(self._db, now or datetime.now(UTC))

    async def close(self) -> None:
        self._closing = True
        if self._thread is None and self._queue:
            self._start()
        thread = self._thread
        if thread is not None:
            self._wake.set()
            await asyncio.to_thread(thread.join, 60.0)
        self._thread = None

    @property
    def _alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _start(self) -> None:
        # The thread holds the GIL while it builds rows: with a short switch interval the serving
        # loop gets it back within a millisecond rather than five.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        self._thread = threading.Thread(target=self._run, name="call-log-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception:
            log.exception("call log writer stopped")

    async def _main(self) -> None:
        # Its own engine: connections belong to the loop that opened them, and this loop is the thread's.
        db = Database(self._db.url.render_as_string(hide_password=False))
        inserter = CallInserter(db.engine.dialect)
        next_expiry = 0.0
        try:
            while True:
                closing = self._closing
                if not closing and len(self._queue) < self._wake_at:
                    # Blocks this thread only: its loop has nothing else to run between batches.
                    self._wake.wait(self._interval)
                self._wake.clear()
                await self._write_queued(db, inserter)
                metrics.CALL_LOG_QUEUE.set(len(self._queue))
                if time.monotonic() >= next_expiry:
                    await _expire(db, datetime.now(UTC))
                    next_expiry = time.monotonic() + self._retention_interval
                if closing and not self._queue:
                    return
        finally:
            await db.close()

    async def _write_queued(self, db: Database, inserter: CallInserter) -> None:
        queue = self._queue
        logging_calls = call_log.isEnabledFor(logging.INFO)
        while queue:
            calls = [queue.popleft() for _ in range(min(self._batch, len(queue)))]
            rows = self._rows(calls, logging_calls)
            try:
                async with db.engine.begin() as connection:
                    await inserter.insert(connection, rows)
            except Exception as exc:  # the store is down: the calls themselves went fine
                metrics.CALL_LOG_DROPPED.inc(len(rows))
                log.warning("call log: %d calls not written: %s", len(rows), type(exc).__name__)
            self._done += len(calls)
            if self._waiting and self._loop is not None:
                with suppress(RuntimeError):  # that loop is closed: nobody waits any more
                    self._loop.call_soon_threadsafe(self._progress.set)

    def _rows(self, calls: list[FinishedCall], logging_calls: bool) -> list[tuple[Any, ...]]:
        rows = []
        for n, call in enumerate(calls, 1):
            rows.append(self._row(call))
            if logging_calls:
                log_call(call)
            if n % 64 == 0:
                time.sleep(0)  # lets the serving loop take the GIL between chunks
        return rows

    def _row(self, call: FinishedCall) -> tuple[Any, ...]:
        s = call.stats
        exchanges = None
        if s.exchanges and s.redactor is not None:
            exchanges = [_cut(s.redactor.exchange(e), self.windows.body_bytes) for e in s.exchanges]
        error = s.redactor.text(call.error) if call.error and s.redactor else call.error
        started = datetime.fromtimestamp(call.started_at, UTC)
        return (
            call.request_id,
            call.partner_id,
            call.account_api_id,
            s.account_connector_id,
            s.connector_key,
            s.method_id,
            s.method_name,
            call.kind,
            call.status,
            call.ok,
            error[:4000] if error else None,
            call.error_type,
            s.upstream_status,
            started,
            round(s.duration * 1000, 2),
            s.requests,
            s.pages,
            s.records,
            s.bytes,
            s.retries,
            s.throttled,
            round(s.limiter_seconds * 1000, 2),
            exchanges,
            started + (self._exchanges_ok if call.ok else self._exchanges_failed),
            started + (self._keep_ok if call.ok else self._keep_failed),
        )  # fmt: skip  (store.calls.CALL_COLUMNS' order)


def log_call(call: FinishedCall) -> None:
    """The call's one log line: ids and counts, never a secret."""
    s = call.stats
    call_log.info(
        "call %s %s %s",
        call.status,
        s.method_name or s.method_id,
        call.outcome,
        extra={
            "request_id": call.request_id,
            "partner": call.partner_id,
            "account_connector": s.account_connector_id,
            "connector": s.connector_key or "unknown",
            "method": s.method_id,
            "kind": call.kind,
            "status": call.status,
            "outcome": call.outcome,
            "upstream_status": s.upstream_status,
            "requests": s.requests,
            "pages": s.pages,
            "records": s.records,
            "retries": s.retries,
            "ms": round(s.duration * 1000, 1),
        },
    )


async def _expire(db: Database, now: datetime) -> tuple[int, int]:
    try:
        async with db.session() as session:
            return await expire_calls(session, now)
    except Exception as exc:
        log.warning("call log retention failed: %s", type(exc).__name__)
        return 0, 0


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
