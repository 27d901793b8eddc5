"""OAuth2 authorization-code flow as authz.constantcontact.com serves it (Okta underneath).

- ``GET /oauth2/default/v1/authorize`` consents automatically (or refuses when the host's
  ``deny_consent`` is set) and redirects back with a code valid once, for 5 minutes, for
  the same client and redirect_uri. PKCE (``code_challenge``, S256) is honoured if sent.
- ``POST /oauth2/default/v1/token`` takes HTTP Basic client credentials and a form body.
  Refresh tokens (only with ``offline_access``) rotate: each is single-use, and issuing a
  new set retires the previous set, access token included.
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import unquote_plus, urlencode, urlsplit

import orjson
from aiohttp import web

from switchboard_emulators.constant_contact.state import State

AUTHORIZE_PATH = "/oauth2/default/v1/authorize"
TOKEN_PATH = "/oauth2/default/v1/token"  # noqa: S105 (a URL path, not a secret)
CODE_TTL = 300.0
SCOPES = frozenset(
    {
        "contact_data",
        "campaign_data",
        "account_read",
        "account_update",
        "offline_access",
        "billing_data",
        "openid",
        "profile",
        "email",
    }
)
DEFAULT_SCOPE = "account_read account_update contact_data campaign_data offline_access"
INVALID_REFRESH = "unknown, invalid, or expired refresh token"
INVALID_CLIENT = "Client authentication failed. Either the client or the client credentials are invalid."


@dataclass
class TokenSet:
    """One access token and, with offline_access, the refresh token issued with it."""

    client_id: str
    scope: str
    access_token: str
    refresh_token: str | None
    expires_at: float


@dataclass(frozen=True)
class AuthCode:
    client_id: str
    redirect_uri: str
    scope: str
    expires_at: float
    challenge: str | None


class OAuthStore:
    """Registered clients, pending codes and live token sets. Callers hold the state lock."""

    def __init__(self) -> None:
        self.clients: dict[str, str] = {}
        self.codes: dict[str, AuthCode] = {}
        self.access: dict[str, TokenSet] = {}
        self.refresh: dict[str, TokenSet] = {}
        self.token_requests = 0

    def issue(self, client_id: str, scope: str, ttl: int, now: float) -> TokenSet:
        offline = "offline_access" in scope.split()
        token_set = TokenSet(
            client_id=client_id,
            scope=scope,
            access_token=secrets.token_urlsafe(48),
            refresh_token=secrets.token_urlsafe(32) if offline else None,
            expires_at=now + ttl,
        )
        self.access[token_set.access_token] = token_set
        if token_set.refresh_token:
            self.refresh[token_set.refresh_token] = token_set
        return token_set

    def retire(self, token_set: TokenSet) -> None:
        self.access.pop(token_set.access_token, None)
        if token_set.refresh_token:
            self.refresh.pop(token_set.refresh_token, None)

    def lookup(self, access_token: str, now: float) -> TokenSet | None:
        token_set = self.access.get(access_token)
        return token_set if token_set is not None and token_set.expires_at > now else None

    def expire_access_tokens(self) -> None:
        for token_set in self.access.values():
            token_set.expires_at = 0.0

    def revoke_refresh_tokens(self) -> None:
        self.refresh.clear()


class OAuthHost(Protocol):
    """What the OAuth handlers need from the emulator."""

    state: State
    oauth: OAuthStore
    deny_consent: bool
    access_token_ttl: int


def token_response(token_set: TokenSet, ttl: int, issuer: str) -> dict[str, Any]:
    """The token endpoint's JSON answer for a freshly issued set."""
    body: dict[str, Any] = {
        "token_type": "Bearer",
        "expires_in": ttl,
        "access_token": token_set.access_token,
        "scope": token_set.scope,
    }
    if token_set.refresh_token:
        body["refresh_token"] = token_set.refresh_token
    if "openid" in token_set.scope.split():
        body["id_token"] = _id_token(token_set, ttl, issuer)
    return body


def _id_token(token_set: TokenSet, ttl: int, issuer: str) -> str:
    """A JWT-shaped id_token; its signature is random bytes, so do not verify it."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    now = int(token_set.expires_at) - ttl
    claims = {"iss": issuer, "aud": token_set.client_id, "sub": "emulated-user", "iat": now, "exp": now + 3600}
    header = orjson.dumps({"alg": "RS256", "kid": "constant-contact-emulator"})
    return ".".join((part(header), part(orjson.dumps(claims)), part(secrets.token_bytes(32))))


def _page(status: int, error: str, description: str) -> web.Response:
    text = (
        "<!doctype html><title>Constant Contact - Error</title>"
        f"<h1>{html.escape(error)}</h1><p>{html.escape(description)}</p>"
    )
    return web.Response(status=status, text=text, content_type="text/html")


def _redirect(redirect_uri: str, params: dict[str, str]) -> web.Response:
    joiner = "&" if urlsplit(redirect_uri).query else "?"
    return web.Response(status=302, headers={"Location": redirect_uri + joiner + urlencode(params)})


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return web.Response(
        status=status,
        body=orjson.dumps({"error": error, "error_description": description}),
        content_type="application/json",
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


def _basic_client(request: web.Request) -> tuple[str, str] | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return None
    # RFC 6749 2.3.1: both parts are form-urlencoded before being joined.
    return unquote_plus(client_id), unquote_plus(secret)


def _pkce_ok(challenge: str | None, verifier: str | None) -> bool:
    if challenge is None:
        return True
    if not verifier:
        return False
    digest = hashlib.sha256(verifier.encode()).digest()
    return secrets.compare_digest(base64.urlsafe_b64encode(digest).decode().rstrip("="), challenge)


def routes(host: OAuthHost) -> list[web.RouteDef]:
    """The authorize and token endpoints, bound to ``host``'s state."""
    state, store = host.state, host.oauth

    async def authorize(request: web.Request) -> web.StreamResponse:
        q = request.query
        client_id = q.get("client_id", "")
        redirect_uri = q.get("redirect_uri", "")
        with state.lock:
            known = client_id in store.clients
        if not known:
            return _page(400, "invalid_client", "The client_id provided is not registered.")
        parts = urlsplit(redirect_uri)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return _page(400, "invalid_request", "The 'redirect_uri' parameter is missing or invalid.")
        back: dict[str, str] = {}
        if "state" in q:
            back["state"] = q["state"]

        def fail(error: str, description: str) -> web.Response:
            return _redirect(redirect_uri, {"error": error, "error_description": description, **back})

        if q.get("response_type") != "code":
            return fail("unsupported_response_type", "The response type is not supported by the authorization server.")
        if not q.get("state"):
            return fail("invalid_request", "The 'state' parameter is required.")
        scopes = q.get("scope", "").split()
        if not scopes:
            return fail("invalid_scope", "The authorization request must have a scope.")
        if any(s not in SCOPES for s in scopes):
            return fail("invalid_scope", "One or more scopes are not configured for the authorization server resource.")
        challenge = q.get("code_challenge")
        if challenge is not None and q.get("code_challenge_method", "S256") != "S256":
            return fail("invalid_request", "The 'code_challenge_method' parameter must be 'S256'.")
        if host.deny_consent:
            return fail("access_denied", "The resource owner or authorization server denied the request.")
        code = secrets.token_urlsafe(32)
        with state.lock:
            store.codes[code] = AuthCode(client_id, redirect_uri, " ".join(scopes), state.clock() + CODE_TTL, challenge)
        return _redirect(redirect_uri, {"code": code, **back})

    async def token(request: web.Request) -> web.StreamResponse:
        form = await request.post()
        issuer = f"{request.scheme}://{request.host}/oauth2/default"
        with state.lock:
            store.token_requests += 1
            credentials = _basic_client(request)
            if credentials is None or store.clients.get(credentials[0]) != credentials[1]:
                return _oauth_error(401, "invalid_client", INVALID_CLIENT)
            client_id = credentials[0]
            if request.content_type != "application/x-www-form-urlencoded":
                return _oauth_error(400, "invalid_request", "The request body must be form-encoded.")
            grant = form.get("grant_type")
            now = state.clock()
            ttl = host.access_token_ttl
            if grant == "authorization_code":
                code = store.codes.pop(str(form.get("code", "")), None)  # single use, even on failure
                if code is None or code.expires_at <= now or code.client_id != client_id:
                    return _oauth_error(400, "invalid_grant", "The authorization code is invalid or has expired.")
                if code.redirect_uri != form.get("redirect_uri"):
                    return _oauth_error(
                        400,
                        "invalid_grant",
                        "The 'redirect_uri' does not match the redirection URI used in the authorization request.",
                    )
                verifier = form.get("code_verifier")
                if not _pkce_ok(code.challenge, verifier if isinstance(verifier, str) else None):
                    return _oauth_error(400, "invalid_grant", "PKCE verification failed.")
                issued = store.issue(client_id, code.scope, ttl, now)
            elif grant == "refresh_token":
                previous = store.refresh.get(str(form.get("refresh_token", "")))
                if previous is None or previous.client_id != client_id:
                    return _oauth_error(400, "invalid_grant", INVALID_REFRESH)
                store.retire(previous)  # rotation: the old set stops working, access token too
                issued = store.issue(client_id, previous.scope, ttl, now)
            else:
                return _oauth_error(
                    400,
                    "unsupported_grant_type",
                    "The authorization grant type is not supported by the authorization server.",
                )
            body = token_response(issued, ttl, issuer)
        return web.Response(
            body=orjson.dumps(body),
            content_type="application/json",
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )

    return [web.get(AUTHORIZE_PATH, authorize, allow_head=False), web.post(TOKEN_PATH, token)]
