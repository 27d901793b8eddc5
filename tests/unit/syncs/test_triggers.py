"""Provider events ask a connection's syncs for a run on the real store (SQLite): not those paused or failing,
which wait out their pause or backoff (an event stream hammered a failing sync's provider)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from switchboard.store.db import Database
from switchboard.store.sync_models import Sync
from switchboard.syncs.triggers import EventTrigger
from tests.unit.sync_rows import add_connections, sync_row

STATES = ("idle", "running", "failing", "paused")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'triggers.db'}")
    await database.upgrade()
    async with database.session() as session:
        await add_connections(session, "authenticated")
        for state in STATES:
            session.add(sync_row(account_connector_id=1, name=state, state=state))
    yield database
    await database.close()


async def test_an_event_asks_for_a_run_only_where_no_wait_is_owed(db: Database) -> None:
    woken: list[bool] = []
    trigger = EventTrigger(db, lambda: woken.append(True))
    await trigger(SimpleNamespace(account_connector_id=1, connector_key="salesloft"))
    async with db.session() as session:
        asked = {row.name: row.run_requested for row in (await session.execute(select(Sync))).scalars()}
    assert asked == {"idle": True, "running": True, "failing": False, "paused": False}
    assert woken == [True]
