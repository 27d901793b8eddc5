"""A connection's secrets, decrypted once per stored version (a new set is a new ciphertext)."""

from __future__ import annotations

from typing import Any

from switchboard.auth.credentials import Credentials, parse_credentials
from switchboard.auth.token_endpoint import OAuthApp
from switchboard.errors import ConnectionNotReady, UnreadableSecret
from switchboard.store.account_connectors import CallTarget
from switchboard.store.crypto import SecretBox
from switchboard.store.models import AccountConnector
from switchboard.store.properties import merged, over_partner

_MEMO_LIMIT = 10_000


class ConnectionSecrets:
    """Decrypts credentials and OAuth apps, memoized by ciphertext, bounded in size."""

    def __init__(self, box: SecretBox) -> None:
        self.box = box
        self._credentials: dict[str, Credentials] = {}
        self._apps: dict[tuple[str, str], OAuthApp] = {}
        self._properties: dict[str, dict[str, Any]] = {}

    def credentials(self, connection_id: int, encrypted: str) -> Credentials:
        found = self._credentials.get(encrypted)
        if found is None:
            if len(self._credentials) > _MEMO_LIMIT:
                self._credentials.clear()
            found = self._credentials[encrypted] = parse_credentials(
                self.read(encrypted, connection_id, "credentials", "authenticate it again")
            )
        return found

    def properties(self, target: CallTarget) -> dict[str, Any]:
        """The connection's properties with its secret ones decrypted (what a call fills templates with); one the
        install leaves unset takes the partner's value for the connector (the connector settings' Properties)."""
        connection_id = target.account_connector_id
        own = self.values(target.properties, target.secret_properties_encrypted, connection_id, "secret properties")
        if not target.partner_properties:
            return own
        partner = self.values(
            target.partner_properties,
            target.partner_secret_properties_encrypted,
            connection_id,
            "partner property values",
            "set the connector's secret Properties again (PUT /v1.0/connectors/{id}/settings)",
        )
        return over_partner(partner, own)

    def values(
        self,
        plain: dict[str, Any],
        encrypted: str | None,
        connection_id: int | None = None,
        what: str = "secret values",
        remedy: str = "",
    ) -> dict[str, Any]:
        """Plain values with the secret ones decrypted in place of their masks (memoized by ciphertext), a new dict:
        the one place stored values are decrypted and merged. Values of no one connection (``connection_id`` None:
        a partner's for a connector) that the key cannot read raise the deployment's ``UnreadableSecret``."""
        if not encrypted:
            return dict(plain)
        found = self._properties.get(encrypted)
        if found is None:
            if len(self._properties) > _MEMO_LIMIT:
                self._properties.clear()
            if connection_id is None:
                found = self.box.decrypt(encrypted)
            else:
                found = self.read(encrypted, connection_id, what, remedy or f"set its {what} again")
            self._properties[encrypted] = found
        return merged(plain, found)

    def row_properties(self, row: AccountConnector) -> dict[str, Any]:
        """``properties`` for a row read from the store rather than a call target."""
        return self.values(row.properties or {}, row.secret_properties_encrypted, row.id, "secret properties")

    def oauth_app(self, target: CallTarget) -> OAuthApp | None:
        """The OAuth client for this connection: the one given at install, else the partner's settings."""
        if target.oauth_app_encrypted:
            key = ("install", target.oauth_app_encrypted)
        elif target.partner_client_id and target.partner_client_secret_encrypted:
            key = (target.partner_client_id, target.partner_client_secret_encrypted)
        else:
            return None
        found = self._apps.get(key)
        if found is None:
            if len(self._apps) > _MEMO_LIMIT:
                self._apps.clear()
            found = self._apps[key] = self._decrypt_app(target)
        return found if found.client_id and found.client_secret else None

    def _decrypt_app(self, target: CallTarget) -> OAuthApp:
        connection_id = target.account_connector_id
        if target.oauth_app_encrypted:
            app = self.read(target.oauth_app_encrypted, connection_id, "OAuth app", "install it again")
            # Half of it (ClientId set as a property, ClientSecret not yet) is no app: oauth_app answers None.
            return OAuthApp(str(app.get("client_id") or ""), str(app.get("client_secret") or ""), owner="install")
        assert target.partner_client_id and target.partner_client_secret_encrypted
        remedy = "set the connector's ClientSecret again (PUT /v1.0/connectors/{id}/settings)"
        secret = self.read(target.partner_client_secret_encrypted, connection_id, "OAuth app secret", remedy)
        return OAuthApp(target.partner_client_id, str(secret["value"]), owner="partner")

    def read(self, encrypted: str, connection_id: int, what: str, remedy: str) -> dict[str, Any]:
        """A secret of this connection, or a 409 that says the configured key cannot read it (never a 500)."""
        try:
            return self.box.decrypt(encrypted)
        except UnreadableSecret:
            raise ConnectionNotReady(
                f"Account connector {connection_id}: its stored {what} cannot be decrypted with the "
                "configured SWITCHBOARD_SECRET_KEY. If the key was changed, configure the key they were stored "
                f"with as well (SWITCHBOARD_SECRET_KEY=new,old); otherwise {remedy}."
            ) from None

    def encrypt(self, credentials: Credentials) -> str:
        return self.box.encrypt(credentials.model_dump())
