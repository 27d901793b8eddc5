"""The hook inbox: on SQLite, received provider events wait in a file of their own until moved.

A SQLite file takes one writer at a time, and a writer that finds it locked sleeps 1, 2, 5 ... 100 ms
between tries. With the events process forwarding and delivering and the call log's writer in the
same file, an acknowledgement waited for their transactions (a p99 of 120 ms at 500 events a
second). So received events are committed to ``hooks-inbox.db`` beside the database, which only the
serving processes write (``Inbox.add``, which also deletes what was moved); the events process
reads it and moves its rows into ``hook_events`` (``move_batch``), recording how far it got in
``hook_inbox_marks`` in the same transaction. The inbox's ids continue past that mark, even when
its file is new (``Inbox.open``), so nothing is moved twice or skipped.

The inbox is not migrated: one table, created when missing, whose rows live for milliseconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, event, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.store.db import Database, create_private, sqlite_pragmas
from switchboard.store.hooks import INSERT_ROWS, event_key, new_counts
from switchboard.store.models import AccountConnector, Base, HookEvent, Partner

INBOX_NAME = "hooks-inbox.db"


class HookInboxMark(Base):
    """How far the events processes have moved the inbox (its ids up to ``moved_to`` are in ``hook_events``)."""

    __tablename__ = "hook_inbox_marks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    moved_to: Mapped[int] = mapped_column(Integer)


_metadata = MetaData()
_inbox = Table(
    "inbox",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("partner_id", Integer, nullable=False),
    Column("connector_key", String(64), nullable=False),
    Column("provider_event_id", String(200)),
    Column("row", Text, nullable=False),  # the hook_events row, as JSON
    Index("ux_inbox_provider_id", "partner_id", "connector_key", "provider_event_id", unique=True),
    sqlite_autoincrement=True,  # ids never go back below the mark
)
_MARK = 1  # the one row of hook_inbox_marks
# AUTOINCREMENT keeps a table's highest id in sqlite_sequence: set, it makes the next ids follow the mark.
_SEQ_READ = "SELECT seq FROM sqlite_sequence WHERE name = 'inbox'"
_SEQ_START = "INSERT INTO sqlite_sequence (name, seq) VALUES ('inbox', :m)"
_SEQ_MOVE = "UPDATE sqlite_sequence SET seq = :m WHERE name = 'inbox'"


class Inbox:
    """The inbox file of one SQLite database: ``add`` for the server, ``rows_after`` for the events process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        create_private(path)
        self._engine: AsyncEngine = create_async_engine(
            f"sqlite+aiosqlite:///{path}", connect_args={"timeout": 30}, pool_size=2
        )
        event.listen(self._engine.sync_engine, "connect", sqlite_pragmas)
        self._deleted_to = -1

    @classmethod
    def beside(cls, db: Database) -> Inbox | None:
        """The inbox of a SQLite file database; None for others (PostgreSQL locks rows, not the file)."""
        database = db.url.database if db.is_sqlite else None
        if not database or database == ":memory:":
            return None
        return cls(Path(database).parent / INBOX_NAME)

    async def open(self, db: Database) -> None:
        """Create the table when missing, and start its ids past the moved mark (a new file included)."""
        moved_to = await moved_mark(db)
        async with self._engine.begin() as connection:
            await connection.run_sync(_metadata.create_all)
            seq = (await connection.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'inbox'"))).scalar()
            if seq is None:
                await connection.execute(
                    text("INSERT INTO sqlite_sequence (name, seq) VALUES ('inbox', :m)"), {"m": moved_to}
                )
            elif seq < moved_to:
                await connection.execute(
                    text("UPDATE sqlite_sequence SET seq = :m WHERE name = 'inbox'"), {"m": moved_to}
                )

    async def add(self, db: Database, groups: list[list[dict[str, Any]]]) -> list[int]:
        """Commit the rows of several requests; how many of each request's were new (by provider id).

        An id is a duplicate if ``hook_events`` has it (read with the moved mark, in one snapshot) or
        the inbox does (its unique index). Rows already moved are deleted in the same transaction.
        """
        rows = [row for group in groups for row in group]
        async with db.sessions() as session:
            moved_to, seen = await _moved_and_seen(session, rows)
        fresh = [r for r in rows if r["provider_event_id"] is None or event_key(r) not in seen]
        inserted: list[tuple[Any, ...]] = []
        async with self._engine.begin() as connection:
            if moved_to > self._deleted_to:
                await connection.execute(_inbox.delete().where(_inbox.c.id <= moved_to))
                self._deleted_to = moved_to
            for start in range(0, len(fresh), INSERT_ROWS):
                values = [
                    {
                        "partner_id": r["partner_id"],
                        "connector_key": r["connector_key"],
                        "provider_event_id": r["provider_event_id"],
                        "row": orjson.dumps(r).decode(),
                    }
                    for r in fresh[start : start + INSERT_ROWS]
                ]
                statement = (
                    sqlite.insert(_inbox)
                    .values(values)
                    .on_conflict_do_nothing()
                    .returning(_inbox.c.partner_id, _inbox.c.connector_key, _inbox.c.provider_event_id)
                )
                inserted.extend(tuple(r) for r in (await connection.execute(statement)).all())
        return new_counts(groups, inserted)

    async def rows_after(self, moved_to: int, limit: int) -> list[tuple[int, dict[str, Any]]]:
        """The next rows to move, oldest first."""
        query = select(_inbox.c.id, _inbox.c.row).where(_inbox.c.id > moved_to).order_by(_inbox.c.id).limit(limit)
        async with self._engine.connect() as connection:
            return [(int(i), orjson.loads(row)) for i, row in (await connection.execute(query)).all()]

    async def close(self) -> None:
        await self._engine.dispose()


async def moved_mark(db: Database) -> int:
    async with db.sessions() as session:
        return (await session.scalar(select(HookInboxMark.moved_to).where(HookInboxMark.id == _MARK))) or 0


async def move_batch(db: Database, inbox: Inbox, limit: int) -> int:
    """Move the inbox's next rows into ``hook_events`` (as pending) with the mark, in one transaction.

    Rows of a partner deleted since are dropped; a connection deleted since leaves the event to be
    routed by its payload. Another events process that moved them first wins: nothing is written.
    """
    moved_to = await moved_mark(db)
    found = await inbox.rows_after(moved_to, limit)
    if not found:
        return 0
    rows = [row for _, row in found]
    async with db.writing(), db.session() as session:  # a turn: see Database.writing
        advanced = await session.execute(
            update(HookInboxMark)
            .where(HookInboxMark.id == _MARK, HookInboxMark.moved_to == moved_to)
            .values(moved_to=found[-1][0])
        )
        if not getattr(advanced, "rowcount", 0):
            return 0  # another process moved them
        partners = set(
            (await session.scalars(select(Partner.id).where(Partner.id.in_({r["partner_id"] for r in rows})))).all()
        )
        named = {r["account_connector_id"] for r in rows if r["account_connector_id"] is not None}
        live = set((await session.scalars(select(AccountConnector.id).where(AccountConnector.id.in_(named)))).all())
        kept = [
            {
                **r,
                "account_connector_id": r["account_connector_id"] if r["account_connector_id"] in live else None,
            }
            for r in rows
            if r["partner_id"] in partners
        ]
        for start in range(0, len(kept), INSERT_ROWS):
            await session.execute(
                sqlite.insert(HookEvent).values(kept[start : start + INSERT_ROWS]).on_conflict_do_nothing()
            )
    return len(found)


async def _moved_and_seen(session: AsyncSession, rows: list[dict[str, Any]]) -> tuple[int, set[tuple[Any, ...]]]:
    """The moved mark and the provider ids among ``rows`` that ``hook_events`` holds, in one read transaction."""
    async with session.begin():
        moved_to = (await session.scalar(select(HookInboxMark.moved_to).where(HookInboxMark.id == _MARK))) or 0
        ids = {r["provider_event_id"] for r in rows if r["provider_event_id"] is not None}
        if not ids:
            return moved_to, set()
        query = select(HookEvent.partner_id, HookEvent.connector_key, HookEvent.provider_event_id).where(
            HookEvent.provider_event_id.in_(ids), HookEvent.partner_id.in_({r["partner_id"] for r in rows})
        )
        return moved_to, {tuple(r) for r in (await session.execute(query)).all()}


__all__ = ["INBOX_NAME", "HookInboxMark", "Inbox", "move_batch", "moved_mark"]
