"""An install reads what the partner set for the connector (its OAuth app, its property values) in one
transaction, so it never sees the app of one settings write beside the values of another. On a real SQLite
store; the connector is the integration tests' ``shared_app`` (OAuth and an API key, two properties)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import event

from switchboard.catalog.registry import Connector, Registry
from switchboard.connections.cache import TargetCache
from switchboard.connections.partner_properties import set_partner_values
from switchboard.connections.secrets import ConnectionSecrets
from switchboard.connections.setup import apply_settings, install
from switchboard.connections.writes import ConnectionWrites
from switchboard.store.crypto import SecretBox
from switchboard.store.db import Database
from tests.unit.connections.test_writes import RecordingAnnouncer, seed_partner_and_account

CONNECTORS = Path(__file__).parents[2] / "integration" / "partner_connectors"


@pytest.fixture(scope="module")
def shared_app() -> Connector:
    return Registry.load([CONNECTORS]).by_key["shared_app"]


@contextmanager
def transactions_reading(db: Database) -> Iterator[dict[str, set[int]]]:
    """For each table named below, the transactions (numbered in the order they began) that read it."""
    began = [0]
    reads: dict[str, set[int]] = {"connector_settings": set(), "partner_properties": set()}

    def begin(_: Any) -> None:
        began[0] += 1

    def execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            for table, seen in reads.items():
                if f"FROM {table}" in statement:
                    seen.add(began[0])

    event.listen(db.engine.sync_engine, "begin", begin)
    event.listen(db.engine.sync_engine, "before_cursor_execute", execute)
    try:
        yield reads
    finally:
        event.remove(db.engine.sync_engine, "begin", begin)
        event.remove(db.engine.sync_engine, "before_cursor_execute", execute)


async def test_an_install_reads_the_partners_app_and_values_in_one_transaction(
    db: Database, shared_app: Connector
) -> None:
    partner_id, account_id = await seed_partner_and_account(db)
    box = SecretBox([Fernet.generate_key().decode()])
    writes = ConnectionWrites(db, ConnectionSecrets(box), TargetCache(ttl=60), RecordingAnnouncer())
    await apply_settings(db, box, partner_id, shared_app, client_id="app", client_secret="app-secret", scopes=None)
    async with db.session() as session:
        await set_partner_values(session, writes, partner_id, shared_app, {"app_id": "shared"})

    with transactions_reading(db) as reads:
        row = await install(
            db,
            box,
            writes,
            shared_app,
            partner_id=partner_id,
            account_id=account_id,
            name=None,
            description="",
            auth_value=None,
            properties={},
            checks=None,  # type: ignore[arg-type]  # no credentials given, so none are checked
        )
    assert row.id is not None and row.oauth_app_encrypted is None  # the partner's app, not one of its own
    assert len(reads["connector_settings"]) == 1
    assert reads["connector_settings"] == reads["partner_properties"]
