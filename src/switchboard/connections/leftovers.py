"""The sweep of the connect page's empty installs: the install it makes before an OAuth sign-in goes when the
attempt holding that duty ends unconnected (``api/routers/oauth_flow._ended``), but an end that could not reach the
database, or a user who never came back from the provider, leaves it behind. Once every attempt on it has expired,
this removes it, as the API's DELETE would (announced, caches dropped). Run by the ``HealthWorker`` each round, its
token refreshes turned on or off."""

from __future__ import annotations

import logging
import time

from switchboard.connections.writes import ConnectionWrites
from switchboard.store.db import Database
from switchboard.store.leftovers import leftover_installs, take_leftover

log = logging.getLogger("switchboard.connections")


class LeftoverSweep:
    """Removes up to ``batch`` leftover installs a round, for ``seconds`` at most, each in a transaction of its own
    (several workers may sweep at once: each install is locked and checked again before it goes)."""

    def __init__(self, db: Database, writes: ConnectionWrites, *, batch: int = 50, seconds: float = 5.0) -> None:
        self._db = db
        self._writes = writes
        self._batch = batch
        self._seconds = seconds

    async def run_once(self) -> int:
        """Remove the leftover installs found now; how many went."""
        deadline = time.monotonic() + self._seconds
        async with self._db.session() as session:
            found = await leftover_installs(session, self._batch)
        removed = 0
        for connection_id in found:
            if time.monotonic() > deadline:
                break
            async with self._db.session() as session:
                row = await take_leftover(session, connection_id)
                if row is not None:
                    await self._writes.deleted(session, row)
                    removed += 1
        if removed:
            log.info("removed %d empty installs the connect page left when their sign-ins expired", removed)
        return removed
