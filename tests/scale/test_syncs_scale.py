"""Two sync workers on PostgreSQL never hold one sync at once, over 200 scheduled runs."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from types import SimpleNamespace
from typing import Any

from sqlalchemy import update

from switchboard.store.db import Database
from switchboard.store.sync_models import Sync
from switchboard.syncs import SyncLimits, SyncWorker
from tests.backends import postgres_database
from tests.unit.sync_rows import add_connections, sync_row

SYNCS = 10
RUNS = 200


async def _race(url: str) -> tuple[Counter[int], int]:
    setup = Database(url)
    await setup.upgrade()
    async with setup.session() as session:
        await add_connections(session, "authenticated")
        for n in range(SYNCS):
            session.add(sync_row(name=f"s{n}", method_id="x", deletes={}))
    await setup.close()
    workers = []
    for _ in range(2):
        db = Database(url)
        parts: Any = SimpleNamespace(db=db, registry=None, connections=None, engine=None, recorder=None, outbox=None)
        workers.append(
            (SyncWorker(parts, SyncLimits(lease_seconds=30), poll_seconds=1, concurrency=1, deleted_keep_seconds=1), db)
        )
    held: dict[int, str] = {}
    runs: Counter[int] = Counter()
    overlaps = 0

    async def work(worker: SyncWorker, db: Database) -> None:
        nonlocal overlaps
        while sum(runs.values()) < RUNS:
            claimed = await worker.claim()
            if claimed is None:
                await asyncio.sleep(0.001)
                continue
            sync_id = claimed[0]
            if sync_id in held:
                overlaps += 1
            held[sync_id] = worker.owner
            runs[sync_id] += 1
            await asyncio.sleep(0.002)  # the run
            del held[sync_id]
            async with db.session() as session:  # done: due again at once, lease released
                await session.execute(
                    update(Sync)
                    .where(Sync.id == sync_id, Sync.lease_owner == worker.owner)
                    .values(lease_owner=None, lease_expires_at=None, state="idle", next_run_at=time.time())
                )

    try:
        await asyncio.gather(*(work(w, db) for w, db in workers))
    finally:
        for _, db in workers:
            await db.close()
    return runs, overlaps


def test_two_workers_never_run_one_sync_at_once_over_200_runs() -> None:
    with postgres_database("sbsyncs") as url:
        runs, overlaps = asyncio.run(_race(url))
    assert sum(runs.values()) >= RUNS and overlaps == 0
    assert len(runs) == SYNCS  # every sync ran, none starved
