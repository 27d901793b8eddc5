"""A sync deleted while its run ends, on the real store (SQLite): the run stops quietly, with no error.

The API's DELETE lands between the run's last read of its row and its last write in under a
millisecond, too narrow to aim at over HTTP; here the delete is made at that point by another
connection, as the API's would be (``tests/integration/test_syncs.py`` deletes one mid-run over HTTP).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from switchboard.events import Outbox
from switchboard.store.db import Database
from switchboard.store.sync_models import Sync
from switchboard.syncs import SyncLimits
from switchboard.syncs.run import SyncRunner
from tests.unit.sync_rows import add_connections, sync_row

OWNER = "worker-1"


async def seed(db: Database) -> int:
    """A sync whose run has read its last page (checkpoint complete) and is held by ``OWNER``."""
    now = time.time()
    async with db.session() as session:
        await add_connections(session, "authenticated")
        row = sync_row(
            frequency_minutes=60,
            deletes={"mode": "none"},
            state="running",
            runs=1,
            run_started_at=now,
            run_progress={"pages": 1, "records": 0, "attempts": 1},
            checkpoint={"complete": True},
            lease_owner=OWNER,
            lease_expires_at=now + 60,
            next_run_at=now,
        )
        session.add(row)
        await session.flush()
        return row.id


@pytest.fixture
def deleted_at_the_last_write(db: Database) -> Iterator[list[int]]:
    """Deletes the sync, from another connection, as the run's session is about to write it."""
    path = db.url.database
    assert path is not None
    done: list[int] = []

    def delete(session: Session, *_: Any) -> None:
        for obj in session.dirty:
            if isinstance(obj, Sync) and not done:
                with sqlite3.connect(path) as other:
                    other.execute("PRAGMA foreign_keys=ON")
                    other.execute("DELETE FROM syncs WHERE id = ?", (obj.id,))
                done.append(obj.id)

    event.listen(Session, "before_flush", delete)
    try:
        yield done
    finally:
        event.remove(Session, "before_flush", delete)


async def test_a_sync_deleted_as_its_run_completes_stops_without_an_error(
    db: Database, deleted_at_the_last_write: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    sync_id = await seed(db)
    parts: Any = SimpleNamespace(
        db=db, registry=None, connections=None, engine=None, recorder=None, outbox=Outbox(db, lambda key: None)
    )
    runner = SyncRunner(parts, SyncLimits(lease_seconds=60), OWNER)
    with caplog.at_level(logging.INFO, logger="switchboard.syncs"):
        outcome = await runner.run(sync_id)
    assert deleted_at_the_last_write == [sync_id]  # the delete did land between the read and the write
    assert outcome == "lost"
    logged = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "switchboard.syncs"]
    assert logged == [(logging.INFO, f"sync {sync_id}: deleted during its run; this attempt stops")], logged
    async with db.session() as session:
        assert (await session.execute(select(func.count()).select_from(Sync))).scalar_one() == 0
