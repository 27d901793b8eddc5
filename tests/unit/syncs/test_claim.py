"""Claiming syncs on the real store (SQLite): one worker at a time per sync, leases that run out,
and syncs paused while their connection cannot call."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select, update

from switchboard.store.db import Database
from switchboard.store.models import AccountConnector
from switchboard.store.sync_models import Sync
from switchboard.syncs import SyncLimits, SyncWorker
from tests.unit.sync_rows import add_connections, sync_row

SYNCS = 20


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Path]:
    path = tmp_path / "claims.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    await db.upgrade()
    async with db.session() as session:
        await add_connections(session, "authenticated", "needs_reauth")
        for n in range(SYNCS + 1):
            session.add(sync_row(account_connector_id=1 if n < SYNCS else 2, name=f"s{n}"))
    await db.close()
    yield path


def worker(path: Path) -> tuple[SyncWorker, Database]:
    db = Database(f"sqlite+aiosqlite:///{path}")
    parts: Any = SimpleNamespace(db=db, registry=None, connections=None, engine=None, recorder=None, outbox=None)
    return SyncWorker(parts, SyncLimits(lease_seconds=30), poll_seconds=1, concurrency=1, deleted_keep_seconds=1), db


async def test_two_workers_never_hold_one_sync_and_a_lapsed_lease_is_taken_over(store: Path) -> None:
    (one, db_one), (two, db_two) = worker(store), worker(store)
    try:
        claimed: dict[int, str] = {}
        for _ in range(SYNCS):  # both race for every sync
            got = await asyncio.gather(one.claim(), two.claim())
            for w, result in zip((one, two), got, strict=True):
                if result is not None:
                    assert result[0] not in claimed, "a sync was claimed twice while its lease was held"
                    claimed[result[0]] = w.owner
        assert len(claimed) == SYNCS  # every due sync of the callable connection, once
        assert await one.claim() is None and await two.claim() is None  # all held; the paused connection's never
        async with db_one.session() as session:
            owners = {r.id: r.lease_owner for r in (await session.execute(select(Sync.id, Sync.lease_owner))).all()}
            assert {k: v for k, v in owners.items() if v} == claimed
            # The first worker dies: its leases run out.
            await session.execute(
                update(Sync).where(Sync.lease_owner == one.owner).values(lease_expires_at=time.time() - 1)
            )
        taken = [r for r in [await two.claim() for _ in range(SYNCS)] if r is not None]
        assert sorted(r[0] for r in taken) == sorted(k for k, v in claimed.items() if v == one.owner)
    finally:
        await db_one.close()
        await db_two.close()


async def test_a_connection_that_cannot_call_pauses_its_syncs_until_it_can(store: Path) -> None:
    w, db = worker(store)
    try:
        await w._pause_and_resume(time.time())
        async with db.session() as session:
            paused = (await session.execute(select(Sync).where(Sync.account_connector_id == 2))).scalar_one()
            assert paused.state == "paused" and "re-authorisation" in (paused.paused_reason or "")
            await session.execute(
                update(AccountConnector).where(AccountConnector.id == 2).values(auth_state="authenticated")
            )
        await w._pause_and_resume(time.time())
        async with db.session() as session:
            resumed = (await session.execute(select(Sync).where(Sync.account_connector_id == 2))).scalar_one()
            assert resumed.state == "idle" and resumed.paused_reason is None
    finally:
        await db.close()


async def test_old_deleted_payloads_are_dropped_and_a_removed_connection_takes_its_records(store: Path) -> None:
    from switchboard.store.sync_models import SyncRecord

    w, db = worker(store)
    now = time.time()
    try:
        async with db.session() as session:
            sync_id = (await session.execute(select(Sync.id).where(Sync.name == "s0"))).scalar_one()
            for key, deleted_at in (("old", now - 40 * 86400), ("recent", now - 60), ("live", None)):
                session.add(
                    SyncRecord(
                        sync_id=sync_id,
                        key=key,
                        hash="h",
                        payload='{"id": 1}',
                        action="deleted" if deleted_at else "added",
                        seq=1,
                        seen_run=1,
                        first_seen_at=now,
                        modified_at=now,
                        deleted_at=deleted_at,
                    )
                )
        w._keep = 30 * 86400
        await w._drop_old_payloads(now)
        async with db.session() as session:
            kept = {r.key: r.payload for r in (await session.execute(select(SyncRecord))).scalars()}
            assert kept == {"old": None, "recent": '{"id": 1}', "live": '{"id": 1}'}
            await session.delete(await session.get(AccountConnector, 1))
        async with db.session() as session:
            assert (await session.execute(select(SyncRecord))).first() is None
            assert {s.account_connector_id for s in (await session.execute(select(Sync))).scalars()} == {2}
    finally:
        await db.close()
