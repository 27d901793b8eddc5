"""An older release started on a database a newer one migrated (a rollback): refused in words, nothing changed."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import asyncpg

from switchboard.store.db import HEAD_REVISION
from tests.backends import postgres_database
from tests.harness import server_env


async def _sql(url: str, statement: str) -> list[str]:
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return [row[0] for row in await connection.fetch(statement)]
    finally:
        await connection.close()


def test_a_schema_from_a_newer_release_is_refused_in_words(tmp_path: Path) -> None:
    with postgres_database("sbnewer") as database:
        env = server_env(tmp_path, {}, SWITCHBOARD_DATABASE_URL=database)

        def upgrade() -> subprocess.CompletedProcess[str]:
            command = [sys.executable, "-m", "switchboard", "db", "upgrade"]
            return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

        assert upgrade().returncode == 0
        asyncio.run(_sql(database, "UPDATE alembic_version SET version_num = '0099_from_the_future' RETURNING 1"))
        refused = upgrade()
        assert refused.returncode == 1
        assert "Traceback" not in refused.stderr
        assert (
            "error: the database's schema is at revision 0099_from_the_future, which this Switchboard does not know "
            f"(its newest is {HEAD_REVISION}): a newer release migrated it" in refused.stderr
        )
        assert asyncio.run(_sql(database, "SELECT version_num FROM alembic_version")) == ["0099_from_the_future"]
