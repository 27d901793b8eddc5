"""From a stored account connector to a ready ``Authenticator``, or a clear reason why not."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.auth.base import Authenticator
from switchboard.auth.client_credentials import ClientCredentialsAuthenticator, ClientTokenEndpoint
from switchboard.auth.credentials import ApiKeyCredentials, ClientCredentials, OAuth2Credentials
from switchboard.auth.oauth2 import OAuth2Authenticator
from switchboard.auth.refresh import ClientSnapshot, RefreshCoordinator, TokenSnapshot
from switchboard.auth.token_endpoint import OAuthApp, TokenEndpoint
from switchboard.catalog.models import ApiKeyAuth, ClientCredentialsAuth, ConnectorDef, OAuth2Auth
from switchboard.catalog.models.connector import placeholders
from switchboard.catalog.registry import Connector
from switchboard.connections.secrets import ConnectionSecrets
from switchboard.engine.request.templates import filled_url, url_host_properties
from switchboard.errors import ConnectionNotReady
from switchboard.http import AsyncTransport
from switchboard.store.account_connectors import CallTarget


class AuthenticatorFactory:
    """Builds authenticators; owns the per-connector token endpoint clients."""

    def __init__(self, secrets: ConnectionSecrets, refresher: RefreshCoordinator, transport: AsyncTransport) -> None:
        self._secrets = secrets
        self._refresher = refresher
        self._transport = transport
        self._endpoints: dict[str, TokenEndpoint] = {}
        self._client_endpoints: dict[str, ClientTokenEndpoint] = {}

    def client_endpoint(self, connector: Connector, definition: ClientCredentialsAuth) -> ClientTokenEndpoint:
        """The connector's client-credentials token endpoint client."""
        endpoint = self._client_endpoints.get(connector.key)
        if endpoint is None:
            endpoint = client_token_endpoint(self._transport, connector.definition, definition)
            self._client_endpoints[connector.key] = endpoint
        return endpoint

    def token_endpoint(
        self, connector: Connector, definition: OAuth2Auth, properties: Callable[[], Mapping[str, Any]]
    ) -> TokenEndpoint:
        """The connector's token endpoint client (its URL as the catalog resolved it); for a token URL on the
        connection's own host (``https://{okta_domain}/oauth2/v1/token``), one for the URL its ``properties``
        fill, its requests guarded as any other to a property's host."""
        name = connector.definition.name
        if placeholders(definition.token_url):
            url = filled_url(definition.token_url, properties(), name)
            return TokenEndpoint(self._transport, definition, url, name, url_host_properties(definition.token_url))
        endpoint = self._endpoints.get(connector.key)
        if endpoint is None:
            endpoint = TokenEndpoint(self._transport, definition, definition.token_url, name)
            self._endpoints[connector.key] = endpoint
        return endpoint

    def build(
        self,
        connector: Connector,
        target: CallTarget,
        app: OAuthApp | None,
        properties: Callable[[], Mapping[str, Any]] | None = None,
    ) -> Authenticator:
        """The authenticator for this connection's stored credentials; ``properties``: the connection's, where the
        caller holds them merged already (else merged here)."""
        values = properties or (lambda: self._secrets.properties(target))
        name = f"Account connector {target.account_connector_id} ({connector.definition.name})"
        if target.auth_state == "needs_reauth":
            reason = f": {target.auth_error}" if target.auth_error else ""
            raise ConnectionNotReady(
                f"{name} needs re-authentication{reason}. Send the user through the sign-in flow again.",
                AuthState="NeedsReauthentication",
            )
        if target.credentials_encrypted is None:
            raise ConnectionNotReady(
                f"{name} holds no credentials (not authenticated, or deauthenticated since): set its API key "
                "(PUT with AuthValue) or run the OAuth sign-in flow",
                AuthState="Unauthenticated",
            )
        credentials = self._secrets.credentials(target.account_connector_id, target.credentials_encrypted)
        if isinstance(credentials, ApiKeyCredentials):
            api_key = connector.definition.auth_of("api_key")
            if not isinstance(api_key, ApiKeyAuth):
                raise ConnectionNotReady(f"{name} holds an API key, but the connector no longer accepts one")
            return ApiKeyAuthenticator(api_key, credentials.key)
        if isinstance(credentials, ClientCredentials):
            return self._client(connector, target, credentials, name, values())
        assert isinstance(credentials, OAuth2Credentials)
        definition = connector.definition.auth_of("oauth2")
        if not isinstance(definition, OAuth2Auth) or app is None:
            raise ConnectionNotReady(
                f"{name} holds OAuth tokens but no OAuth app is configured to refresh them: set the connector's "
                "ClientId and ClientSecret (PUT /v1.0/connectors/{id}/settings)"
            )
        return OAuth2Authenticator(
            definition,
            self._refresher,
            self.token_endpoint(connector, definition, values),
            app,
            target.account_connector_id,
            TokenSnapshot(target.credentials_version, credentials, target.auth_state),
        )

    def _client(
        self,
        connector: Connector,
        target: CallTarget,
        credentials: ClientCredentials,
        name: str,
        properties: Mapping[str, Any],
    ) -> Authenticator:
        definition = connector.definition.auth_of("client_credentials")
        if not isinstance(definition, ClientCredentialsAuth):
            raise ConnectionNotReady(f"{name} holds client credentials, but the connector no longer takes them")
        return ClientCredentialsAuthenticator(
            definition,
            self._refresher,
            self.client_endpoint(connector, definition),
            token_url(connector.definition, definition, properties),
            target.account_connector_id,
            ClientSnapshot(target.credentials_version, credentials),
        )


def token_url(connector: ConnectorDef, definition: ClientCredentialsAuth, properties: Mapping[str, Any]) -> str:
    """The token URL, filled as an OAuth one on the connection's host is; one that starts with ``/`` is on the
    connection's base URL (PayPal's sandbox or live)."""
    return filled_url(connector.auth_url(definition.token_url), properties, connector.name)


def client_token_endpoint(
    transport: AsyncTransport, connector: ConnectorDef, definition: ClientCredentialsAuth
) -> ClientTokenEndpoint:
    """The connector's token endpoint client; a token URL on a property's host goes where the properties say,
    so its requests carry them for the transport's guard."""
    guarded = url_host_properties(connector.auth_url(definition.token_url))
    return ClientTokenEndpoint(transport, definition, connector.name, guarded)
