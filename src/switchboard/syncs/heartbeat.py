"""The lease's heartbeat: while a run works, its lease is extended; if another worker took it, the run stops."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, TypeVar

from switchboard.store.db import Database
from switchboard.syncs.ledger import LeaseLost, take_numbers

T = TypeVar("T")
log = logging.getLogger("switchboard.syncs")


class Heartbeat:
    """Extends the lease every third of its length; ``guard`` runs work that stops when the lease is lost."""

    def __init__(self, db: Database, sync_id: int, owner: str, lease_seconds: float) -> None:
        self._db = db
        self._sync_id = sync_id
        self._owner = owner
        self._lease = lease_seconds
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()

    async def __aenter__(self) -> Heartbeat:
        self._task = asyncio.create_task(self._beat(), name=f"sync-{self._sync_id}-heartbeat")
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def guard(self, work: Coroutine[Any, Any, T]) -> T:
        """``work``'s result, or ``LeaseLost`` (and ``work`` cancelled) when the heartbeat finds the lease gone."""
        task = asyncio.ensure_future(work)
        lost = asyncio.ensure_future(self._lost.wait())
        try:
            await asyncio.wait({task, lost}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()
            raise
        finally:
            lost.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
            raise LeaseLost(f"sync {self._sync_id}: the lease is gone")
        return task.result()

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self._lease / 3)
            try:
                async with self._db.session() as session:
                    await take_numbers(session, self._sync_id, self._owner, 0, self._lease)
            except LeaseLost:
                self._lost.set()
                return
            except Exception:  # the database was busy: the next beat tries again, well within the lease
                log.warning("sync %s: heartbeat failed; trying again", self._sync_id, exc_info=True)
