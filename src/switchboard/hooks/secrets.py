"""Which secrets may sign a provider's request, per the definition's ``signed_by``; and their writes."""

from __future__ import annotations

import secrets as _random
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.catalog.models import WebhooksDef
from switchboard.hooks.verify import Keys
from switchboard.store import SecretBox
from switchboard.store.hooks import HookConnection, set_connection_secrets, settings_secrets

# Secrets from handshakes per connection (Asana: one per webhook made). Anyone holding the hook URL can
# make a handshake, so a secret is only "learned" until an event signed with it arrives; it is then
# "proven", and later handshakes never push a proven one out (they rotate among the learned only).
MAX_LEARNED = 5
MAX_PROVEN = 5


async def keys_for(
    session: AsyncSession,
    box: SecretBox,
    spec: WebhooksDef,
    partner_id: int,
    connector_key: str,
    connection: HookConnection | None,
) -> Keys:
    """Every secret that may have signed a request for this partner's connector (or this connection)."""
    if spec.signed_by == "subscription":
        found = _connection_secrets(box, connection)
        signers = [found.get("token"), *found.get("proven", []), *found.get("learned", [])]
        return Keys(primary=tuple(s for s in signers if s))
    settings = await settings_secrets(session, partner_id, connector_key)
    if spec.signed_by == "signing_secret":
        stored = box.decrypt(settings.hook_secrets_encrypted) if settings and settings.hook_secrets_encrypted else {}
        return Keys(
            primary=tuple(s for s in [stored.get("primary")] if s),
            secondary=tuple(s for s in [stored.get("secondary")] if s),
        )
    client_secrets: list[str] = []
    if settings is not None and settings.client_secret_encrypted:
        client_secrets.append(str(box.decrypt(settings.client_secret_encrypted)["value"]))
    own = box.decrypt(connection.oauth_app_encrypted) if connection and connection.oauth_app_encrypted else {}
    if own.get("client_secret"):  # the app given at install (or set as properties: half of it, maybe)
        client_secrets.append(str(own["client_secret"]))
    return Keys(primary=tuple(client_secrets))


def _connection_secrets(box: SecretBox, connection: HookConnection | None) -> dict[str, Any]:
    if connection is None or not connection.hook_secrets_encrypted:
        return {}
    return dict(box.decrypt(connection.hook_secrets_encrypted))


async def connection_token(session: AsyncSession, box: SecretBox, connection: HookConnection) -> str:
    """The connection's hook token (what the partner gives the provider to sign with), made on first use."""
    stored = _connection_secrets(box, connection)
    if stored.get("token"):
        return str(stored["token"])
    stored["token"] = _random.token_urlsafe(32)
    await set_connection_secrets(session, connection.account_connector_id, box.encrypt(stored))
    return str(stored["token"])


async def learn(session: AsyncSession, box: SecretBox, connection: HookConnection, secret: str) -> None:
    """Keep a secret the provider handed over in its handshake (newest first, a few at most), unproven."""
    stored = _connection_secrets(box, connection)
    if secret in stored.get("proven", []):
        return  # already signing events
    stored["learned"] = [secret, *[s for s in stored.get("learned", []) if s != secret]][:MAX_LEARNED]
    await set_connection_secrets(session, connection.account_connector_id, box.encrypt(stored))


def unproven(box: SecretBox, connection: HookConnection | None) -> tuple[str, ...]:
    """The handshakes' secrets no event has been signed with yet."""
    return tuple(_connection_secrets(box, connection).get("learned", []))


async def prove(session: AsyncSession, box: SecretBox, connection: HookConnection, secret: str) -> None:
    """An event came signed with ``secret``: from now on no handshake can push it out."""
    stored = _connection_secrets(box, connection)
    stored["learned"] = [s for s in stored.get("learned", []) if s != secret]
    stored["proven"] = [secret, *[s for s in stored.get("proven", []) if s != secret]][:MAX_PROVEN]
    await set_connection_secrets(session, connection.account_connector_id, box.encrypt(stored))
