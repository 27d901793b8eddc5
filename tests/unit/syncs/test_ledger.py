"""Page writes on the real store (SQLite): changes numbered in order, unchanged records no change,
deletions by flag and by a completed full run, and nothing written once the lease is gone."""

from __future__ import annotations

import time
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import select, update

from switchboard.store.db import Database
from switchboard.store.sync_models import Sync, SyncRecord
from switchboard.syncs import ledger
from switchboard.syncs.records import Seen, seen
from tests.unit.syncs.test_claim import store  # noqa: F401 - the fixture

OWNER = "worker-1"


def page(*texts: str, flag: str | None = None) -> list[Seen]:
    return [
        seen(
            msgspec.Raw(t.encode()),
            key_path="id",
            excluded=["seen"],
            deleted_field=flag,
            cursor_field=None,
            max_bytes=10_000,
        )
        for t in texts
    ]


async def write(db: Database, run: int, records: list[Seen]) -> ledger.PageChanges:
    async with db.session() as session:
        return await ledger.write_page(session, 1, run, records, OWNER, 30, checkpoint={"complete": True}, progress={})


async def test_changes_are_numbered_once_each_and_deletions_need_a_completed_full_run(store: Path) -> None:  # noqa: F811
    db = Database(f"sqlite+aiosqlite:///{store}")
    try:
        async with db.session() as session:
            await session.execute(
                update(Sync).where(Sync.id == 1).values(lease_owner=OWNER, lease_expires_at=time.time() + 30)
            )
        first = await write(db, 1, page('{"id": 1, "n": "a", "seen": 1}', '{"id": 2, "n": "b"}', '{"id": 3, "n": "c"}'))
        assert [(c.action, c.key, c.seq) for c in first.changes] == [
            ("added", "1", 1),
            ("added", "2", 2),
            ("added", "3", 3),
        ]
        # Run 2: 1 unchanged but for an excluded field, 2 changed; 3 not seen.
        second = await write(db, 2, page('{"id": 1, "n": "a", "seen": 2}', '{"id": 2, "n": "B"}'))
        assert [(c.action, c.key, c.seq) for c in second.changes] == [("updated", "2", 4)]
        async with db.session() as session:
            gone = await ledger.delete_unseen(session, 1, 2, OWNER, 30, told=_noop)
        assert gone.deleted == 1
        async with db.session() as session:
            rows = {r.key: r for r in (await session.execute(select(SyncRecord))).scalars()}
        assert rows["3"].action == "deleted" and rows["3"].seq == 5 and rows["3"].payload is not None
        assert rows["1"].seq == 1 and rows["1"].seen_run == 2  # seen, not changed
        # A flag says 2 is deleted; 3 comes back.
        third = await write(db, 3, page('{"id": 2, "gone": true}', '{"id": 3, "n": "c"}', flag="gone"))
        assert [(c.action, c.key) for c in third.changes] == [("deleted", "2"), ("added", "3")]
        # Another worker took the lease: nothing is written.
        async with db.session() as session:
            await session.execute(update(Sync).where(Sync.id == 1).values(lease_owner="worker-2"))
        with pytest.raises(ledger.LeaseLost):
            await write(db, 4, page('{"id": 9}'))
        async with db.session() as session:
            assert (await session.execute(select(SyncRecord).where(SyncRecord.key == "9"))).first() is None
            assert (await session.execute(select(Sync.change_seq).where(Sync.id == 1))).scalar_one() == 7
    finally:
        await db.close()


async def _noop(changes: list[ledger.Change]) -> None:
    return None
