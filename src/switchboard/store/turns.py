"""Turns at writing on SQLite, in order, with a lane that goes first (``Database.writing``)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Turns:
    """A lock whose waiters are served in arrival order, those that asked to go ``first`` before the rest.

    The event writer goes first: an acknowledgement waits for at most the transaction under way, not
    for every forwarding and delivery round queued before it. The others still get their turn
    whenever no acknowledgement is waiting, so none of them waits forever under a steady load.
    """

    def __init__(self) -> None:
        self._held = False
        self._first: deque[asyncio.Future[None]] = deque()
        self._rest: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def turn(self, *, first: bool = False) -> AsyncIterator[None]:
        await self._acquire(first)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, first: bool) -> None:
        if not self._held and not self._first and not self._rest:
            self._held = True
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        (self._first if first else self._rest).append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._release()  # handed the turn just as it was cancelled: pass it on
            else:
                (self._first if first else self._rest).remove(waiter)
            raise

    def _release(self) -> None:
        """Hand the turn to the next waiter (the first lane's before the rest), or free it."""
        for lane in (self._first, self._rest):
            while lane:
                waiter = lane.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # the turn passes on held
                    return
        self._held = False
