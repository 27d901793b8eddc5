"""Claiming a run per key: each key's due deliveries after its oldest, in order, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select, update

from switchboard.events.deliveries import Outcome, claim, record_attempts, release
from switchboard.store.db import Database
from switchboard.store.models import WebhookDelivery
from tests.unit.events.test_outbox import db, pg, seeded

__all__ = ["db", "pg"]  # the fixtures, shared with the outbox's tests

OK = Outcome(200, None, 1.0)
FAILED = Outcome(500, "The receiver answered 500", 1.0)


async def test_a_run_is_each_keys_due_deliveries_in_order(db: Database) -> None:
    await seeded(db, [1, 1, 2, 1, 2, 3])
    async with db.session() as session:
        got = await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite, chain=2)
    assert [(c.data["Key"], c.ordering_key) for c in got] == [(1, "1"), (1, "1"), (2, "2"), (2, "2"), (3, "3")]
    async with db.session() as session:
        rest = await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite, chain=2)
    assert rest == []  # key 1's third waits behind the two leased ahead of it


async def test_a_failure_gives_the_rest_of_its_run_back_behind_the_retry(db: Database) -> None:
    await seeded(db, [1, 1, 1, 1])
    async with db.session() as session:
        run = await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite, chain=10)
    assert len(run) == 4 and [c.attempt for c in run] == [1, 1, 1, 1]
    async with db.session() as session:
        await record_attempts(session, [(run[0], OK, None), (run[1], FAILED, 0.5)])
        await release(session, run[2:])
    async with db.session() as session:
        assert await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite, chain=10) == []  # retry due later
    await asyncio.sleep(0.6)
    async with db.session() as session:
        again = await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite, chain=10)
    # The retry first, then those given back, their first attempt still to come.
    assert [(c.delivery_id, c.attempt) for c in again] == [(run[1].delivery_id, 2)] + [
        (c.delivery_id, 1) for c in run[2:]
    ]


async def test_a_run_stops_at_a_delivery_not_yet_due(db: Database) -> None:
    await seeded(db, [1, 1, 1])
    async with db.session() as session:
        ids = (await session.scalars(select(WebhookDelivery.id).order_by(WebhookDelivery.id))).all()
        await session.execute(
            update(WebhookDelivery).where(WebhookDelivery.id == ids[1]).values(next_attempt_at=time.time() + 60)
        )
    async with db.session() as session:
        got = await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite, chain=10)
    assert [c.delivery_id for c in got] == [ids[0]]  # the third waits behind the second, whose time is not up


async def test_concurrent_run_claims_on_postgres_never_share_or_reorder(pg: Database) -> None:
    db = pg
    await seeded(db, [i % 20 for i in range(300)])

    async def worker() -> list[list[tuple[int, str]]]:
        rounds: list[list[tuple[int, str]]] = []
        while True:
            async with db.session() as session:
                got = await claim(session, limit=3, lease=600, lock_rows=True, chain=4)
            if not got:
                return rounds
            rounds.append([(c.delivery_id, c.ordering_key) for c in got])
            async with db.session() as session:
                await record_attempts(session, [(c, OK, None) for c in got])

    done = await asyncio.gather(*(worker() for _ in range(4)))
    every = [i for rounds in done for got in rounds for i, _ in got]
    assert len(every) == len(set(every)) == 300
    assert sum(1 for rounds in done if rounds) > 1  # they really competed
    for rounds in done:
        for got in rounds:
            by_key: dict[str, list[int]] = {}
            for i, key in got:
                by_key.setdefault(key, []).append(i)
            assert all(ids == sorted(ids) and len(ids) <= 4 for ids in by_key.values())
