"""From a stored account connector to a ready ``Authenticator``, or a clear reason why not."""

from __future__ import annotations

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.auth.base import Authenticator
from switchboard.auth.credentials import ApiKeyCredentials, parse_credentials
from switchboard.catalog.models import ApiKeyAuth
from switchboard.catalog.registry import Connector
from switchboard.errors import ConnectionNotReady
from switchboard.store.account_connectors import CallTarget
from switchboard.store.crypto import SecretBox


def authenticator_for(secrets: SecretBox, connector: Connector, target: CallTarget) -> Authenticator:
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
    credentials = parse_credentials(secrets.decrypt(target.credentials_encrypted))
    if isinstance(credentials, ApiKeyCredentials):
        definition = connector.definition.auth_of("api_key")
        if not isinstance(definition, ApiKeyAuth):
            raise ConnectionNotReady(f"{name} holds an API key, but the connector no longer accepts one")
        return ApiKeyAuthenticator(definition, credentials.key)
    raise ConnectionNotReady(f"{name} holds OAuth2 tokens, which this server cannot use yet")
