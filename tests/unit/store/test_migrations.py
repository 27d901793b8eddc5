"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from switchboard.store.db import HEAD_REVISION, Database, alembic_config
from switchboard.store.models import Base
from tests.backends import POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'schema.db'}"
        return
    name = f"sbtest_{uuid.uuid4().hex[:12]}"
    try:
        admin = await asyncpg.connect(POSTGRES_URL)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc}")  # fails, never skips
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_match_the_models(database_url: str) -> None:
    db = Database(database_url)
    try:
        await db.upgrade()
        await db.upgrade()  # a second run is a no-op
        async with db.engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await db.close()
    assert differences == []


def _at(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection), revision)


async def test_upgrading_a_filled_sqlite_database_keeps_every_row_and_never_reuses_ids(tmp_path: Path) -> None:
    """N2: tables rebuilt with AUTOINCREMENT keep their rows (children included) and their cascades."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        async with db.engine.begin() as connection:
            await connection.run_sync(_at, "0007")
            await connection.exec_driver_sql(
                "INSERT INTO partners (id, name, client_id, client_secret_hash, ip_allow_list, created_at) "
                "VALUES (1, 'P', 'cid', 'h', '[]', '2026-01-01')"
            )
            for account in (1, 2):
                await connection.exec_driver_sql(
                    "INSERT INTO accounts (id, partner_id, api_id, name, description, timezone, created_at) "
                    "VALUES (?, 1, ?, 'A', '', 'UTC', '2026-01-01')",
                    (account, f"a{account}"),
                )
                await connection.exec_driver_sql(
                    "INSERT INTO account_connectors (id, account_id, connector_key, name, description, properties, "
                    "credentials_version, auth_state, refresh_failures, created_at, updated_at) "
                    "VALUES (?, ?, 'salesloft', 'S', '', '{}', 0, 'authenticated', 0, '2026-01-01', '2026-01-01')",
                    (account, account),
                )
        await db.upgrade()
        async with db.engine.begin() as connection:
            rows = (await connection.exec_driver_sql("SELECT id, uid FROM account_connectors ORDER BY id")).all()
            assert [r[0] for r in rows] == [1, 2]  # the children survived the parent's rebuild
            uids = (await connection.exec_driver_sql("SELECT uid FROM accounts")).scalars().all()
            assert len(set(uids)) == 2 and all(len(u) == 32 for u in uids)
            await connection.exec_driver_sql("DELETE FROM accounts WHERE id = 2")  # the newest
            left = (await connection.exec_driver_sql("SELECT id FROM account_connectors")).scalars().all()
            assert left == [1]  # ON DELETE CASCADE still works
            await connection.exec_driver_sql(
                "INSERT INTO accounts (partner_id, api_id, uid, name, description, timezone, created_at) "
                "VALUES (1, 'a3', 'x', 'A', '', 'UTC', '2026-01-01')"
            )
            newest = (await connection.exec_driver_sql("SELECT max(id) FROM accounts")).scalar()
            assert newest == 3  # not 2: a deleted account's id is never given again
    finally:
        await db.close()


def test_the_head_revision_a_start_checks_for_is_alembics_head() -> None:
    """A start at ``HEAD_REVISION`` skips Alembic: a new migration must move it, or starts would skip it."""
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD_REVISION]


async def test_only_a_schema_at_the_head_is_at_the_head(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'head.db'}")
    try:
        assert await db.at_head() is False  # empty: no alembic_version table yet
        await db.upgrade()
        assert await db.at_head() is True
        async with db.engine.begin() as connection:  # an older schema is not at the head
            await connection.execute(text("UPDATE alembic_version SET version_num = '0013_cyclr_accounts'"))
        assert await db.at_head() is False
    finally:
        await db.close()


async def _upgraded(url: str) -> None:
    db = Database(url)
    try:
        await db.upgrade()
    finally:
        await db.close()


def test_a_start_at_the_head_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'head.db'}"
    asyncio.run(_upgraded(url))
    script = (
        "import asyncio, sys\n"
        "from switchboard.store.db import Database\n"
        f"db = Database({url!r})\n"
        "asyncio.run(db.upgrade())\n"
        "print('alembic' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False", found.stderr
