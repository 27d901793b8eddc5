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
from switchboard.store.models import Account, AccountConnector, Partner
from switchboard.store.sync_models import Sync
from switchboard.syncs import SyncLimits
from switchboard.syncs.run import SyncRunner

OWNER = "worker-1"


async def seed(db: Database) -> int:
    """A sync whose run has read its last page (checkpoint complete) and is held by ``OWNER``."""
    now = time.time()
    async with db.session() as session:
        session.add(Partner(id=1, name="P", client_id="c", client_secret_hash="h"))
        await session.flush()
        session.add(Account(id=1, partner_id=1, api_id="a", name="A"))
        await session.flush()
        session.add(
            AccountConnector(id=1, account_id=1, connector_key="salesloft", name="S", auth_state="authenticated")
        )
        await session.flush()
        row = Sync(
            account_connector_id=1,
            name="people",
            method_id="724da6d2-7e2f-429a-a60b-26062c811f68",
            parameters={},
            frequency_minutes=60,
            key_path="id",
            deletes={"mode": "none"},
            excluded_fields=[],
            enabled=True,
            state="running",
            runs=1,
            run_started_at=now,
            run_full=True,
            run_reset=False,
            run_requested=False,
            reset_requested=False,
            run_progress={"pages": 1, "records": 0, "attempts": 1},
            checkpoint={"complete": True},
            change_seq=0,
            failures=0,
            lease_owner=OWNER,
            lease_expires_at=now + 60,
            next_run_at=now,
            created_at=now,
            updated_at=now,
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
