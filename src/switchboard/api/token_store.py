"""The refresh coordinator's view of the store: encrypted token sets with versions."""

from __future__ import annotations

from switchboard.api.connections import read_secret
from switchboard.api.target_cache import TargetCache
from switchboard.auth.credentials import OAuth2Credentials, parse_credentials
from switchboard.auth.refresh import TokenSnapshot
from switchboard.store.account_connectors import load_credentials, mark_needs_reauth, store_credentials
from switchboard.store.crypto import SecretBox
from switchboard.store.db import Database


class DatabaseTokenStore:
    """Reads and writes token sets in their own short transactions (never inside a call's)."""

    def __init__(self, db: Database, secrets: SecretBox, cache: TargetCache) -> None:
        self._db = db
        self._secrets = secrets
        self._cache = cache

    async def load(self, connection_id: int) -> TokenSnapshot:
        async with self._db.session() as session:
            stored = await load_credentials(session, connection_id)
        credentials = None
        if stored.encrypted is not None:
            decrypted = read_secret(
                self._secrets, stored.encrypted, connection_id, "credentials", "authenticate it again"
            )
            parsed = parse_credentials(decrypted)
            credentials = parsed if isinstance(parsed, OAuth2Credentials) else None
        return TokenSnapshot(stored.version, credentials, stored.auth_state)

    async def save(self, connection_id: int, credentials: OAuth2Credentials, expected_version: int) -> bool:
        self._cache.forget_connection(connection_id)
        async with self._db.session() as session:
            return await store_credentials(
                session,
                connection_id,
                self._secrets.encrypt(credentials.model_dump()),
                auth_state="authenticated",
                expected_version=expected_version,
            )

    async def mark_needs_reauth(self, connection_id: int, reason: str, expected_version: int) -> bool:
        self._cache.forget_connection(connection_id)
        async with self._db.session() as session:
            return await mark_needs_reauth(session, connection_id, reason, expected_version)
