"""Processes that find a new SQLite store at once (a `switchboard partner create` beside a first `serve`): one
migrates, the others wait and find the schema at its head. Two at once both created the same tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from switchboard.store.db import HEAD_REVISION

UPGRADE = """
import asyncio, sys
from switchboard.store.db import Database

async def main() -> None:
    db = Database(sys.argv[1])
    await db.upgrade()
    await db.close()

asyncio.run(main())
"""


def test_processes_upgrading_one_new_store_together_all_succeed(tmp_path: Path) -> None:
    store = tmp_path / "switchboard.db"
    url = f"sqlite+aiosqlite:///{store}"
    started = [
        subprocess.Popen([sys.executable, "-c", UPGRADE, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    ended = [(process.wait(120), process.stderr.read().decode() if process.stderr else "") for process in started]
    assert [code for code, _ in ended] == [0, 0, 0, 0], [said[-800:] for _, said in ended]
    with create_engine(f"sqlite:///{store}").connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD_REVISION
