"""A client id and secret exchanged for a short-lived token: OAuth2's client credentials grant, or a vendor's own.

The token is fetched on first use and kept (encrypted, with the id and secret) in the connection's
credentials; it is fetched again shortly before it expires, or after a 401. Every fetch goes
through the refresh coordinator's lock, so parallel calls share one token.
"""

from __future__ import annotations

import base64
import time
from typing import Any
from urllib.parse import urlencode

import orjson

from switchboard.auth.credentials import ClientCredentials, sendable
from switchboard.auth.refresh import ClientSnapshot, RefreshCoordinator, expiring
from switchboard.auth.token_endpoint import ClientRefused, json_object, seconds_left, unsendable
from switchboard.catalog.models import ClientCredentialsAuth
from switchboard.errors import UpstreamError, UpstreamProtocolError
from switchboard.http import AsyncTransport, Budget, OutboundRequest

TOKEN_TIMEOUT = 30.0


class ClientTokenEndpoint:
    """Fetches tokens for one connector, as its definition says to ask and where the answer holds them."""

    def __init__(
        self,
        transport: AsyncTransport,
        definition: ClientCredentialsAuth,
        provider: str,
        host_properties: tuple[str, ...] = (),
    ) -> None:
        self._transport = transport
        self._definition = definition
        self._provider = provider
        self._host_properties = host_properties  # a token URL on a property's host (PayPal's): guarded

    async def fetch(self, url: str, credentials: ClientCredentials) -> ClientCredentials:
        """``credentials`` with a new token from ``url``; raises ``ClientRefused`` when they are refused."""
        response = await self._transport.send(self._request(url, credentials), _budget())
        body = json_object(response.body)
        if response.status in (400, 401, 403):
            raise ClientRefused(_words(body) or f"HTTP {response.status}", response.status)
        if not response.ok:
            # The body is the provider's error (no tokens in it); the status tells what kind.
            raise UpstreamError(
                f"{self._provider}'s token endpoint answered {response.status}: {_words(body) or 'error'}",
                status=502 if response.status >= 500 else response.status,
            )
        token = _at(body, self._definition.token_path)
        if not isinstance(token, str) or not token:
            raise UpstreamProtocolError(
                f"{self._provider}'s token endpoint answered without a token at {self._definition.token_path}",
                status=502,
            )
        if not sendable(token):
            raise UpstreamProtocolError(unsendable(self._provider, "access token"), status=502)
        issued_at = time.time()
        lifetime = _at(body, self._definition.expires_path) if self._definition.expires_path else None
        seconds = seconds_left(lifetime, self._definition.default_expires_in)
        return credentials.model_copy(
            update={"access_token": token, "issued_at": issued_at, "expires_at": issued_at + seconds}
        )

    def _request(self, url: str, credentials: ClientCredentials) -> OutboundRequest:
        definition = self._definition
        fields: dict[str, str] = {}
        if definition.grant_type:
            fields["grant_type"] = definition.grant_type
        if definition.scopes:
            fields["scope"] = definition.scope_separator.join(definition.scopes)
        headers = [("Accept", "application/json")]
        if definition.client_auth == "basic":
            headers.append(("Authorization", f"Basic {basic_pair(credentials)}"))
        else:
            fields = {**fields, "client_id": credentials.client_id, "client_secret": credentials.client_secret}
        if definition.client_auth == "json":
            headers.append(("Content-Type", "application/json"))
            body = orjson.dumps(fields)
        else:
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = urlencode(fields).encode()
        return OutboundRequest("POST", url, headers=tuple(headers), body=body, host_properties=self._host_properties)


class ClientCredentialsAuthenticator:
    """``{type: client_credentials, ...}``: ``Authorization: Bearer <token>``, the token fetched as needed."""

    def __init__(
        self,
        definition: ClientCredentialsAuth,
        coordinator: RefreshCoordinator,
        endpoint: ClientTokenEndpoint,
        token_url: str,
        connection_id: int,
        snapshot: ClientSnapshot,
    ) -> None:
        self._definition = definition
        self._coordinator = coordinator
        self._endpoint = endpoint
        self._url = token_url
        self._connection_id = connection_id
        self._snapshot = snapshot
        self._seen: set[str] = set()
        self._refetched = False  # a token this call's refresh got from the provider

    async def authorize(self, request: OutboundRequest) -> OutboundRequest:
        token = self._snapshot.credentials.access_token
        if token is None or expiring(self._snapshot.credentials):
            await self._renew(force=False)
            token = self._snapshot.credentials.access_token
        assert token is not None
        return request.with_header(
            self._definition.header_name, self._definition.header_format.replace("{token}", token)
        )

    async def refresh(self) -> bool:
        """A newer token another call stored counts first (it may have fetched after the same 401); if
        that one is refused too, the next refresh fetches one. A fetched token refused: no use asking again."""
        if self._refetched:
            return False
        before = self._snapshot.credentials.access_token
        await self._renew(force=True)
        self._refetched = self._snapshot.fetched
        after = self._snapshot.credentials.access_token
        return after is not None and after != before

    async def _renew(self, *, force: bool) -> None:
        self._snapshot = await self._coordinator.fetched(
            self._connection_id, self._fetch, self._snapshot.version, force=force
        )

    async def _fetch(self, credentials: ClientCredentials) -> ClientCredentials:
        return await self._endpoint.fetch(self._url, credentials)

    def secrets(self) -> list[str]:
        credentials = self._snapshot.credentials
        self._seen.update([credentials.client_secret, basic_pair(credentials)])
        if credentials.access_token:
            self._seen.add(credentials.access_token)
        return sorted(self._seen)


def basic_pair(credentials: ClientCredentials) -> str:
    return base64.b64encode(f"{credentials.client_id}:{credentials.client_secret}".encode()).decode()


def _budget() -> Budget:
    return Budget(deadline=time.monotonic() + TOKEN_TIMEOUT, max_bytes=1024 * 1024)


def _at(body: Any, path: str) -> Any:
    """The value at a dotted path (``data.token``), or None."""
    node = body
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _words(body: dict[str, Any]) -> str:
    """The provider's reason, never a token: the usual error members, cut short."""
    for path in ("error_description", "error.message", "message", "error"):
        found = _at(body, path)
        if isinstance(found, str) and found:
            return found[:200]
    return ""
