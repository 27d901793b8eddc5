"""A task cancelled in the middle of a session's statements leaves no lock behind on SQLite.

The sync heartbeat is cancelled whenever a run's attempt ends, mid-write now and then; before the
fix, one such cancellation in a dozen kept the file's write lock with the closed connection, and
every other writer waited out its busy timeout (``database is locked``) while it lasted.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from pathlib import Path

from sqlalchemy import text

from switchboard.store.db import Database

ROUNDS = 300


async def test_cancelling_a_session_mid_statement_releases_the_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "locks.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    async with db.session() as session:
        await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)"))
        await session.execute(text("INSERT INTO t VALUES (1, 0)"))

    async def beat() -> None:  # as the heartbeat's: a write, then a read in the same transaction
        async with db.session() as session:
            await session.execute(text("UPDATE t SET v = v + 1 WHERE id = 1 RETURNING v"))
            await session.execute(text("SELECT v FROM t"))

    rng = random.Random(7)
    locked = []
    try:
        for round_ in range(ROUNDS):
            task = asyncio.create_task(beat())
            await asyncio.sleep(rng.random() * 0.002)  # anywhere from before the first statement to after the commit
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            other = sqlite3.connect(path, timeout=1.0)  # another writer, as the CLI's `partner create`
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("UPDATE t SET v = v + 1 WHERE id = 1")
                other.execute("COMMIT")
            except sqlite3.OperationalError as error:
                locked.append((round_, str(error)))
                break  # the next round's writes would wait out the busy timeout
            finally:
                other.close()
            del task  # the cancelled task's traceback is what kept the statement, and the lock, alive
    finally:
        await db.close()
    assert locked == [], f"a cancelled session left the file locked: {locked}"
