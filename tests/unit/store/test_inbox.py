"""The hook inbox on real SQLite files: ids past the moved mark, duplicates counted against both
stores, moves fenced by the mark, and rows of a partner deleted meanwhile dropped."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from switchboard.store.db import Database
from switchboard.store.inbox import INBOX_NAME, HookInboxMark, Inbox, InboxBusy, move_batch, moved_mark
from switchboard.store.models import HookEvent, Partner
from switchboard.store.partners import create_partner
from tests.unit.hook_rows import hook_row


@pytest.fixture
async def inbox(db: Database) -> AsyncIterator[Inbox]:
    found = Inbox.beside(db)
    assert found is not None
    found.open()
    yield found
    found.close()


async def partner(db: Database, name: str = "p") -> int:
    async with db.session() as session:
        return (await create_partner(session, name)).id


def event(partner_id: int, provider_id: str | None) -> dict[str, Any]:
    return hook_row(partner_id, provider_id, payload={"eventId": provider_id, "portalId": 42})


async def stored(db: Database) -> list[tuple[int, str | None]]:
    async with db.session() as session:
        rows = await session.execute(select(HookEvent.partner_id, HookEvent.provider_event_id).order_by(HookEvent.id))
        return [(int(p), e) for p, e in rows.all()]


def set_aside(folder: Path) -> list[str]:
    return [f.name for f in folder.glob(f"{INBOX_NAME}.other-*")]


def test_only_a_sqlite_file_has_an_inbox(tmp_path: Path) -> None:
    assert Inbox.beside(Database("sqlite+aiosqlite://")) is None  # in memory: no file beside it
    assert Inbox.beside(Database("postgresql+asyncpg://u@127.0.0.1/test")) is None
    found = Inbox.beside(Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"))
    assert found is not None and found.path == tmp_path / INBOX_NAME
    assert found.path.stat().st_mode & 0o777 == 0o600  # events hold customers' data


async def test_duplicates_are_counted_against_the_inbox_and_what_was_moved(db: Database, inbox: Inbox) -> None:
    p = await partner(db)
    assert inbox.add([[event(p, "1"), event(p, "2")], [event(p, "2"), event(p, None)]]) == [2, 1]
    assert await move_batch(db, inbox, 100) == 3  # the repeat of "2" never entered the inbox
    assert await stored(db) == [(p, "1"), (p, "2"), (p, None)]
    # "1" is in hook_events now, and its inbox row is deleted by this very add
    assert inbox.add([[event(p, "1"), event(p, "3")]]) == [1]
    assert [row["provider_event_id"] for _, row in inbox.rows_after(0, 100)] == ["3"]


async def test_a_move_advances_the_mark_and_a_second_mover_with_an_old_mark_writes_nothing(
    db: Database, inbox: Inbox
) -> None:
    p = await partner(db)
    inbox.add([[event(p, str(i)) for i in range(5)]])
    assert await move_batch(db, inbox, 2) == 2
    assert await move_batch(db, inbox, 2) == 2
    assert await move_batch(db, inbox, 2) == 1
    assert await move_batch(db, inbox, 2) == 0
    assert [e for _, e in await stored(db)] == ["0", "1", "2", "3", "4"]
    last = (inbox.rows_after(0, 100))[-1][0]
    assert await moved_mark(db) == last
    async with db.session() as session:  # another events process moved past where this one read
        await session.execute(update(HookInboxMark).values(moved_to=last + 10))
    inbox.add([[event(p, "5")]])
    assert await move_batch(db, inbox, 10) == 0  # its rows are below that mark: not moved again


async def test_a_new_inbox_file_starts_its_ids_past_the_mark(db: Database, tmp_path: Path) -> None:
    p = await partner(db)
    async with db.session() as session:
        await session.execute(update(HookInboxMark).values(moved_to=1000))
    fresh = Inbox(tmp_path / "new-inbox.db", tmp_path / "switchboard.db")
    fresh.open()
    try:
        fresh.add([[event(p, "a")]])
        assert [i for i, _ in fresh.rows_after(1000, 10)] == [1001]  # not 1, which counts as moved
        assert await move_batch(db, fresh, 10) == 1
        assert await stored(db) == [(p, "a")]
    finally:
        fresh.close()


async def test_rows_of_a_partner_deleted_meanwhile_are_dropped_not_stuck(db: Database, inbox: Inbox) -> None:
    kept, gone = await partner(db, "kept"), await partner(db, "gone")
    inbox.add([[event(gone, "1"), event(kept, "1")]])
    async with db.session() as session:
        await session.delete(await session.get(Partner, gone))
    assert await move_batch(db, inbox, 10) == 2
    assert await stored(db) == [(kept, "1")]
    assert await move_batch(db, inbox, 10) == 0


async def test_a_busy_inbox_raises_at_once_and_writes_nothing(db: Database, inbox: Inbox) -> None:
    p = await partner(db)
    holder = sqlite3.connect(inbox.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another serving process is writing
    try:
        started = time.monotonic()
        with pytest.raises(InboxBusy):
            inbox.add([[event(p, "1")]])
        assert time.monotonic() - started < 0.5  # not a busy handler (1 s and more): the caller waits on its loop
    finally:
        holder.rollback()
        holder.close()
    assert inbox.rows_after(0, 10) == []
    assert inbox.add([[event(p, "1")]]) == [1]


async def test_an_inbox_of_a_replaced_database_is_set_aside_never_moved_in(tmp_path: Path) -> None:
    path = tmp_path / "switchboard.db"
    old = Database(f"sqlite+aiosqlite:///{path}")
    await old.upgrade()
    p = await partner(old)
    inbox = Inbox.beside(old)
    assert inbox is not None
    inbox.open()
    inbox.add([[event(p, "from-the-old-database")]])
    inbox.close()
    await old.close()
    for suffix in ("", "-wal", "-shm"):  # the database replaced; its inbox left beside the new one
        path.with_name(path.name + suffix).unlink(missing_ok=True)

    new = Database(f"sqlite+aiosqlite:///{path}")
    await new.upgrade()
    try:
        await partner(new)  # partner 1 again: the old row would have been its
        fresh = Inbox.beside(new)
        assert fresh is not None
        fresh.open()
        assert fresh.rows_after(0, 10) == []
        assert await move_batch(new, fresh, 10) == 0 and await stored(new) == []
        assert set_aside(tmp_path) != []
        fresh.close()
    finally:
        await new.close()
