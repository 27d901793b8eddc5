"""The received-events store on a real SQLite file: de-duplication, claims and retention."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Connection

from switchboard.store.db import Database, alembic_config
from switchboard.store.hooks import add_event_groups, add_events, claim_many, expire_events, pending_events, set_routed
from switchboard.store.partners import create_partner
from tests.unit.hook_rows import hook_row


def event(partner_id: int, provider_id: str, received_at: float) -> dict[str, Any]:
    return hook_row(partner_id, provider_id, event_type="t", payload={"id": provider_id}, received_at=received_at)


async def test_duplicates_are_skipped_claims_are_single_and_old_events_expire(db: Database) -> None:
    now = time.time()
    async with db.session() as session:
        partner = (await create_partner(session, "p")).id
        other = (await create_partner(session, "q")).id
        # The same provider id twice in one batch, and once for another partner (not a duplicate).
        assert (
            await add_events(session, [event(partner, "1", now), event(partner, "1", now), event(other, "1", now)]) == 2
        )
        assert await add_events(session, [event(partner, "1", now), event(partner, "2", now - 90_000)]) == 1
    async with db.session() as session:
        rows = await pending_events(session, 10)
        assert sorted((r.partner_id, r.provider_event_id) for r in rows) == [
            (partner, "1"),
            (partner, "2"),
            (other, "1"),
        ]
        first = rows[0].id
        old = next(r.id for r in rows if r.provider_event_id == "2")
        assert await claim_many(session, [first, old]) == {first, old}
        assert await claim_many(session, [first]) == set()  # a second worker loses
        outcome = {"account_connector_id": None, "forwarded_event_id": "e", "forwarded_at": now}
        await set_routed(
            session, [{**outcome, "id": first, "status": "forwarded"}, {**outcome, "id": old, "status": "unrouted"}]
        )
    async with db.session() as session:
        assert await expire_events(session, now - 3600) == 1  # only the old, handled one
        assert len(await pending_events(session, 10)) == 1


async def test_requests_stored_together_count_their_own_duplicates(db: Database) -> None:
    now = time.time()
    async with db.session() as session:
        partner = (await create_partner(session, "p")).id
        await add_events(session, [event(partner, "seen", now)])
    unkeyed = {**event(partner, "x", now), "provider_event_id": None}
    groups = [
        [event(partner, "a", now), event(partner, "seen", now)],  # one new, one stored before
        [event(partner, "a", now), event(partner, "b", now)],  # "a" went to the request before it
        [unkeyed, unkeyed],  # no id to de-duplicate by: both new
    ]
    async with db.session() as session:
        assert await add_event_groups(session, groups) == [1, 1, 2]
    async with db.session() as session:
        assert len(await pending_events(session, 10)) == 5


def _at(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection), revision)


async def test_upgrading_gives_existing_partners_and_connections_hook_ids(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        async with db.engine.begin() as connection:
            await connection.run_sync(_at, "0008")
            await connection.exec_driver_sql(
                "INSERT INTO partners (id, name, client_id, client_secret_hash, ip_allow_list, created_at) "
                "VALUES (1, 'P', 'cid', 'h', '[]', '2026-01-01'), (2, 'Q', 'cid2', 'h', '[]', '2026-01-01')"
            )
            await connection.exec_driver_sql(
                "INSERT INTO accounts (id, partner_id, api_id, uid, name, description, timezone, created_at) "
                "VALUES (1, 1, 'a1', 'u1', 'A', '', 'UTC', '2026-01-01')"
            )
            await connection.exec_driver_sql(
                "INSERT INTO account_connectors (id, account_id, uid, connector_key, name, description, properties, "
                "credentials_version, auth_state, refresh_failures, created_at, updated_at) "
                "VALUES (1, 1, 'c1', 'salesloft', 'S', '', '{}', 0, 'authenticated', 0, '2026-01-01', '2026-01-01')"
            )
        await db.upgrade()
        async with db.engine.begin() as connection:
            keys = (await connection.exec_driver_sql("SELECT hook_key FROM partners")).scalars().all()
            hook_ids = (await connection.exec_driver_sql("SELECT hook_id FROM account_connectors")).scalars().all()
        assert len(set(keys)) == 2 and all(len(k) >= 32 for k in keys)
        assert len(hook_ids) == 1 and len(hook_ids[0]) >= 32
    finally:
        await db.close()
