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

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Integer, String, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.errors import Unavailable
from switchboard.store.db import Database, create_private
from switchboard.store.hooks import INSERT_ROWS, event_key, new_counts
from switchboard.store.models import AccountConnector, Base, HookEvent, Partner

INBOX_NAME = "hooks-inbox.db"

log = logging.getLogger("switchboard.hooks")


class HookInboxMark(Base):
    """How far the events processes have moved the inbox (its ids up to ``moved_to`` are in ``hook_events``)."""

    __tablename__ = "hook_inbox_marks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    moved_to: Mapped[int] = mapped_column(Integer)
    store_id: Mapped[str] = mapped_column(String(32))  # the database's own name, kept in its inbox too


_MARK = 1  # the one row of hook_inbox_marks
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS inbox (id INTEGER PRIMARY KEY AUTOINCREMENT, partner_id INTEGER NOT NULL, "
    "connector_key VARCHAR(64) NOT NULL, provider_event_id VARCHAR(200), row TEXT NOT NULL)",
    "CREATE UNIQUE INDEX IF NOT EXISTS ux_inbox_provider_id ON inbox (partner_id, connector_key, provider_event_id)",
    "CREATE TABLE IF NOT EXISTS belongs_to (store_id TEXT NOT NULL)",
)
_INSERT = (
    "INSERT INTO inbox (partner_id, connector_key, provider_event_id, row) VALUES (?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING RETURNING partner_id, connector_key, provider_event_id"
)
_MARK_READ = "SELECT moved_to FROM hook_inbox_marks WHERE id = 1"
_STORE_READ = "SELECT moved_to, store_id FROM hook_inbox_marks WHERE id = 1"
_SEEN = (  # the ids as one JSON array: one statement whatever their number
    "SELECT partner_id, connector_key, provider_event_id FROM hook_events "
    "WHERE partner_id = ? AND connector_key = ? AND provider_event_id IN (SELECT value FROM json_each(?))"
)
BUSY_SECONDS = 30.0  # another serving process holding the inbox: retried this long (as busy_timeout)


class Inbox:
    """The inbox file of one SQLite database: ``add`` for the servers, ``rows_after`` for the events process.

    It speaks to SQLite with the standard library's ``sqlite3`` on the calling loop, not through a
    thread as aiosqlite does: a group commit is a few statements of well under a millisecond each, and
    every hop to the thread and back waited for the GIL while the loop served calls (5 ms at the
    median, 25 ms at p99, at 500 events and 500 calls a second). A busy file is never waited on in
    SQLite's busy handler: ``add`` raises ``InboxBusy`` at once and its caller sleeps on the loop.
    """

    def __init__(self, path: Path, database: Path) -> None:
        self.path = path
        self._inbox = _connect(path)
        # The database itself, read only here: the moved mark and the events already moved.
        self._main = sqlite3.connect(database, timeout=1, isolation_level=None, check_same_thread=False)
        self._deleted_to = -1

    @classmethod
    def beside(cls, db: Database) -> Inbox | None:
        """The inbox of a SQLite file database; None for others (PostgreSQL locks rows, not the file)."""
        database = db.url.database if db.is_sqlite else None
        if not database or database == ":memory:":
            return None
        return cls(Path(database).parent / INBOX_NAME, Path(database))

    def open(self) -> None:
        """Create the table when missing, and start its ids past the moved mark (a new file included).

        An inbox file that names another database (this one was replaced beside it) is set aside,
        renamed, never moved in: its partner and connection ids would be this database's others.
        """
        moved_to, store_id = self._main.execute(_STORE_READ).fetchone()
        with _transaction(self._inbox, "BEGIN IMMEDIATE"):
            for statement in _SCHEMA:
                self._inbox.execute(statement)
            owner = self._inbox.execute("SELECT store_id FROM belongs_to").fetchone()
            if owner is None:
                self._inbox.execute("INSERT INTO belongs_to (store_id) VALUES (?)", (store_id,))
            if owner is None or owner[0] == store_id:
                # AUTOINCREMENT keeps the highest id in sqlite_sequence: set, the next ids follow the mark.
                seq = self._inbox.execute("SELECT seq FROM sqlite_sequence WHERE name = 'inbox'").fetchone()
                if seq is None:
                    self._inbox.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('inbox', ?)", (moved_to,))
                elif seq[0] < moved_to:
                    self._inbox.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'inbox'", (moved_to,))
                return
        self._set_aside()
        self.open()

    def add(self, groups: list[list[dict[str, Any]]]) -> list[int]:
        """Commit the rows of several requests; how many of each request's were new (by provider id).

        An id is a duplicate if ``hook_events`` has it (read with the moved mark, in one snapshot) or
        the inbox does (its unique index). Rows already moved are deleted in the same transaction.
        Raises ``InboxBusy`` when another process holds the inbox, or the database cannot be read at
        the moment (nothing was written).
        """
        rows = [row for group in groups for row in group]
        inserted: list[tuple[Any, ...]] = []
        try:
            moved_to, seen = self._moved_and_seen(rows)
            with _transaction(self._inbox, "BEGIN IMMEDIATE"):
                if moved_to > self._deleted_to:
                    self._inbox.execute("DELETE FROM inbox WHERE id <= ?", (moved_to,))
                for r in rows:
                    if r["provider_event_id"] is not None and event_key(r) in seen:
                        continue
                    values = (r["partner_id"], r["connector_key"], r["provider_event_id"], orjson.dumps(r).decode())
                    inserted.extend(self._inbox.execute(_INSERT, values).fetchall())
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise InboxBusy() from exc
            raise
        self._deleted_to = max(self._deleted_to, moved_to)
        return new_counts(groups, inserted)

    def _moved_and_seen(self, rows: list[dict[str, Any]]) -> tuple[int, set[tuple[Any, ...]]]:
        """The moved mark and the provider ids among ``rows`` that ``hook_events`` holds, in one snapshot."""
        ids: dict[tuple[int, str], set[str]] = {}
        for r in rows:
            if r["provider_event_id"] is not None:
                ids.setdefault((r["partner_id"], r["connector_key"]), set()).add(r["provider_event_id"])
        seen: set[tuple[Any, ...]] = set()
        with _transaction(self._main, "BEGIN"):
            moved_to = int(self._main.execute(_MARK_READ).fetchone()[0])
            for (partner_id, connector_key), some in ids.items():  # by the unique index's leading columns
                found = self._main.execute(_SEEN, (partner_id, connector_key, orjson.dumps(sorted(some)).decode()))
                seen.update(tuple(r) for r in found.fetchall())
        return moved_to, seen

    def _set_aside(self) -> None:
        self._inbox.close()
        aside = f"{self.path.name}.other-{int(time.time())}"
        for suffix in ("", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                self.path.with_name(self.path.name + suffix).rename(self.path.with_name(aside + suffix))
        log.warning("the hook inbox belonged to another database: set aside as %s", aside)
        self._inbox = _connect(self.path)

    def rows_after(self, moved_to: int, limit: int) -> list[tuple[int, dict[str, Any]]]:
        """The next rows to move, oldest first."""
        found = self._inbox.execute("SELECT id, row FROM inbox WHERE id > ? ORDER BY id LIMIT ?", (moved_to, limit))
        return [(int(i), orjson.loads(row)) for i, row in found.fetchall()]

    def close(self) -> None:
        self._inbox.close()
        self._main.close()


class InboxBusy(Unavailable):
    """Another serving process holds the inbox's write lock: try again in a moment."""

    def __init__(self) -> None:
        super().__init__("The hook inbox is busy; send the request again")


def _connect(path: Path) -> sqlite3.Connection:
    create_private(path)
    connection = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


@contextmanager
def _transaction(connection: sqlite3.Connection, begin: str) -> Iterator[None]:
    connection.execute(begin)
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


async def moved_mark(db: Database) -> int:
    async with db.sessions() as session:
        return (await session.scalar(select(HookInboxMark.moved_to).where(HookInboxMark.id == _MARK))) or 0


async def move_batch(db: Database, inbox: Inbox, limit: int) -> int:
    """Move the inbox's next rows into ``hook_events`` (as pending) with the mark, in one transaction.

    Rows of a partner deleted since are dropped; a connection deleted since leaves the event to be
    routed by its payload. Another events process that moved them first wins: nothing is written.
    """
    moved_to = await moved_mark(db)
    found = inbox.rows_after(moved_to, limit)
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


__all__ = ["BUSY_SECONDS", "INBOX_NAME", "HookInboxMark", "Inbox", "InboxBusy", "move_batch", "moved_mark"]
