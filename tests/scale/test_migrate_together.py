"""Two migrations started together on PostgreSQL (two hosts' `switchboard db upgrade`, workers starting at once):
one migrates, the other waits for its advisory lock and then finds nothing to do, as the README says."""

from __future__ import annotations

import asyncio

from switchboard.store.db import Database
from tests.backends import postgres_database


async def _upgrade_together(url: str) -> list[bool]:
    first, second = Database(url), Database(url)
    try:
        return list(await asyncio.gather(first.upgrade(), second.upgrade()))
    finally:
        await first.close()
        await second.close()


def test_the_second_of_two_migrations_at_once_says_it_had_nothing_to_do() -> None:
    """Both found the schema behind before either took the lock, and the second, once it had it, said
    "Database migrated to the newest migration" for an upgrade Alembic had nothing left to do in."""
    with postgres_database("sbmigrate") as url:
        migrated = asyncio.run(_upgrade_together(url))
        assert sorted(migrated) == [False, True], migrated
        assert asyncio.run(_upgrade_together(url)) == [False, False]
