"""Keeping OAuth2 tokens fresh when refresh tokens rotate.

However many calls find the token expired at once, one refresh reaches the provider:
each takes the connection's lock, reads the stored set again, and returns it if someone
refreshed meanwhile. The new set is stored (fenced by the credentials version) before any
call uses it. On ``invalid_grant`` the set is read once more (another worker may have
rotated it); if it really is dead the connection is marked as needing re-authentication.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Protocol

from switchboard.auth.credentials import ClientCredentials, OAuth2Credentials
from switchboard.auth.locks import LockProvider
from switchboard.auth.token_endpoint import ClientRefused, InvalidGrant, OAuthApp, TokenEndpoint
from switchboard.errors import ConnectionNotReady, UpstreamError

EXPIRY_SKEW = 60.0  # refresh this long before expiry (at most), so a token never dies in flight
LOCK_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class TokenSnapshot:
    """A token set as read from the store, with the version it was read at."""

    version: int
    credentials: OAuth2Credentials | None
    auth_state: str
    fetched: bool = False  # asked of the provider by this refresh, not read from the store


@dataclass(frozen=True, slots=True)
class ClientSnapshot:
    """A client id and secret with their last token, as read from the store, with the version it was read at."""

    version: int
    credentials: ClientCredentials
    fetched: bool = False  # asked of the provider by this fetch, not read from the store


class TokenStore(Protocol):
    async def load(self, connection_id: int) -> TokenSnapshot: ...

    async def load_client(self, connection_id: int) -> ClientSnapshot | None:
        """The stored client credentials, or None when the connection holds none (or needs re-authentication)."""
        ...

    async def save_client(self, connection_id: int, credentials: ClientCredentials, expected_version: int) -> bool:
        """Store a newly fetched token with its client credentials unless the stored version moved on."""
        ...

    async def save(self, connection_id: int, credentials: OAuth2Credentials, expected_version: int) -> bool:
        """Store ``credentials`` unless the stored version moved on; True if written."""
        ...

    async def mark_needs_reauth(self, connection_id: int, reason: str, expected_version: int) -> bool: ...

    async def refresh_failed(self, connection_id: int, reason: str) -> None:
        """The token endpoint failed for a passing reason (down, 5xx): schedule a retry, tell once."""
        ...


def expiring(credentials: OAuth2Credentials | ClientCredentials, now: float | None = None) -> bool:
    """Due for a refresh: within a minute of expiry, or a quarter of the lifetime for short-lived tokens."""
    if credentials.expires_at is None:
        return False
    skew = EXPIRY_SKEW
    if credentials.issued_at is not None:
        skew = min(skew, (credentials.expires_at - credentials.issued_at) / 4)
    return credentials.expires_at - skew <= (time.time() if now is None else now)


class RefreshCoordinator:
    """One per process; serializes refreshes per connection through ``LockProvider``."""

    def __init__(self, store: TokenStore, locks: LockProvider) -> None:
        self._store = store
        self._locks = locks
        self.refreshes = 0  # refreshes this process sent to providers (for metrics and tests)

    async def fresh(
        self, connection_id: int, endpoint: TokenEndpoint, app: OAuthApp, seen_version: int, *, force: bool
    ) -> TokenSnapshot:
        """A usable token set: the stored one if fresh (or newer than ``seen_version``), else a new one."""
        async with self._locks.lock(f"refresh:{connection_id}", wait=LOCK_TIMEOUT):
            snapshot = await self._store.load(connection_id)
            current = _usable(connection_id, snapshot)
            if snapshot.version != seen_version and not expiring(current):
                return snapshot  # another request refreshed while we waited
            if not force and not expiring(current):
                return snapshot
            if current.refresh_token is None:
                return snapshot  # nothing to refresh with: the provider's 401 will say so
            try:
                self.refreshes += 1
                new = await endpoint.refresh(app, current.refresh_token)
            except InvalidGrant as exc:
                return await self._dead(connection_id, snapshot, current, exc.description)
            except UpstreamError as exc:
                await self._store.refresh_failed(connection_id, exc.message)
                raise
            if await self._store.save(connection_id, new, expected_version=snapshot.version):
                return TokenSnapshot(snapshot.version + 1, new, "authenticated", fetched=True)
            stored = await self._store.load(connection_id)  # fenced: a newer set is stored, use it
            return replace(stored, fetched=True)

    async def fetched(
        self,
        connection_id: int,
        fetch: Callable[[ClientCredentials], Awaitable[ClientCredentials]],
        seen_version: int,
        *,
        force: bool,
    ) -> ClientSnapshot:
        """Client credentials with a usable token: the stored one if fresh (or newer than ``seen_version``),
        else one ``fetch`` gets. A refusal marks the connection as needing new credentials."""
        async with self._locks.lock(f"refresh:{connection_id}", wait=LOCK_TIMEOUT):
            snapshot = await self._store.load_client(connection_id)
            if snapshot is None:
                raise ConnectionNotReady(
                    f"Account connector {connection_id} needs new client credentials: set its AuthValue again",
                    AuthState="NeedsReauthentication",
                )
            current = snapshot.credentials
            fresh = current.access_token is not None and not expiring(current)
            if fresh and (snapshot.version != seen_version or not force):
                return snapshot  # fresh, or another request fetched one while we waited
            try:
                self.refreshes += 1
                new = await fetch(current)
            except ClientRefused as exc:
                reason = f"the provider refused the client credentials ({exc.description})"
                await self._store.mark_needs_reauth(connection_id, reason, expected_version=snapshot.version)
                raise ConnectionNotReady(
                    f"Account connector {connection_id} needs new client credentials: {reason}. "
                    "Set its AuthValue (client_id:client_secret) again.",
                    AuthState="NeedsReauthentication",
                ) from None
            except UpstreamError as exc:
                await self._store.refresh_failed(connection_id, exc.message)
                raise
            if await self._store.save_client(connection_id, new, expected_version=snapshot.version):
                return ClientSnapshot(snapshot.version + 1, new, fetched=True)
            again = await self._store.load_client(connection_id)  # fenced: a newer set is stored, use it
            return replace(again, fetched=True) if again is not None else ClientSnapshot(snapshot.version, new, True)

    async def _dead(
        self, connection_id: int, snapshot: TokenSnapshot, current: OAuth2Credentials, reason: str
    ) -> TokenSnapshot:
        again = await self._store.load(connection_id)
        if again.credentials is not None and again.credentials.refresh_token != current.refresh_token:
            return again  # another worker rotated it; ours was simply stale
        await self._store.mark_needs_reauth(
            connection_id, f"the provider refused the refresh token ({reason})", expected_version=snapshot.version
        )
        raise ConnectionNotReady(
            f"Account connector {connection_id} needs re-authentication: the provider refused its refresh token "
            f"({reason}). Send the user through the sign-in flow again.",
            AuthState="NeedsReauthentication",
        )


def _usable(connection_id: int, snapshot: TokenSnapshot) -> OAuth2Credentials:
    if snapshot.auth_state == "needs_reauth" or snapshot.credentials is None:
        raise ConnectionNotReady(
            f"Account connector {connection_id} needs re-authentication. Send the user through the sign-in flow again.",
            AuthState="NeedsReauthentication",
        )
    return snapshot.credentials
