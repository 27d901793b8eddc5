"""Credential writes against a real SQLite database: the version rule, cache drops, announcements."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.auth.credentials import ApiKeyCredentials, OAuth2Credentials
from switchboard.connections.cache import Key, TargetCache
from switchboard.connections.events import ChangeKind, ConnectionChange
from switchboard.connections.secrets import ConnectionSecrets
from switchboard.connections.writes import ConnectionWrites
from switchboard.store.account_connectors import CallTarget, StoredCredentials, load_credentials
from switchboard.store.crypto import SecretBox
from switchboard.store.db import Database
from switchboard.store.models import Account, AccountConnector, Partner

TOKENS = OAuth2Credentials(access_token="access-1", refresh_token="refresh-1", expires_at=2e9, issued_at=1.9e9)
NEWER = OAuth2Credentials(access_token="access-2", refresh_token="refresh-2", expires_at=2e9, issued_at=1.9e9)
LATE = OAuth2Credentials(access_token="access-late", refresh_token="refresh-late", expires_at=2e9, issued_at=1.9e9)


class RecordingAnnouncer:
    """Keeps every announced change, in order."""

    def __init__(self) -> None:
        self.changes: list[ConnectionChange] = []

    async def announce(self, session: AsyncSession, change: ConnectionChange) -> None:
        self.changes.append(change)


@dataclass
class World:
    db: Database
    secrets: ConnectionSecrets
    cache: TargetCache
    announcer: RecordingAnnouncer
    writes: ConnectionWrites
    account_id: int

    async def install(self, api_key: str | None = None) -> int:
        """A new account connector, created through ``writes.created``; its id."""
        async with self.db.session() as session:
            row = AccountConnector(account_id=self.account_id, connector_key="people_api", name="People")
            credentials = ApiKeyCredentials(key=api_key) if api_key is not None else None
            await self.writes.created(session, row, credentials)
            return row.id

    async def stored(self, connection_id: int) -> StoredCredentials:
        async with self.db.session() as session:
            return await load_credentials(session, connection_id)

    async def credentials(self, connection_id: int) -> ApiKeyCredentials | OAuth2Credentials:
        stored = await self.stored(connection_id)
        assert stored.encrypted is not None
        return self.secrets.credentials(connection_id, stored.encrypted)

    async def row(self, connection_id: int) -> AccountConnector:
        async with self.db.session() as session:
            row = await session.get(AccountConnector, connection_id)
            assert row is not None
            return row


async def seed_partner_and_account(db: Database) -> tuple[int, int]:
    """A partner and one of its accounts in the store: their ids."""
    async with db.session() as session:
        partner = Partner(name="Acme", client_id="acme", client_secret_hash="0" * 64)
        session.add(partner)
        await session.flush()
        account = Account(partner_id=partner.id, api_id="acct-1", name="Customer")
        session.add(account)
        await session.flush()
        return partner.id, account.id


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'switchboard.db'}")
    await db.upgrade()
    _, account_id = await seed_partner_and_account(db)
    secrets = ConnectionSecrets(SecretBox([Fernet.generate_key().decode()]))
    cache = TargetCache(ttl=60)
    announcer = RecordingAnnouncer()
    try:
        yield World(db, secrets, cache, announcer, ConnectionWrites(db, secrets, cache, announcer), account_id)
    finally:
        await db.close()


async def test_each_write_bumps_the_version_by_one(world: World) -> None:
    connection = await world.install()
    assert (await world.stored(connection)).version == 0

    async with world.db.session() as session:
        await world.writes.set_api_key(session, await session.get_one(AccountConnector, connection), "key-1")
    assert (await world.stored(connection)).version == 1
    await world.writes.signed_in(connection, TOKENS)
    assert (await world.stored(connection)).version == 2
    assert await world.writes.refreshed(connection, NEWER, expected_version=2)
    assert (await world.stored(connection)).version == 3

    stored = await world.stored(connection)
    assert stored.auth_state == "authenticated"
    assert await world.credentials(connection) == NEWER


async def test_created_with_an_api_key_stores_it_at_version_one(world: World) -> None:
    connection = await world.install(api_key="key-1")

    stored = await world.stored(connection)
    assert (stored.version, stored.auth_state) == (1, "authenticated")
    assert await world.credentials(connection) == ApiKeyCredentials(key="key-1")
    assert "key-1" not in (stored.encrypted or "")


async def test_a_fenced_refresh_after_another_write_is_refused(world: World) -> None:
    connection = await world.install()
    await world.writes.signed_in(connection, TOKENS)
    seen = (await world.stored(connection)).version
    await world.writes.signed_in(connection, NEWER)  # someone else writes after our read

    assert not await world.writes.refreshed(connection, LATE, expected_version=seen)

    stored = await world.stored(connection)
    assert stored.version == seen + 1
    assert await world.credentials(connection) == NEWER


async def test_needs_reauth_marks_the_connection_without_a_version_bump(world: World) -> None:
    connection = await world.install()
    await world.writes.signed_in(connection, TOKENS)

    assert await world.writes.needs_reauth(connection, "refresh token revoked", expected_version=1)

    stored = await world.stored(connection)
    assert (stored.version, stored.auth_state) == (1, "needs_reauth")
    assert (await world.row(connection)).auth_error == "refresh token revoked"
    # Signing in again mends it and clears the error.
    await world.writes.signed_in(connection, NEWER)
    row = await world.row(connection)
    assert (row.credentials_version, row.auth_state, row.auth_error) == (2, "authenticated", None)


async def test_needs_reauth_with_a_stale_version_does_nothing(world: World) -> None:
    connection = await world.install()
    await world.writes.signed_in(connection, TOKENS)
    await world.writes.signed_in(connection, NEWER)
    world.announcer.changes.clear()

    assert not await world.writes.needs_reauth(connection, "refresh token revoked", expected_version=1)

    row = await world.row(connection)
    assert (row.credentials_version, row.auth_state, row.auth_error) == (2, "authenticated", None)
    assert world.announcer.changes == []


async def _set_api_key(world: World, connection: int) -> None:
    async with world.db.session() as session:
        await world.writes.set_api_key(session, await session.get_one(AccountConnector, connection), "key-2")


async def _signed_in(world: World, connection: int) -> None:
    await world.writes.signed_in(connection, NEWER)


async def _refreshed(world: World, connection: int) -> None:
    assert await world.writes.refreshed(connection, NEWER, expected_version=1)


async def _refused_refresh(world: World, connection: int) -> None:
    assert not await world.writes.refreshed(connection, NEWER, expected_version=0)


async def _needs_reauth(world: World, connection: int) -> None:
    assert await world.writes.needs_reauth(connection, "revoked", expected_version=1)


async def _deleted(world: World, connection: int) -> None:
    async with world.db.session() as session:
        await world.writes.deleted(session, await session.get_one(AccountConnector, connection))


Write = Callable[[World, int], Awaitable[None]]


def target(connection: int, marker: str) -> CallTarget:
    return CallTarget(
        partner_id=1,
        account_id=1,
        account_api_id="acct-1",
        account_uid="0" * 32,
        account_connector_id=connection,
        connector_key="people_api",
        properties={"marker": marker},
        secret_properties_encrypted=None,
        credentials_encrypted=None,
        credentials_version=1,
        auth_state="authenticated",
        auth_error=None,
        oauth_app_encrypted=None,
        partner_client_id=None,
        partner_client_secret_encrypted=None,
    )


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(_set_api_key, id="set_api_key"),
        pytest.param(_signed_in, id="signed_in"),
        pytest.param(_refreshed, id="refreshed"),
        pytest.param(_needs_reauth, id="needs_reauth"),
        pytest.param(_deleted, id="deleted"),
    ],
)
async def test_every_write_drops_the_cached_target(world: World, write: Write) -> None:
    connection = await world.install()
    other = await world.install()
    await world.writes.signed_in(connection, TOKENS)
    mine: Key = (1, "acct-1", connection)
    theirs: Key = (1, "acct-1", other)
    world.cache.put(mine, target(connection, "cached"))
    world.cache.put(theirs, target(other, "cached"))

    await write(world, connection)

    async def reload() -> CallTarget:
        return target(connection, "reloaded")

    async def must_not_load() -> CallTarget:
        raise AssertionError("another connection's entry was dropped")

    assert (await world.cache.get_or_load(mine, reload)).properties == {"marker": "reloaded"}
    assert (await world.cache.get_or_load(theirs, must_not_load)).properties == {"marker": "cached"}


@pytest.mark.parametrize(
    ("write", "announced"),
    [
        pytest.param(_set_api_key, ["authenticated"], id="set_api_key"),
        pytest.param(_signed_in, ["authenticated"], id="signed_in"),
        pytest.param(_refreshed, [], id="refreshed"),
        pytest.param(_refused_refresh, [], id="refused-refresh"),
        pytest.param(_needs_reauth, ["reauthorization_required"], id="needs_reauth"),
        pytest.param(_deleted, ["deleted"], id="deleted"),
    ],
)
async def test_each_write_announces_what_it_wrote(world: World, write: Write, announced: list[ChangeKind]) -> None:
    connection = await world.install()
    await world.writes.signed_in(connection, TOKENS)
    world.announcer.changes.clear()

    await write(world, connection)

    assert [change.kind for change in world.announcer.changes] == announced
    assert {change.account_connector_id for change in world.announcer.changes} <= {connection}
    reasons = [change.reason for change in world.announcer.changes]
    assert reasons == (["revoked"] if announced == ["reauthorization_required"] else [None] * len(announced))


@pytest.mark.parametrize(
    ("api_key", "announced"),
    [
        pytest.param(None, ["created"], id="without-key"),
        pytest.param("key-1", ["created", "authenticated"], id="with-api-key"),
    ],
)
async def test_created_announces_the_new_connection(
    world: World, api_key: str | None, announced: list[ChangeKind]
) -> None:
    connection = await world.install(api_key)

    assert world.announcer.changes == [ConnectionChange(kind, connection) for kind in announced]


async def test_a_deleted_connection_is_gone(world: World) -> None:
    connection = await world.install()
    await _deleted(world, connection)

    async with world.db.session() as session:
        assert await session.get(AccountConnector, connection) is None


async def test_refresh_failures_are_announced_once_then_recovered(world: World) -> None:
    connection = await world.install()
    await world.writes.signed_in(connection, TOKENS)
    world.announcer.changes.clear()
    first = await world.writes.refresh_failed(connection, "token endpoint answered 503")
    second = await world.writes.refresh_failed(connection, "token endpoint answered 503")
    assert second > first  # backoff doubles the wait
    row = await world.row(connection)
    assert (row.refresh_failures, row.last_refresh_error) == (2, "token endpoint answered 503")
    assert row.next_refresh_at == pytest.approx(second)
    version = (await world.stored(connection)).version
    assert await world.writes.refreshed(connection, NEWER, expected_version=version)
    assert [c.kind for c in world.announcer.changes] == ["refresh_failed", "recovered"]
    assert world.announcer.changes[0].next_attempt_at == pytest.approx(first)
    row = await world.row(connection)
    assert (row.refresh_failures, row.last_refresh_error) == (0, None)
    assert row.last_refreshed_at is not None


async def test_the_next_refresh_is_due_before_expiry_or_keepalive(world: World) -> None:
    connection = await world.install()
    await world.writes.signed_in(connection, TOKENS)  # expires 2e9, lived 1e8 s: keep-alive comes first
    row = await world.row(connection)
    assert row.next_refresh_at is not None
    assert abs(row.next_refresh_at - (time.time() + 7 * 86400)) < 60
    soon = OAuth2Credentials(access_token="a", refresh_token="r", expires_at=time.time() + 3600, issued_at=time.time())
    await world.writes.signed_in(connection, soon)
    row = await world.row(connection)
    assert row.next_refresh_at == pytest.approx(soon.expires_at - 300, abs=1)  # five minutes ahead
