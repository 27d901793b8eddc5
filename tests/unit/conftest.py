"""What unit tests on a real SQLite store share: the database at the newest schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from switchboard.store.db import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A SQLite file database at the newest schema."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'switchboard.db'}")
    await database.upgrade()
    yield database
    await database.close()
