"""The refresh coordinator's view of the store: encrypted token sets with versions."""

from __future__ import annotations

from switchboard.auth.credentials import ClientCredentials, OAuth2Credentials
from switchboard.auth.refresh import ClientSnapshot, TokenSnapshot
from switchboard.connections.secrets import ConnectionSecrets
from switchboard.connections.writes import ConnectionWrites
from switchboard.store.account_connectors import load_credentials
from switchboard.store.db import Database


class DatabaseTokenStore:
    """Reads token sets in their own short transactions (never inside a call's); writes go through ``writes``."""

    def __init__(self, db: Database, secrets: ConnectionSecrets, writes: ConnectionWrites) -> None:
        self._db = db
        self._secrets = secrets
        self._writes = writes

    async def load(self, connection_id: int) -> TokenSnapshot:
        async with self._db.session() as session:
            stored = await load_credentials(session, connection_id)
        credentials = None
        if stored.encrypted is not None:
            parsed = self._secrets.credentials(connection_id, stored.encrypted)
            credentials = parsed if isinstance(parsed, OAuth2Credentials) else None
        return TokenSnapshot(stored.version, credentials, stored.auth_state)

    async def load_client(self, connection_id: int) -> ClientSnapshot | None:
        async with self._db.session() as session:
            stored = await load_credentials(session, connection_id)
        if stored.encrypted is None or stored.auth_state == "needs_reauth":
            return None
        parsed = self._secrets.credentials(connection_id, stored.encrypted)
        return ClientSnapshot(stored.version, parsed) if isinstance(parsed, ClientCredentials) else None

    async def save_client(self, connection_id: int, credentials: ClientCredentials, expected_version: int) -> bool:
        return await self._writes.token_fetched(connection_id, credentials, expected_version)

    async def save(self, connection_id: int, credentials: OAuth2Credentials, expected_version: int) -> bool:
        return await self._writes.refreshed(connection_id, credentials, expected_version)

    async def mark_needs_reauth(self, connection_id: int, reason: str, expected_version: int) -> bool:
        return await self._writes.needs_reauth(connection_id, reason, expected_version)

    async def refresh_failed(self, connection_id: int, reason: str) -> None:
        await self._writes.refresh_failed(connection_id, reason)
