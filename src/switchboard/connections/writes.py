"""Every write of a connection's credentials and state: one version rule, one cache drop, one announcement.

The version rule: each write of credentials bumps ``credentials_version`` by one, in SQL
(``store_credentials``), optionally fenced by the version the writer read. Readers that hold
an older version (the refresh coordinator, cached call targets) see the change and re-read.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.auth.credentials import ApiKeyCredentials, ClientCredentials, Credentials, OAuth2Credentials
from switchboard.catalog.models import ConnectorDef
from switchboard.connections.cache import TargetCache
from switchboard.connections.events import Announcer, ConnectionChange
from switchboard.connections.hosts import check_hosts, property_hosts
from switchboard.connections.secrets import ConnectionSecrets
from switchboard.engine.verify import Verdict
from switchboard.http.targets import TargetPolicy
from switchboard.store.account_connectors import (
    mark_needs_reauth,
    refresh_failures,
    set_refresh_health,
    set_verification,
    store_credentials,
)
from switchboard.store.crypto import SecretBox
from switchboard.store.db import Database
from switchboard.store.mcp_tokens import drop_connection
from switchboard.store.models import AccountConnector
from switchboard.store.properties import drop_properties, put_properties


class ConnectionWrites:
    """The writes; those given a ``session`` join its transaction, the others run their own."""

    def __init__(
        self,
        db: Database,
        secrets: ConnectionSecrets,
        cache: TargetCache,
        announcer: Announcer,
        *,
        keepalive_seconds: float = 7 * 86400.0,
        retry_seconds: float = 30.0,
        hosts: TargetPolicy | None = None,
    ) -> None:
        self._db = db
        self._hosts = hosts or property_hosts()
        self._secrets = secrets
        self._cache = cache
        self._announcer = announcer
        self._keepalive = keepalive_seconds
        self._retry = retry_seconds

    async def created(
        self,
        session: AsyncSession,
        row: AccountConnector,
        credentials: Credentials | None,
        verdict: Verdict | None = None,
    ) -> None:
        """A new account connector (``row``, not yet added), authenticated at once when credentials come with it
        (its ``AuthValue``), with how their check went."""
        session.add(row)
        await session.flush()
        self._cache.forget_installed()
        await self._announcer.announce(session, ConnectionChange("created", row.id))
        if credentials is not None:
            await self.set_credentials(session, row, credentials, verdict)

    def properties_of(self, row: AccountConnector) -> dict[str, Any]:
        """The row's properties, secret ones decrypted (what the credentials check fills templates with)."""
        return self._secrets.row_properties(row)

    @property
    def box(self) -> SecretBox:
        return self._secrets.box

    @property
    def secrets(self) -> ConnectionSecrets:
        """Where stored secrets are decrypted (``values``: a partner's for a connector as well)."""
        return self._secrets

    async def check_hosts(self, definition: ConnectorDef, properties: Mapping[str, Any]) -> None:
        """Refuse (``AddressRefused``, 400) properties a caller sets that put the connector's host at a loopback,
        private or link-local address; ``properties`` are all the connection's, the new values merged."""
        await check_hosts(self._hosts, definition, properties)

    def set_properties(self, row: AccountConnector, secret: Collection[str], values: Mapping[str, Any]) -> None:
        """Merge install properties into ``row``; those named in ``secret`` are encrypted, never stored in the clear."""
        put_properties(row, secret, values, self._secrets.box)
        if row.id is not None:
            self._cache.forget_connection(row.id)

    async def set_api_key(self, session: AsyncSession, row: AccountConnector, api_key: str) -> None:
        await self.set_credentials(session, row, ApiKeyCredentials(key=api_key))

    async def set_credentials(
        self, session: AsyncSession, row: AccountConnector, credentials: Credentials, verdict: Verdict | None = None
    ) -> None:
        """An API key, or a token set brought from elsewhere (``AuthValue``): the connection is authenticated,
        and a token set is refreshed when due, as one from the sign-in is. ``verdict``: how their check went."""
        await self._write(session, row.id, credentials, expected_version=None)
        await _verified(session, row.id, verdict)
        if isinstance(credentials, OAuth2Credentials):
            await set_refresh_health(session, row.id, failures=0, next_refresh_at=self._due(credentials), error=None)
        await session.refresh(row)

    async def signed_in(
        self,
        connection_id: int,
        credentials: OAuth2Credentials,
        properties: Mapping[str, str] | None = None,
        secret: Collection[str] = (),
        verdict: Verdict | None = None,
    ) -> None:
        """The token set from the user's sign-in (the OAuth callback), with the properties read after consent
        (``secret``: the names of those to encrypt) and how the credentials check went."""
        async with self._db.session() as session:
            if properties:
                row = await session.get(AccountConnector, connection_id)
                if row is not None:
                    self.set_properties(row, secret, properties)
            await self._write(session, connection_id, credentials, None)
            await _verified(session, connection_id, verdict)
            await set_refresh_health(
                session, connection_id, failures=0, next_refresh_at=self._due(credentials), error=None
            )

    async def refreshed(self, connection_id: int, credentials: OAuth2Credentials, expected_version: int) -> bool:
        """A refreshed token set, written only if nobody wrote since ``expected_version``.

        Not announced, unless refreshes had been failing: then it is the recovery.
        """
        async with self._db.session() as session:
            failing = await refresh_failures(session, connection_id)
            written = await self._write(session, connection_id, credentials, expected_version, announce=False)
            if written:
                await set_refresh_health(
                    session,
                    connection_id,
                    failures=0,
                    next_refresh_at=self._due(credentials),
                    error=None,
                    refreshed_at=time.time(),
                )
                if failing:
                    await self._announcer.announce(session, ConnectionChange("recovered", connection_id))
            return written

    async def token_fetched(self, connection_id: int, credentials: ClientCredentials, expected_version: int) -> bool:
        """Client credentials with their new token, written only if nobody wrote since ``expected_version``;
        not announced (the connection's state is unchanged)."""
        async with self._db.session() as session:
            return await self._write(session, connection_id, credentials, expected_version, announce=False)

    async def refresh_failed(self, connection_id: int, reason: str) -> float:
        """The token endpoint failed for a passing reason: back off; announce only the first failure in a row."""
        async with self._db.session() as session:
            failures = await refresh_failures(session, connection_id) + 1
            retry_at = time.time() + min(3600.0, self._retry * 2.0 ** (failures - 1))
            await set_refresh_health(session, connection_id, failures=failures, next_refresh_at=retry_at, error=reason)
            if failures == 1:
                await self._announcer.announce(
                    session, ConnectionChange("refresh_failed", connection_id, reason, next_attempt_at=retry_at)
                )
            return retry_at

    def _due(self, credentials: OAuth2Credentials) -> float | None:
        """When to renew: before the access token dies, or to keep an idle refresh token alive."""
        if credentials.refresh_token is None:
            return None
        due = time.time() + self._keepalive
        if credentials.expires_at is not None:
            lifetime = credentials.expires_at - (credentials.issued_at or time.time())
            due = min(due, credentials.expires_at - min(300.0, max(lifetime, 0.0) / 4))
        return due

    async def needs_reauth(self, connection_id: int, reason: str, expected_version: int) -> bool:
        """The provider refused the refresh token: only the user signing in again can mend it."""
        self._cache.forget_connection(connection_id)
        async with self._db.session() as session:
            written = await mark_needs_reauth(session, connection_id, reason, expected_version)
            if written:
                await set_refresh_health(session, connection_id, failures=0, next_refresh_at=None, error=reason)
                await self._announcer.announce(
                    session, ConnectionChange("reauthorization_required", connection_id, reason)
                )
            return written

    def set_app_part(self, row: AccountConnector, name: str, value: str) -> None:
        """Cyclr's ``ClientId`` or ``ClientSecret`` set as an account connector property: this connection's own
        OAuth app (encrypted), the other half kept; used once it has both."""
        app: dict[str, Any] = {}
        if row.oauth_app_encrypted:
            app = self._secrets.read(row.oauth_app_encrypted, row.id, "OAuth app", "set both halves again")
        app["client_id" if name == "ClientId" else "client_secret"] = value
        row.oauth_app_encrypted = self._secrets.box.encrypt(app)
        self._cache.forget_connection(row.id)

    def remove_properties(self, row: AccountConnector, names: Collection[str]) -> None:
        """Remove install properties from ``row``, the encrypted ones with the plain ones."""
        drop_properties(row, names, self._secrets.box)
        self._cache.forget_connection(row.id)

    async def deauthenticated(self, session: AsyncSession, row: AccountConnector) -> None:
        """Credentials dropped (Cyclr's deauthenticate): unauthenticated until it signs in or gets a key again.

        Any refresh in flight holds the old version, so its fenced write will not bring them back.
        """
        self._cache.forget_connection(row.id)
        await store_credentials(session, row.id, None, auth_state="unauthenticated")
        await set_verification(session, row.id, None, None)
        await set_refresh_health(session, row.id, failures=0, next_refresh_at=None, error=None)
        await self._announcer.announce(session, ConnectionChange("deauthenticated", row.id))
        await session.refresh(row)

    async def deleted(self, session: AsyncSession, row: AccountConnector) -> None:
        self._cache.forget_connection(row.id)
        # Again once committed: a lookup between this point and the commit still read the row.
        connection_id = row.id
        event.listen(
            session.sync_session, "after_commit", lambda _: self._cache.forget_connection(connection_id), once=True
        )
        # Announced first: the listener may read the row (its account) before it goes.
        await self._announcer.announce(session, ConnectionChange("deleted", row.id))
        await drop_connection(session, row.account_id, row.id)
        await session.delete(row)

    def forget(self, connection_id: int) -> None:
        """Drop cached views of a connection whose non-credential settings changed (name, properties)."""
        self._cache.forget_connection(connection_id)

    def forget_all(self) -> None:
        """Drop every cached view (an account or a partner's OAuth app changed)."""
        self._cache.clear()

    async def _write(
        self,
        session: AsyncSession,
        connection_id: int,
        credentials: Credentials,
        expected_version: int | None,
        *,
        announce: bool = True,
    ) -> bool:
        self._cache.forget_connection(connection_id)
        written = await store_credentials(
            session,
            connection_id,
            self._secrets.encrypt(credentials),
            auth_state="authenticated",
            expected_version=expected_version,
            auth_type=credentials.type,
        )
        if written and announce:
            await self._announcer.announce(session, ConnectionChange("authenticated", connection_id))
        return written


async def _verified(session: AsyncSession, connection_id: int, verdict: Verdict | None) -> None:
    if verdict is None:
        await set_verification(session, connection_id, None, None)
    else:
        await set_verification(session, connection_id, verdict.outcome == "verified", verdict.reason)
