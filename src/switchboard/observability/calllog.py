"""Writing the call log off the process that serves calls: a writer process, bulk inserts, retention.

The recorder hands each finished call to ``CallLogWriter.add``: a small tuple (``Entry``) appended
to a list, with no I/O and no await. Every ``interval`` (or ``batch`` calls) the list goes, pickled,
down a pipe to the writer process (``calllog_child``): one write, non-blocking. That process builds
the rows (redacting and cutting the exchanges that are kept), writes each batch with one
``executemany`` (``store.calls.CallInserter``), logs each call's line and runs the retention job,
on its own interpreter, so it never takes the GIL from the loop serving calls. Successful calls
keep their exchanges only for a sampled fraction (``sample``); failed and ``/test/`` calls always
keep theirs; every call gets its summary row.

Nothing is dropped for being fast: past ``max_queue`` calls not yet written the recorder awaits
``room()`` (back-pressure, counted), so callers slow to the writer's pace. Only past ``max_queue +
IN_FLIGHT`` (the store down or stuck), or with the writer process gone, are calls dropped, counted
in ``switchboard_call_log_dropped_total``. ``close`` hands over whatever is queued and waits for the
process to write it and exit, so a graceful shutdown loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import random
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime

from switchboard.observability import metrics
from switchboard.observability.callentry import Entry, FinishedCall, entry_of, log_call
from switchboard.observability.logs import JsonFormatter
from switchboard.store.calls import expire_calls
from switchboard.store.db import Database

__all__ = ["CallLogWindows", "CallLogWriter", "FinishedCall", "expire_log", "log_call"]

log = logging.getLogger("switchboard.calllog")

# Calls not yet written past ``max_queue`` before any is dropped: calls in flight that found room add theirs.
IN_FLIGHT = 10_000
CHILD = "switchboard.observability.calllog_child"
# The longest waiters give the writer process to start (a busy machine's imports) before ``max_wait`` counts.
STARTUP = 60.0


@dataclass(frozen=True, slots=True)
class CallLogWindows:
    """How long rows and their exchanges are kept, in seconds; failed calls longer."""

    ok: float = 7 * 86400
    failed: float = 30 * 86400
    exchanges_ok: float = 86400
    exchanges_failed: float = 7 * 86400
    body_bytes: int = 16 * 1024


class CallLogWriter:
    """One per process; ``add`` never blocks nor awaits, ``room`` is the back-pressure, ``close`` drains.

    It lives on the event loop that calls ``add`` first (the serving loop): the pipe's ends are
    watched by that loop, so acknowledgements arrive as callbacks, with no thread of ours.
    """

    def __init__(
        self,
        db: Database,
        windows: CallLogWindows,
        *,
        sample: float = 0.01,
        max_queue: int = 10_000,
        batch: int = 500,
        interval: float = 0.1,
        retention_interval: float = 300.0,
        max_wait: float = 10.0,
    ) -> None:
        self._db = db
        self.windows = windows
        self.sample = sample
        self._max_queue = max_queue
        # Callers already past the check each add one more: room for every call in flight on a worker.
        self._hard_limit = max_queue + IN_FLIGHT
        self._batch = batch
        self._interval = interval
        self._retention_interval = retention_interval
        self._max_wait = max_wait
        self._pending: list[Entry] = []  # not yet handed to the process
        self._out = bytearray()  # frames the pipe has not taken yet
        self._acks = b""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._progress = asyncio.Event()  # the waiters': a batch was written
        self._process: subprocess.Popen[bytes] | None = None
        self._watching = False  # the loop waits for the pipe to take ``_out``
        self._gone = False  # the process died: later calls are counted as dropped
        self._ready = False  # the process said it is up (its first answer)
        self._added = 0
        self._done = 0  # written, or dropped by a failed batch, as the process tells

    def add(self, call: FinishedCall) -> None:
        if self._gone or self._added - self._done >= self._hard_limit:
            metrics.CALL_LOG_DROPPED.inc()
            return
        if call.ok and call.kind != "test" and (self.sample <= 0.0 or random.random() >= self.sample):
            call.stats.exchanges = []  # not sampled: the summary row only, and the bodies freed now
        pending = self._pending
        pending.append(entry_of(call))
        self._added += 1
        if len(pending) >= self._batch:
            self._send()
        elif self._timer is None:
            loop = self._loop or self._bind()
            self._timer = loop.call_later(self._interval, self._send)

    def start(self) -> None:
        """Start the writer process now (at the server's start), rather than with the first call."""
        if self._process is None:
            self._start()

    @property
    def full(self) -> bool:
        """Past ``max_queue``: the caller should ``await room()`` before answering."""
        return self._added - self._done >= self._max_queue

    async def room(self) -> None:
        """Back-pressure: wait (at most ``max_wait``) until the writer brings the queue under ``max_queue``."""
        started = time.monotonic()
        metrics.CALL_LOG_BACKPRESSURE.inc()
        await self._until(lambda: self._added - self._done < self._max_queue)
        metrics.CALL_LOG_BACKPRESSURE_SECONDS.inc(time.monotonic() - started)

    async def flush(self) -> None:
        """Wait (at most ``max_wait``) until every call added so far is written: read-your-writes for readers."""
        target = self._added
        await self._until(lambda: self._done >= target)

    async def _until(self, done: Callable[[], bool]) -> None:
        """Hand over what is pending and wait for the process's batches until ``done()``, it dies or ``max_wait``."""
        self._bind()
        self._send()
        deadline = time.monotonic() + self._max_wait
        start_by = time.monotonic() + STARTUP
        while not done() and self._process is not None:
            now = time.monotonic()
            if not self._ready and now < start_by:
                deadline = now + self._max_wait  # its interpreter still starting: that is not the store's slowness
            if (left := deadline - now) <= 0:
                break
            self._progress.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._progress.wait(), min(left, 0.25))

    async def expire(self, now: datetime | None = None) -> tuple[int, int]:
        """Delete rows and drop exchanges past their windows (the process runs this every ``retention_interval``)."""
        return await expire_log(self._db, now or datetime.now(UTC))

    async def close(self) -> None:
        """Hand over what is queued, let the process write it and exit (at most a minute)."""
        self._bind()
        self._send()
        process = self._process
        if process is None:
            return
        self._stop_watching()
        assert process.stdin is not None
        if self._out:  # the rest, waiting for the pipe, off the loop
            with suppress(OSError):
                os.set_blocking(process.stdin.fileno(), True)
                await asyncio.to_thread(process.stdin.write, bytes(self._out))
            self._out.clear()
        with suppress(OSError):
            process.stdin.close()  # the end of its input: it writes what it has and exits
        try:
            await asyncio.to_thread(process.wait, 60)
        except subprocess.TimeoutExpired:
            process.kill()
            await asyncio.to_thread(process.wait)
        self._read_acks()  # its last answers
        self._forget()
        if self._added > self._done:  # never written: the process died with them
            metrics.CALL_LOG_DROPPED.inc(self._added - self._done)
            self._done = self._added
        self._gone = False  # a later call starts a new process, on whichever loop makes it
        self._loop = None
        self._progress = asyncio.Event()

    def _bind(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    def _start(self) -> None:
        loop = self._bind()
        process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
            [sys.executable, "-m", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True
        )
        assert process.stdin is not None and process.stdout is not None
        os.set_blocking(process.stdin.fileno(), False)
        os.set_blocking(process.stdout.fileno(), False)
        self._process = process
        loop.add_reader(process.stdout.fileno(), self._read_acks)
        root = logging.getLogger()
        config = {
            "url": self._db.url.render_as_string(hide_password=False),  # down a pipe, never on a command line
            "pool": [self._db.pool_size, self._db.max_overflow],
            "windows": self.windows,
            "retention_interval": self._retention_interval,
            "log_level": logging.getLevelName(logging.getLogger("switchboard").getEffectiveLevel()),
            "log_format": "json" if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers) else "console",
        }
        self._frame(config)

    def _send(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._pending:
            return
        entries, self._pending = self._pending, []
        # Here too, not only as the writer acknowledges: a writer that is stuck acknowledges nothing, and the
        # gauge must rise with the queue then. Once a batch, not once a call.
        metrics.CALL_LOG_QUEUE.set(self._added - self._done)
        if self._process is None:
            self._start()
        # As plain tuples: a NamedTuple pickles through a Python call per entry (its __getnewargs__),
        # three times a plain tuple's cost on the serving loop; the process makes them Entry again.
        self._frame([tuple(entry) for entry in entries])

    def _frame(self, value: object) -> None:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._out += len(payload).to_bytes(4, "big")
        self._out += payload
        self._write()

    def _write(self) -> None:
        """As much of ``_out`` as the pipe takes now; the loop calls again when it has room."""
        process = self._process
        if process is None or process.stdin is None:
            return
        fd = process.stdin.fileno()
        try:
            while self._out:
                taken = os.write(fd, self._out)
                del self._out[:taken]
        except BlockingIOError:
            pass
        except OSError:  # the process is gone: what it had not written is lost
            self._lost()
            return
        if self._out and not self._watching:
            self._bind().add_writer(fd, self._write)
            self._watching = True
        elif not self._out:
            self._stop_watching()

    def _stop_watching(self) -> None:
        if self._watching and self._process is not None and self._process.stdin is not None:
            self._bind().remove_writer(self._process.stdin.fileno())
        self._watching = False

    def _read_acks(self) -> None:
        process = self._process
        if process is None or process.stdout is None:
            return
        ended = False
        try:
            while chunk := os.read(process.stdout.fileno(), 65536):
                self._acks += chunk
            ended = True
        except BlockingIOError:
            pass
        *lines, self._acks = self._acks.split(b"\n")
        self._ready = self._ready or bool(lines)
        for line in lines:
            done, dropped = map(int, line.split())
            self._done += done
            if dropped:
                metrics.CALL_LOG_DROPPED.inc(dropped)
        metrics.CALL_LOG_QUEUE.set(self._added - self._done)
        self._progress.set()
        if not ended:
            return
        # At its end the pipe stays readable: left registered, this would run on every turn of the
        # loop until the process is waited for.
        with suppress(ValueError, RuntimeError):
            self._bind().remove_reader(process.stdout.fileno())
        if self._loop is not None and not process.stdin.closed:  # type: ignore[union-attr]
            self._lost()  # it exited while the server still runs

    def _lost(self) -> None:
        log.warning("call log writer process stopped: %d calls not written", self._added - self._done)
        metrics.CALL_LOG_DROPPED.inc(self._added - self._done + len(self._pending))
        self._done = self._added
        metrics.CALL_LOG_QUEUE.set(0)
        self._pending = []
        self._out.clear()
        self._stop_watching()
        self._forget()
        self._gone = True
        self._progress.set()

    def _forget(self) -> None:
        process = self._process
        if process is None:
            return
        assert process.stdout is not None and process.stdin is not None
        with suppress(ValueError, RuntimeError):  # already removed, or the loop is closed
            self._bind().remove_reader(process.stdout.fileno())
        process.stdout.close()
        with suppress(OSError):
            process.stdin.close()
        self._process = None
        self._ready = False


async def expire_log(db: Database, now: datetime) -> tuple[int, int]:
    try:
        async with db.session() as session:
            return await expire_calls(session, now)
    except Exception as exc:
        log.warning("call log retention failed: %s", type(exc).__name__)
        return 0, 0
