"""From a stored account connector to a ready ``Authenticator``, or a clear reason why not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.auth.base import Authenticator
from switchboard.auth.credentials import ApiKeyCredentials, Credentials, OAuth2Credentials, parse_credentials
from switchboard.auth.oauth2 import OAuth2Authenticator
from switchboard.auth.refresh import TokenSnapshot
from switchboard.auth.token_endpoint import OAuthApp
from switchboard.catalog.models import ApiKeyAuth, OAuth2Auth
from switchboard.catalog.registry import Connector
from switchboard.errors import ConnectionNotReady, UnreadableSecret
from switchboard.store.account_connectors import CallTarget
from switchboard.store.crypto import SecretBox

if TYPE_CHECKING:
    from switchboard.api.services import Services


_parsed: dict[str, Credentials] = {}


def _credentials(secrets: SecretBox, target: CallTarget, encrypted: str) -> Credentials:
    """Decrypted credentials, memoized by ciphertext (a new set is a new ciphertext)."""
    found = _parsed.get(encrypted)
    if found is None:
        if len(_parsed) > 10_000:
            _parsed.clear()
        found = _parsed[encrypted] = parse_credentials(
            read_secret(secrets, encrypted, target.account_connector_id, "credentials", "authenticate it again")
        )
    return found


def read_secret(secrets: SecretBox, encrypted: str, connection_id: int, what: str, remedy: str) -> dict[str, Any]:
    """A secret of this connection, or a 409 that says the configured key cannot read it (never a 500)."""
    try:
        return secrets.decrypt(encrypted)
    except UnreadableSecret:
        raise ConnectionNotReady(
            f"Account connector {connection_id}: its stored {what} cannot be decrypted with the "
            "configured SWITCHBOARD_SECRET_KEY. If the key was changed, configure the key they were stored "
            f"with as well (SWITCHBOARD_SECRET_KEY=new,old); otherwise {remedy}."
        ) from None


def oauth_app(secrets: SecretBox, target: CallTarget) -> OAuthApp | None:
    """The OAuth client for this connection: the one given at install, else the partner's settings."""
    if target.oauth_app_encrypted:
        app = read_secret(
            secrets, target.oauth_app_encrypted, target.account_connector_id, "OAuth app", "install it again"
        )
        return OAuthApp(str(app["client_id"]), str(app["client_secret"]), owner="install")
    if target.partner_client_id and target.partner_client_secret_encrypted:
        remedy = "set the connector's ClientSecret again (PUT /v1.0/connectors/{id}/settings)"
        encrypted = target.partner_client_secret_encrypted
        secret = read_secret(secrets, encrypted, target.account_connector_id, "OAuth app secret", remedy)
        return OAuthApp(target.partner_client_id, str(secret["value"]), owner="partner")
    return None


def authenticator_for(svc: Services, connector: Connector, target: CallTarget) -> Authenticator:
    """The authenticator for this connection's stored credentials."""
    name = f"Account connector {target.account_connector_id} ({connector.definition.name})"
    if target.auth_state == "needs_reauth":
        reason = f": {target.auth_error}" if target.auth_error else ""
        raise ConnectionNotReady(
            f"{name} needs re-authentication{reason}. Send the user through the sign-in flow again.",
            AuthState="NeedsReauthentication",
        )
    if target.credentials_encrypted is None:
        raise ConnectionNotReady(
            f"{name} is not authenticated yet: set its API key (PUT with AuthValue) or run the OAuth sign-in flow",
            AuthState="Unauthenticated",
        )
    credentials = _credentials(svc.secrets, target, target.credentials_encrypted)
    if isinstance(credentials, ApiKeyCredentials):
        api_key = connector.definition.auth_of("api_key")
        if not isinstance(api_key, ApiKeyAuth):
            raise ConnectionNotReady(f"{name} holds an API key, but the connector no longer accepts one")
        return ApiKeyAuthenticator(api_key, credentials.key)
    assert isinstance(credentials, OAuth2Credentials)
    definition = connector.definition.auth_of("oauth2")
    app = oauth_app(svc.secrets, target)
    if not isinstance(definition, OAuth2Auth) or app is None:
        raise ConnectionNotReady(
            f"{name} holds OAuth tokens but no OAuth app is configured to refresh them: set the connector's "
            "ClientId and ClientSecret (PUT /v1.0/connectors/{id}/settings)"
        )
    return OAuth2Authenticator(
        definition,
        svc.refresher,
        svc.token_endpoint(connector, definition),
        app,
        target.account_connector_id,
        TokenSnapshot(target.credentials_version, credentials, target.auth_state),
    )
