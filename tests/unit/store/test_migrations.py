"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from switchboard.store.db import Database, alembic_config
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
