"""Group commit for received events: every request waiting to store joins one transaction.

A request hands its rows to ``EventWriter.store`` and waits; one task on the serving loop takes
everything pending (up to ``max_rows``), inserts it in one transaction and then wakes the
requests, which acknowledge only once their rows are committed. While one batch commits, the
next one gathers, so at a high rate the transactions get larger instead of queueing. A batch
that fails is retried one request at a time, so one bad request fails alone, with a 503.

Where the rows go is an ``EventSink``: on a SQLite file the inbox beside it (``store/inbox.py``), which
no other process writes, so an acknowledgement never waits for the forwarder's, the deliveries' or
the call log's transactions; elsewhere ``hook_events`` itself (PostgreSQL locks rows, not the file).

A request waits at most ``timeout``; then it is answered 503 and the provider sends it again. A
transaction under way is never cancelled (an interrupted SQLite write can keep its lock): if it
commits after all, the provider's repeat is recognised as a duplicate by its event id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from switchboard.errors import Unavailable
from switchboard.store import Database, Inbox
from switchboard.store.hooks import add_event_groups
from switchboard.store.inbox import BUSY_SECONDS, InboxBusy

log = logging.getLogger("switchboard.hooks")

BUSY_POLL_SECONDS = 0.002  # how soon a busy inbox is tried again
SEND_AGAIN = "nothing was acknowledged: send the request again"
STOPPING = f"The server is stopping; {SEND_AGAIN}"
FAILED = f"The events could not be stored; {SEND_AGAIN}"
BUSY = f"Too many events are waiting to be stored; {SEND_AGAIN}"


def _late(seconds: float) -> str:
    return f"The events were not stored within {seconds:g} s; {SEND_AGAIN} (a repeat is recognised by its event id)"


class EventSink(Protocol):
    """Where received events are committed before they are acknowledged."""

    async def add(self, groups: list[list[dict[str, Any]]]) -> list[int]:
        """Commit the rows of several requests in one transaction; how many of each request's were new."""
        ...


class TableSink:
    """Straight into ``hook_events``, taking its turn at writing (``Database.writing``)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, groups: list[list[dict[str, Any]]]) -> list[int]:
        async with self._db.writing(first=True), self._db.session() as session:
            return await add_event_groups(session, groups)


class InboxSink:
    """Into the inbox file, which the events process moves into ``hook_events``."""

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox

    async def add(self, groups: list[list[dict[str, Any]]]) -> list[int]:
        # Only serving processes write the inbox: busy only with several workers, and briefly.
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                return self._inbox.add(groups)
            except InboxBusy:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(BUSY_POLL_SECONDS)


@dataclass(slots=True)
class _Waiting:
    rows: list[dict[str, Any]]
    done: asyncio.Future[int] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class EventWriter:
    """One per process; its task starts with the first request, on the loop that serves it."""

    def __init__(
        self,
        sink: EventSink,
        on_stored: Callable[[], None],
        *,
        max_rows: int = 2000,
        max_waiting_rows: int = 50_000,
        timeout: float = 10.0,
    ) -> None:
        self._sink = sink
        self._on_stored = on_stored
        self._max_rows = max_rows
        self._max_waiting = max_waiting_rows
        self._timeout = timeout
        self._queue: deque[_Waiting] = deque()
        self._queued_rows = 0
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    async def store(self, rows: list[dict[str, Any]]) -> int:
        """Store ``rows`` with whatever else is waiting; how many were new, once committed."""
        if not rows:
            return 0
        if self._closing:
            raise Unavailable(STOPPING)
        if self._queued_rows + len(rows) > self._max_waiting:
            raise Unavailable(BUSY)  # back-pressure the provider retries on, not a queue without end
        waiting = _Waiting(rows)
        self._queue.append(waiting)
        self._queued_rows += len(rows)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="hook-event-writer")
        self._wake.set()
        try:
            # Shielded: a provider hanging up (or this wait ending) does not cancel a write others share.
            return await asyncio.wait_for(asyncio.shield(waiting.done), self._timeout)
        except TimeoutError:
            if waiting in self._queue:  # not taken yet: it never will be
                self._queue.remove(waiting)
                self._queued_rows -= len(rows)
            waiting.done.cancel()
            raise Unavailable(_late(self._timeout)) from None

    async def close(self) -> None:
        """Write what is waiting (bounded by the timeout), then stop; later requests get a 503."""
        self._closing = True
        if self._task is None:
            return
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), self._timeout)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        while self._queue:
            self._answer(self._queue.popleft(), Unavailable(STOPPING))

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._queue:
                await self._write(self._take())
            if self._closing:
                return

    def _take(self) -> list[_Waiting]:
        """The oldest waiting requests, up to ``max_rows`` rows (always at least one request)."""
        batch = [self._queue.popleft()]
        rows = len(batch[0].rows)
        while self._queue and rows + len(self._queue[0].rows) <= self._max_rows:
            batch.append(self._queue.popleft())
            rows += len(batch[-1].rows)
        self._queued_rows -= rows
        return batch

    async def _write(self, batch: list[_Waiting]) -> None:
        try:
            counts = await self._sink.add([w.rows for w in batch])  # requests wait on it
        except asyncio.CancelledError:
            for waiting in batch:
                self._answer(waiting, Unavailable(STOPPING))
            raise
        except Exception:
            if len(batch) == 1:
                log.exception("storing a webhook's events failed")
                self._answer(batch[0], Unavailable(FAILED))
                return
            log.warning("storing %d webhook requests together failed; storing each alone", len(batch))
            for waiting in batch:
                if not waiting.done.done():  # one whose request gave up is not worth a retry
                    await self._write([waiting])
            return
        for waiting, count in zip(batch, counts, strict=True):
            self._answer(waiting, count)
        if any(counts):
            self._on_stored()

    @staticmethod
    def _answer(waiting: _Waiting, outcome: int | Unavailable) -> None:
        if waiting.done.done():
            return  # its request stopped waiting (and was answered 503)
        if isinstance(outcome, Unavailable):
            waiting.done.set_exception(outcome)
        else:
            waiting.done.set_result(outcome)
