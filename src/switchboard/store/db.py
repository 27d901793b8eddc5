"""The database: async engine, sessions and schema migrations (Alembic)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from switchboard.errors import ConfigurationError
from switchboard.store.turns import Turns

if TYPE_CHECKING:
    from alembic.config import Config

    from switchboard.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration (tests/unit/store/test_migration_head.py checks it is Alembic's head). A start
# that finds the schema there skips Alembic: importing it and its scripts was most of a start's upgrade.
HEAD_REVISION = "0019_partner_properties"
_MIGRATION_LOCK = 0x5357_4D49  # PostgreSQL's advisory lock key for migrations ("SWMI")


def _json_text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _json_value(stored: str | bytes | int | float) -> Any:
    """A JSON column's value. SQLite gives a column typed JSON numeric affinity: a document that is one
    number (a provider's webhook body ``123``) is stored, and read back, as that number, not its text."""
    return stored if isinstance(stored, int | float) else orjson.loads(stored)


class Database:
    """One engine and session factory per process."""

    def __init__(self, url: str, *, pool_size: int = 10, max_overflow: int = 20) -> None:
        """``pool_size`` and ``max_overflow``: this process's PostgreSQL connections, kept and at most
        (``SWITCHBOARD_DB_POOL_SIZE``, ``SWITCHBOARD_DB_MAX_OVERFLOW``); unused on SQLite."""
        self.url = make_url(url)
        self.pool_size = pool_size
        self.max_overflow = max_overflow
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            database = self.url.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
                create_private(Path(database))
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs.update(pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True)
        # JSON columns (call log exchanges, webhook payloads) through orjson: the stdlib encoder
        # was the call log writer's largest cost.
        kwargs.update(json_serializer=_json_text, json_deserializer=_json_value)
        # A database error's text names the statement, not what it was given: a caller's values (what a bug or a
        # refused value logs with its traceback) stay out of the log.
        kwargs["hide_parameters"] = True
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "invalidate", _roll_back_before_close)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._turns = Turns()

    @classmethod
    def configured(cls, settings: Settings) -> Database:
        """The database the settings name, its PostgreSQL pool sized as they say."""
        return cls(
            settings.resolved_database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
        )

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session whose transaction commits on success and rolls back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    def writing(self, *, first: bool = False) -> AbstractAsyncContextManager[Any]:
        """A turn at writing, for this process's busiest writers (hook events, their forwarding, webhook
        delivery). SQLite takes one writer at a time and a waiter polls for the file's lock, sleeping up
        to 100 ms a try, so at a high rate one can lose the race for seconds; here they queue in order,
        those with ``first`` (the received events, whose requests wait) ahead of the rest (``Turns``).
        Other databases lock rows, not the file: nothing to wait for."""
        return self._turns.turn(first=first) if self.is_sqlite else nullcontext()

    async def upgrade(self, seal: Callable[[Connection], object] | None = None) -> bool:
        """Create or upgrade the schema to the newest migration; whether it migrated (False: it was there).

        ``seal`` (``store.properties.seal_plaintext`` bound to the key and the catalogue) is handed
        to migrations that move values into encrypted columns (0009_hard_sec); without it they move at the
        server's start (:meth:`seal`).
        """
        # One process migrates at a time (a `switchboard partner create` beside a first `serve`, workers starting
        # together): the others wait, then find the schema at its head. Two at once both created the same tables;
        # on SQLite even the check waits, since a connection opened mid-migration can find the file locked.
        async with self._migrating():
            if await self.at_head():
                return False
            async with self.engine.begin() as connection:
                if not self.is_sqlite:  # held until this transaction ends
                    await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
                if not await connection.run_sync(_upgrade, seal):
                    return False  # another process migrated while this one waited for the lock
        if self.is_sqlite:
            # A migration may turn SQLite's foreign keys off on its connection (rebuilding a table);
            # new connections get the pragmas of _sqlite_pragmas again.
            await self.engine.dispose()
        return True

    @asynccontextmanager
    async def _migrating(self) -> AsyncIterator[None]:
        """SQLite: an exclusive lock on a file beside the database (released however the process ends).
        PostgreSQL's is an advisory lock in the migration's transaction."""
        database = self.url.database
        try:
            import fcntl
        except ImportError:  # no flock (Windows): one process at a time is the operator's to keep
            fcntl = None  # type: ignore[assignment]
        if fcntl is None or not self.is_sqlite or not database or database == ":memory:":
            yield
            return
        lock = Path(f"{database}.migrate.lock")
        create_private(lock)  # as every file of the data folder: the owner's alone
        with lock.open("a") as held:  # noqa: ASYNC230 - opening an empty file
            await asyncio.to_thread(fcntl.flock, held, fcntl.LOCK_EX)  # a wait of a migration's length at most
            yield

    async def at_head(self) -> bool:
        """Whether the schema is at ``HEAD_REVISION`` (False with no schema yet, or an older or newer one)."""
        async with self.engine.connect() as connection:
            try:
                versions = set((await connection.scalars(text("SELECT version_num FROM alembic_version"))).all())
            except DBAPIError:  # no alembic_version table: an empty database
                return False
        return versions == {HEAD_REVISION}

    async def seal(self, seal: Callable[[Connection], object]) -> None:
        """Run ``seal`` in one transaction: at every start, so a property marked secret later is sealed too."""
        async with self.engine.begin() as connection:
            await connection.run_sync(seal)

    async def close(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None, seal: Callable[[Connection], object] | None = None) -> Config:
    # Imported here: only a start that migrates needs Alembic (the call log's writer process never does).
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    if seal is not None:
        config.attributes["seal"] = seal
    return config


def _upgrade(connection: Connection, seal: Callable[[Connection], object] | None) -> bool:
    """Whether it migrated: under the lock the schema may have reached its head since it was looked at."""
    from alembic import command

    if connection.dialect.name == "postgresql":
        # Workers starting together must not migrate together: one takes the lock, the rest wait.
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7462001)")

    _refuse_unknown_revisions(connection)
    if _stored_revisions(connection) == {HEAD_REVISION}:
        return False
    command.upgrade(alembic_config(connection, seal), "head")
    return True


def _stored_revisions(connection: Connection) -> set[str]:
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _refuse_unknown_revisions(connection: Connection) -> None:
    """A schema migrated by a newer release (an older one started on it: a rollback) is said in words, not as
    Alembic's traceback about a revision it cannot locate."""
    from alembic.script import ScriptDirectory

    stored = _stored_revisions(connection)
    if not stored:
        return
    script = ScriptDirectory.from_config(alembic_config())
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = sorted(stored - known)
    if unknown:
        raise ConfigurationError(
            f"the database's schema is at revision {', '.join(unknown)}, which this Switchboard does not know (its "
            f"newest is {HEAD_REVISION}): a newer release migrated it. Run that release or a later one; this one "
            "cannot use the database, and nothing was changed"
        )


def create_private(path: Path) -> None:
    """Create the SQLite file readable by its owner only (it holds hashes and encrypted secrets);
    SQLite gives its -wal and -shm files the same mode."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _roll_back_before_close(dbapi_connection: Any, _record: Any, _error: BaseException | None) -> None:
    """Roll back a connection SQLAlchemy is about to close as unusable (a task cancelled mid-statement).

    Closing alone is not enough on SQLite: a statement of the cancelled work, still referenced by its
    traceback, keeps the closed connection alive in SQLite, write lock and all, and every other writer
    of the file then waits out its busy timeout (``database is locked``) until the garbage is gone. A
    ROLLBACK ends the transaction whatever statements are left open."""
    with suppress(Exception):  # the connection may be gone already: closing it is all that is left
        dbapi_connection.rollback()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; foreign keys make ON DELETE CASCADE work.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
