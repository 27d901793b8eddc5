"""The provider's OAuth2 token endpoint: code exchange and refresh."""

from __future__ import annotations

import base64
import math
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import orjson

from switchboard.auth.credentials import OAuth2Credentials, sendable
from switchboard.catalog.models import OAuth2Auth
from switchboard.errors import UpstreamError, UpstreamProtocolError
from switchboard.http import AsyncTransport, Budget, OutboundRequest

TOKEN_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class OAuthApp:
    """The OAuth client a connection authenticates with: the partner's, or one given at install."""

    client_id: str
    client_secret: str
    owner: str  # "partner" or "install": whose rate limits the app's calls count against


class InvalidGrant(Exception):
    """The provider refused the code or refresh token (``invalid_grant``): it is dead."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class ClientRefused(Exception):
    """A token endpoint refused a client id and secret (400, 401 or 403): they are wrong or revoked."""

    def __init__(self, description: str, status: int) -> None:
        super().__init__(description)
        self.description = description
        self.status = status


class TokenEndpoint:
    """Talks to one connector's token URL with the connector's client authentication."""

    def __init__(
        self,
        transport: AsyncTransport,
        definition: OAuth2Auth,
        token_url: str,
        provider: str,
        host_properties: tuple[str, ...] = (),
    ) -> None:
        self._transport = transport
        self._definition = definition
        self._url = token_url
        self._provider = provider
        # A token URL on a connection's own host (Okta's): the client secret goes only where the policy allows.
        self._host_properties = host_properties

    async def exchange_code(
        self, app: OAuthApp, code: str, redirect_uri: str, code_verifier: str | None
    ) -> tuple[OAuth2Credentials, dict[str, Any]]:
        """The token set, and the rest of the answer (Pipedrive names the company's API host there)."""
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        if code_verifier:
            form["code_verifier"] = code_verifier
        body = await self._grant(app, form)
        rest = {k: v for k, v in body.items() if k not in {"access_token", "refresh_token", "id_token"}}
        return _credentials(body, self._definition, previous_refresh=None), rest

    async def refresh(self, app: OAuthApp, refresh_token: str) -> OAuth2Credentials:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        # At the provider's own refresh endpoint where it has one (Figma's), else at the token URL.
        answer = await self._grant(app, form, self._definition.refresh_url)
        return _credentials(answer, self._definition, previous_refresh=refresh_token)

    async def _grant(self, app: OAuthApp, form: dict[str, str], url: str | None = None) -> dict[str, Any]:
        """The token endpoint's JSON answer to ``form`` (sent to ``url``, a fixed URL, where given); raises unless
        it holds an access token."""
        headers = [("Accept", "application/json"), ("Content-Type", "application/x-www-form-urlencoded")]
        if self._definition.client_auth == "basic":
            pair = base64.b64encode(f"{app.client_id}:{app.client_secret}".encode()).decode()
            headers.append(("Authorization", f"Basic {pair}"))
        else:
            form = {**form, "client_id": app.client_id, "client_secret": app.client_secret}
        request = OutboundRequest(
            "POST",
            self._url if url is None else url,
            headers=tuple(headers),
            body=urlencode(form).encode(),
            host_properties=self._host_properties if url is None else (),
        )
        budget = Budget(deadline=time.monotonic() + TOKEN_TIMEOUT, max_bytes=1024 * 1024)
        response = await self._transport.send(request, budget)
        body = json_object(response.body)
        access_token = body.get("access_token")
        # A refusal with a 2xx status (GitHub answers a dead refresh token with a 200 and an ``error``) is a refusal.
        refused = response.status in (400, 401) or (response.ok and not access_token)
        if refused and body.get("error") == "invalid_grant":
            raise InvalidGrant(str(body.get("error_description") or "invalid_grant"))
        if not response.ok:
            # The body is the provider's error (no tokens in it); the status tells what kind.
            raise UpstreamError(
                f"{self._provider}'s token endpoint answered {response.status}: {body.get('error', 'error')}",
                status=502 if response.status >= 500 else response.status,
                body=orjson.dumps({k: v for k, v in body.items() if k in {"error", "error_description"}}),
            )
        if not isinstance(access_token, str) or not access_token:
            raise UpstreamProtocolError(
                f"{self._provider}'s token endpoint answered {response.status} without an access_token"
                f"{missing_token_why(response.body, body)}",
                status=502,
            )
        if not sendable(access_token):
            # Stored, it would fail every later call as it was put in a header.
            raise UpstreamProtocolError(unsendable(self._provider, "access_token"), status=502)
        return body


def _credentials(body: dict[str, Any], definition: OAuth2Auth, previous_refresh: str | None) -> OAuth2Credentials:
    issued_at = time.time()
    lifetime = seconds_left(body.get("expires_in"), definition.default_expires_in)
    refresh_token = body.get("refresh_token")
    return OAuth2Credentials(
        access_token=str(body["access_token"]),
        # A response without a refresh token keeps the one we have.
        refresh_token=refresh_token if isinstance(refresh_token, str) and refresh_token else previous_refresh,
        expires_at=issued_at + lifetime,
        issued_at=issued_at,
        token_type=str(body.get("token_type") or "bearer"),
        scope=str(body["scope"]) if body.get("scope") else None,
    )


def seconds_left(value: Any, default: int) -> float:
    """A token's lifetime as the provider gave it (``3600``, ``"3600"``), else the definition's default: a lifetime
    of none, NaN, infinity or no time at all would have the token refreshed before every call, or never."""
    if isinstance(value, bool):
        return float(default)
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return float(default)
    return seconds if math.isfinite(seconds) and seconds > 0 else float(default)


def unsendable(provider: str, member: str) -> str:
    return (
        f"{provider}'s token endpoint answered an {member} holding a line break or another control character, "
        "which no HTTP header can carry; it was not stored"
    )


def missing_token_why(raw: bytes, body: dict[str, Any]) -> str:
    """What the answer held instead of a token, in words that carry none of it: its ``error``, or its kind."""
    error = body.get("error")
    if isinstance(error, str) and error:
        described = body.get("error_description")
        said = f" ({described[:200]})" if isinstance(described, str) and described else ""
        return f": error {error[:80]}{said}"
    if body:
        return ""
    start = raw.lstrip()[:1]
    return " (its answer is HTML, not JSON)" if start == b"<" else " (its answer is not a JSON object)"


def json_object(body: bytes) -> dict[str, Any]:
    """A token endpoint's answer as a JSON object; anything else (not JSON, a list) as empty."""
    try:
        value = orjson.loads(body) if body else {}
    except orjson.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
