"""Credentials checked before they are saved: the connector's ``verify:`` call, made with them.

A refusal (``CredentialsRefused``, 400) stops the save with the provider's own words; a check
that could not be made (unreachable, timed out, 5xx) lets the save go on, marked unverified.
"""

from __future__ import annotations

import time
from typing import Any

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.auth.base import Authenticator
from switchboard.auth.credentials import ApiKeyCredentials, ClientCredentials, Credentials, OAuth2Credentials
from switchboard.auth.oauth2 import FixedTokenAuthenticator
from switchboard.auth.token_endpoint import ClientRefused
from switchboard.catalog.models import ApiKeyAuth, ClientCredentialsAuth, OAuth2Auth
from switchboard.catalog.registry import Connector
from switchboard.connections.authenticators import client_token_endpoint, token_url
from switchboard.engine.call import Engine
from switchboard.engine.verify import Verdict
from switchboard.errors import AddressRefused, CredentialsRefused, SwitchboardError
from switchboard.http import AsyncTransport
from switchboard.ratelimit import LimitScope


class CredentialCheck:
    """Makes a connector's credentials check through the engine (its transport, limits and retries)."""

    def __init__(self, engine: Engine, transport: AsyncTransport) -> None:
        self._engine = engine
        self._transport = transport

    async def verdict(
        self,
        connector: Connector,
        credentials: Credentials,
        properties: dict[str, Any],
        scope: LimitScope,
    ) -> Verdict | None:
        """How the check went, or None when the connector names none; never raises for the provider's answer.

        It counts against ``scope``'s limits, the ones a call of the connection would (``limit_scope``).
        """
        if isinstance(credentials, ClientCredentials):
            return await self._client(connector, credentials, properties, scope)
        if connector.definition.verify is None:
            return None
        auth = _authenticator(connector, credentials)
        if auth is None:
            return Verdict(
                "unverified",
                "The access token given had already expired, so it could not be checked; the first call refreshes it",
            )
        return await self._engine.verify(connector, auth, properties, scope)

    async def _client(
        self,
        connector: Connector,
        credentials: ClientCredentials,
        properties: dict[str, Any],
        scope: LimitScope,
    ) -> Verdict:
        """Client credentials are checked by fetching a token with them, then by ``verify:`` with that token."""
        definition = connector.definition.auth_of("client_credentials")
        assert isinstance(definition, ClientCredentialsAuth)  # read_auth_value made them only for such a connector
        endpoint = client_token_endpoint(self._transport, connector.definition, definition)
        try:
            fetched = await endpoint.fetch(token_url(connector.definition, definition, properties), credentials)
        except ClientRefused as exc:
            return Verdict("refused", f"its token endpoint refused them ({exc.description})", exc.status)
        except AddressRefused:
            raise  # the caller's property points inward: not a verdict on the credentials
        except SwitchboardError as exc:
            return Verdict("unverified", f"no token could be fetched now: {exc.message}"[:300])
        if connector.definition.verify is None or fetched.access_token is None:
            return Verdict("verified")
        auth = FixedTokenAuthenticator(definition, fetched.access_token)
        found = await self._engine.verify(connector, auth, properties, scope)
        return found if found is not None else Verdict("verified")

    async def checked(
        self,
        connector: Connector,
        credentials: Credentials,
        properties: dict[str, Any],
        scope: LimitScope,
    ) -> Verdict | None:
        """``verdict``, raising ``CredentialsRefused`` when the provider refused the credentials."""
        found = await self.verdict(connector, credentials, properties, scope)
        if found is not None and found.outcome == "refused":
            raise CredentialsRefused(
                f"{connector.definition.name} refused these credentials: {found.reason}. Nothing was saved.",
                Reason=found.reason,
                ProviderStatus=found.status,
            )
        return found


def limit_scope(connection_id: int, partner_id: int, credentials: Credentials, *, partners_app: bool) -> LimitScope:
    """Whose rate limits a connection's requests count against, its calls' and its credentials check's alike.

    A token set signed in through the partner's own OAuth app (``partners_app``; not an app the install
    brought) is one client to the provider with every other account's: the partner's app-wide limits
    count too. An API key or client credentials never go through that app: the connection's only.
    """
    through_app = isinstance(credentials, OAuth2Credentials) and partners_app
    return LimitScope(connection_id, str(partner_id) if through_app else None)


def _authenticator(connector: Connector, credentials: ApiKeyCredentials | OAuth2Credentials) -> Authenticator | None:
    if isinstance(credentials, ApiKeyCredentials):
        api_key = connector.definition.auth_of("api_key")
        assert isinstance(api_key, ApiKeyAuth)  # read_auth_value made an API key only for a connector taking one
        return ApiKeyAuthenticator(api_key, credentials.key)
    oauth = connector.definition.auth_of("oauth2")
    assert isinstance(oauth, OAuth2Auth)
    if credentials.expires_at is not None and credentials.expires_at <= time.time():
        return None
    return FixedTokenAuthenticator(oauth, credentials.access_token)
