"""Every write of a connection's credentials and state: one version rule, one cache drop, one announcement.

The version rule: each write of credentials bumps ``credentials_version`` by one, in SQL
(``store_credentials``), optionally fenced by the version the writer read. Readers that hold
an older version (the refresh coordinator, cached call targets) see the change and re-read.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.auth.credentials import ApiKeyCredentials, OAuth2Credentials
from switchboard.connections.cache import TargetCache
from switchboard.connections.events import Announcer, ConnectionChange
from switchboard.connections.secrets import ConnectionSecrets
from switchboard.store.account_connectors import mark_needs_reauth, store_credentials
from switchboard.store.db import Database
from switchboard.store.models import AccountConnector


class ConnectionWrites:
    """The writes; those given a ``session`` join its transaction, the others run their own."""

    def __init__(self, db: Database, secrets: ConnectionSecrets, cache: TargetCache, announcer: Announcer) -> None:
        self._db = db
        self._secrets = secrets
        self._cache = cache
        self._announcer = announcer

    async def created(self, session: AsyncSession, row: AccountConnector, api_key: str | None) -> None:
        """A new account connector (``row``, not yet added), authenticated at once when an API key comes with it."""
        session.add(row)
        await session.flush()
        await self._announcer.announce(session, ConnectionChange("created", row.id))
        if api_key is not None:
            await self.set_api_key(session, row, api_key)

    async def set_api_key(self, session: AsyncSession, row: AccountConnector, api_key: str) -> None:
        encrypted = self._secrets.encrypt(ApiKeyCredentials(key=api_key))
        await self._write(session, row.id, encrypted, expected_version=None)
        await session.refresh(row)

    async def signed_in(self, connection_id: int, credentials: OAuth2Credentials) -> None:
        """The token set from the user's sign-in (the OAuth callback)."""
        async with self._db.session() as session:
            await self._write(session, connection_id, self._secrets.encrypt(credentials), None)

    async def refreshed(self, connection_id: int, credentials: OAuth2Credentials, expected_version: int) -> bool:
        """A refreshed token set, written only if nobody wrote since ``expected_version``; not announced."""
        async with self._db.session() as session:
            return await self._write(
                session, connection_id, self._secrets.encrypt(credentials), expected_version, announce=False
            )

    async def needs_reauth(self, connection_id: int, reason: str, expected_version: int) -> bool:
        """The provider refused the refresh token: only the user signing in again can mend it."""
        self._cache.forget_connection(connection_id)
        async with self._db.session() as session:
            written = await mark_needs_reauth(session, connection_id, reason, expected_version)
            if written:
                await self._announcer.announce(
                    session, ConnectionChange("reauthorization_required", connection_id, reason)
                )
            return written

    async def deleted(self, session: AsyncSession, row: AccountConnector) -> None:
        self._cache.forget_connection(row.id)
        await session.delete(row)
        await self._announcer.announce(session, ConnectionChange("deleted", row.id))

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
        encrypted: str,
        expected_version: int | None,
        *,
        announce: bool = True,
    ) -> bool:
        self._cache.forget_connection(connection_id)
        written = await store_credentials(
            session, connection_id, encrypted, auth_state="authenticated", expected_version=expected_version
        )
        if written and announce:
            await self._announcer.announce(session, ConnectionChange("authenticated", connection_id))
        return written
