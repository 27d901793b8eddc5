"""The outbox and delivery claims on real databases (SQLite and PostgreSQL): order, leases, SKIP LOCKED."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import select

from switchboard.events.deliveries import Outcome, claim, expire, record_attempt
from switchboard.events.outbox import NewEvent, Outbox
from switchboard.store.db import Database
from switchboard.store.models import Partner, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.backends import POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'outbox.db'}")
        await database.upgrade()
        yield database
        await database.close()
        return
    async for database in postgres():
        yield database


@pytest.fixture
async def pg() -> AsyncIterator[Database]:
    async for database in postgres():
        yield database


async def postgres() -> AsyncIterator[Database]:
    name = f"sbtest_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_URL)  # unreachable PostgreSQL fails the test loudly
    await admin.execute(f'CREATE DATABASE "{name}"')
    database = Database(POSTGRES_URL.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{name}")
    try:
        await database.upgrade()
        yield database
    finally:
        await database.close()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def seeded(db: Database, events: list[int]) -> tuple[Outbox, int]:
    """A partner with one endpoint and an event per entry of ``events`` (its ordering key)."""
    outbox = Outbox(db, lambda key: 7)
    async with db.session() as session:
        partner = Partner(name="p", client_id=uuid.uuid4().hex, client_secret_hash="x")
        session.add(partner)
        await session.flush()
        endpoint = WebhookEndpoint(partner_id=partner.id, url="http://x", events=[], secret_encrypted="s")
        session.add(endpoint)
        await session.flush()
        for key in events:
            await outbox.record(session, partner.id, None, "webhook.test", {"Key": key}, key)
        return outbox, endpoint.id


async def test_one_key_is_delivered_in_order(db: Database) -> None:
    await seeded(db, [1, 1, 2])
    async with db.session() as session:
        first = await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite)
    assert [c.data["Key"] for c in first] == [1, 2]  # the second event of key 1 waits for the first
    async with db.session() as session:
        assert await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite) == []  # leased
        await record_attempt(session, first[0], Outcome(500, "The receiver answered 500", 1.0), retry_in=0.0)
        await record_attempt(session, first[1], Outcome(200, None, 1.0), retry_in=None)
    async with db.session() as session:
        again = await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite)
    assert [(c.data["Key"], c.attempt) for c in again] == [(1, 2)]  # the retry, still ahead of its follower
    async with db.session() as session:
        await record_attempt(session, again[0], Outcome(200, None, 1.0), retry_in=None)
    async with db.session() as session:
        last = await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite)
    assert [(c.data["Key"], c.attempt) for c in last] == [(1, 1)]


async def test_record_many_writes_each_event_and_its_delivery_in_order(db: Database) -> None:
    outbox, endpoint_id = await seeded(db, [])
    async with db.session() as session:
        partner = await session.scalar(select(Partner.id))
        assert partner is not None
        other = WebhookEndpoint(partner_id=partner, url="http://y", events=["sync.failed"], secret_encrypted="s")
        session.add(other)  # subscribed to another type: gets none of these
        await session.flush()
        events = [NewEvent(partner, None, "provider.event", {"Key": k, "N": n}, k) for n, k in enumerate([1, 1, 2])]
        ids = await outbox.record_many(session, events)
    assert len(set(ids)) == 3
    async with db.session() as session:
        stored = (await session.execute(select(WebhookEvent.id, WebhookEvent.type).order_by(WebhookEvent.id))).all()
        assert sorted(stored) == sorted((i, "provider.event") for i in ids)
        first = await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite, chain=10)
    # One delivery each, to the endpoint that takes every event; key 1's two in the order recorded.
    assert [(c.event_id, c.endpoint_id, c.data["N"]) for c in first] == [
        (ids[0], endpoint_id, 0),
        (ids[1], endpoint_id, 1),
        (ids[2], endpoint_id, 2),
    ]


async def test_a_410_fails_the_delivery_and_disables_the_endpoint(db: Database) -> None:
    _, endpoint_id = await seeded(db, [1, 2])
    async with db.session() as session:
        first = await claim(session, limit=1, lease=0, lock_rows=not db.is_sqlite)
    async with db.session() as session:
        await record_attempt(session, first[0], Outcome(410, "The receiver answered 410", 1.0), retry_in=5.0)
    async with db.session() as session:
        endpoint = await session.get(WebhookEndpoint, endpoint_id)
        delivery = await session.get(WebhookDelivery, first[0].delivery_id)
        assert endpoint is not None and delivery is not None
        assert (endpoint.enabled, delivery.status) == (False, "failed")
        assert await claim(session, limit=10, lease=60, lock_rows=not db.is_sqlite) == []  # disabled


async def test_concurrent_claims_on_postgres_never_share_a_delivery(pg: Database) -> None:
    db = pg
    await seeded(db, list(range(200)))

    async def worker() -> list[int]:
        mine: list[int] = []
        while True:
            async with db.session() as session:
                got = await claim(session, limit=7, lease=600, lock_rows=True)
            if not got:
                return mine
            mine += [c.delivery_id for c in got]

    claimed = await asyncio.gather(*(worker() for _ in range(4)))
    every = [i for ids in claimed for i in ids]
    assert len(every) == len(set(every)) == 200
    assert sum(1 for ids in claimed if ids) > 1  # they really competed


async def test_finished_deliveries_past_the_window_are_deleted_and_pending_ones_kept(db: Database) -> None:
    await seeded(db, [1, 2, 3])
    async with db.session() as session:
        claimed = await claim(session, limit=10, lease=0, lock_rows=not db.is_sqlite)
    assert len(claimed) == 3
    async with db.session() as session:
        await record_attempt(session, claimed[0], Outcome(200, None, 1.0), retry_in=None)  # delivered
        await record_attempt(session, claimed[1], Outcome(500, "The receiver answered 500", 1.0), retry_in=None)
        await record_attempt(session, claimed[2], Outcome(500, "The receiver answered 500", 1.0), retry_in=60.0)
    async with db.session() as session:
        assert await expire(session, time.time() - 3600) == 0  # finished just now: inside the window
    async with db.session() as session:
        assert await expire(session, time.time() + 1) == 2  # the delivered and the failed one
    async with db.session() as session:
        left = (await session.execute(select(WebhookDelivery.id, WebhookDelivery.status))).all()
        assert [status for _, status in left] == ["pending"]  # the one still retrying stays
        attempts = (await session.execute(select(WebhookAttempt.delivery_id))).scalars().all()
        assert set(attempts) == {left[0][0]}
        events = (await session.execute(select(WebhookEvent.id))).scalars().all()
        assert events == [claimed[2].event_id]  # the events left with no delivery went too


async def test_record_returns_the_event_and_the_deliveries_it_wrote(db: Database) -> None:
    outbox, endpoint_id = await seeded(db, [])
    async with db.session() as session:
        partner = await session.scalar(select(Partner.id))
        assert partner is not None
        other = WebhookEndpoint(partner_id=partner, url="http://y", events=[], secret_encrypted="s")
        session.add(other)
        await session.flush()
        everyone = await outbox.record(session, partner, None, "webhook.test", {}, "k")
        only = await outbox.record(session, partner, None, "webhook.test", {}, "k", only_endpoint=endpoint_id)
    async with db.session() as session:
        rows = await session.execute(select(WebhookDelivery.id, WebhookDelivery.event_id, WebhookDelivery.endpoint_id))
        stored = {r.id: (r.event_id, r.endpoint_id) for r in rows}
    assert len(stored) == 3 and len(only.delivery_ids) == 1
    assert {stored[i] for i in everyone.delivery_ids} == {
        (everyone.event_id, endpoint_id),
        (everyone.event_id, other.id),
    }
    assert stored[only.delivery_ids[0]] == (only.event_id, endpoint_id)
