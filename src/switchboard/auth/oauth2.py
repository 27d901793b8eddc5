"""OAuth2 bearer tokens on outbound calls, refreshed ahead of expiry and after a 401."""

from __future__ import annotations

from switchboard.auth.refresh import RefreshCoordinator, TokenSnapshot, expiring
from switchboard.auth.token_endpoint import OAuthApp, TokenEndpoint
from switchboard.catalog.models import ClientCredentialsAuth, OAuth2Auth
from switchboard.http import OutboundRequest


class OAuth2Authenticator:
    """``{type: oauth2, ...}``: ``Authorization: Bearer <access token>`` (or the definition's header and format)."""

    def __init__(
        self,
        definition: OAuth2Auth,
        coordinator: RefreshCoordinator,
        endpoint: TokenEndpoint,
        app: OAuthApp,
        connection_id: int,
        snapshot: TokenSnapshot,
    ) -> None:
        self._definition = definition
        self._coordinator = coordinator
        self._endpoint = endpoint
        self._app = app
        self._connection_id = connection_id
        self._snapshot = snapshot
        self._seen: set[str] = {app.client_secret}
        self._refreshed = False  # a set this call's refresh got from the provider

    async def authorize(self, request: OutboundRequest) -> OutboundRequest:
        credentials = self._snapshot.credentials
        if credentials is None or expiring(credentials):
            await self._renew(force=False)
            credentials = self._snapshot.credentials
        assert credentials is not None
        return request.with_header(
            self._definition.header_name, self._definition.header_format.replace("{token}", credentials.access_token)
        )

    async def refresh(self) -> bool:
        """As ``ClientCredentialsAuthenticator.refresh``: a newer stored set first, then a refresh."""
        credentials = self._snapshot.credentials
        if credentials is None or credentials.refresh_token is None or self._refreshed:
            return False
        before = credentials.access_token
        await self._renew(force=True)
        self._refreshed = self._snapshot.fetched
        after = self._snapshot.credentials
        return after is not None and after.access_token != before

    async def _renew(self, *, force: bool) -> None:
        self._snapshot = await self._coordinator.fresh(
            self._connection_id, self._endpoint, self._app, self._snapshot.version, force=force
        )
        if self._snapshot.credentials is not None:
            self._remember(self._snapshot.credentials.access_token, self._snapshot.credentials.refresh_token)

    def _remember(self, *values: str | None) -> None:
        self._seen.update(v for v in values if v)

    def secrets(self) -> list[str]:
        credentials = self._snapshot.credentials
        if credentials is not None:
            self._remember(credentials.access_token, credentials.refresh_token)
        return sorted(self._seen)


class FixedTokenAuthenticator:
    """One access token as it is, never refreshed: for checking a token set before it is saved."""

    def __init__(self, definition: OAuth2Auth | ClientCredentialsAuth, access_token: str) -> None:
        self._definition = definition
        self._token = access_token

    async def authorize(self, request: OutboundRequest) -> OutboundRequest:
        definition = self._definition
        return request.with_header(definition.header_name, definition.header_format.replace("{token}", self._token))

    async def refresh(self) -> bool:
        return False  # the check is of these credentials, not of fresher ones

    def secrets(self) -> list[str]:
        return [self._token]
