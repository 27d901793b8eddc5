"""Salesloft's OAuth 2 authorization server (``accounts.salesloft.com``), served on the emulator's origin.

Authorization-code grant with automatic consent (or ``access_denied`` when ``deny_consent``).
Codes are single-use, live 5 minutes and are bound to the client and redirect URI; any redirect
URI is accepted for a registered client. Refresh tokens are single-use: redeeming one issues a
new pair, and the old access token keeps working until it expires. Error bodies follow
Doorkeeper, the Rails OAuth server Salesloft runs.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import orjson
from aiohttp import web

from switchboard_emulators.salesloft.responses import json_response

AUTH_CODE_TTL = 300
INVALID_GRANT = (
    "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI "
    "used in the authorization request, or was issued to another client."
)
INVALID_CLIENT = (
    "Client authentication failed due to unknown client, no client authentication included, "
    "or unsupported authentication method."
)
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    scope: str
    expires_at: float
    used: bool = False


@dataclass
class _Refresh:
    client_id: str
    scope: str
    used: bool = False


def _with_query(uri: str, params: Mapping[str, str]) -> str:
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def _page(status: int, title: str, message: str) -> web.Response:
    body = f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(message)}</p>"
    return web.Response(status=status, text=body, content_type="text/html")


class OAuthProvider:
    """Clients, codes and tokens; reads and test hooks are safe from any thread."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clients: dict[str, str] = {}
        self.deny_consent = False
        self.access_token_ttl = 7200
        self.token_requests = 0
        self._clock = clock
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, float] = {}
        self._refresh: dict[str, _Refresh] = {}
        self._lock = threading.Lock()

    # -- state -------------------------------------------------------------------------------

    def register_client(self, client_id: str, client_secret: str) -> None:
        with self._lock:
            self.clients[client_id] = client_secret

    def access_token_state(self, token: str) -> str | None:
        """Whether ``token`` is "valid" or "expired"; None if this server never issued it."""
        with self._lock:
            expires_at = self._access.get(token)
        if expires_at is None:
            return None
        return "valid" if self._clock() < expires_at else "expired"

    def expire_access_tokens(self) -> None:
        with self._lock:
            for token in self._access:
                self._access[token] = 0.0

    def revoke_refresh_tokens(self) -> None:
        with self._lock:
            for refresh in self._refresh.values():
                refresh.used = True

    def _issue(self, client_id: str, scope: str) -> dict[str, Any]:
        now = self._clock()
        access, refresh = secrets.token_hex(32), secrets.token_hex(32)
        self._access[access] = now + self.access_token_ttl
        self._refresh[refresh] = _Refresh(client_id, scope)
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": self.access_token_ttl,
            "refresh_token": refresh,
            "scope": scope,
            "created_at": int(now),
        }

    # -- endpoints ---------------------------------------------------------------------------

    async def authorize(self, request: web.Request) -> web.Response:
        """``GET /oauth/authorize``: redirect back with a code (or an error)."""
        query = request.query
        client_id = query.get("client_id", "")
        redirect_uri = query.get("redirect_uri", "")
        with self._lock:
            known = client_id in self.clients
        if not known:
            return _page(400, "Invalid client", "The client identifier provided is invalid.")
        if not redirect_uri or not urlsplit(redirect_uri).scheme:
            return _page(400, "Invalid redirect URI", "The redirect uri included is not valid.")
        state = {"state": query["state"]} if "state" in query else {}
        if query.get("response_type") != "code":
            error = {
                "error": "unsupported_response_type",
                "error_description": "The authorization server does not support this response type.",
            }
            return web.Response(status=302, headers={"Location": _with_query(redirect_uri, {**error, **state})})
        if self.deny_consent:
            error = {
                "error": "access_denied",
                "error_description": "The resource owner or authorization server denied the request.",
            }
            return web.Response(status=302, headers={"Location": _with_query(redirect_uri, {**error, **state})})
        code = secrets.token_hex(32)
        with self._lock:
            self._codes[code] = _Code(client_id, redirect_uri, query.get("scope", ""), self._clock() + AUTH_CODE_TTL)
        location = _with_query(redirect_uri, {"code": code, **state})
        return web.Response(status=302, headers={"Location": location})

    async def token(self, request: web.Request) -> web.Response:
        """``POST /oauth/token``: authorization_code and refresh_token grants."""
        params = await _token_params(request)
        with self._lock:
            self.token_requests += 1
            return self._token(params, request.headers.get("Authorization", ""))

    def _token(self, params: dict[str, str], authorization: str) -> web.Response:
        grant_type = params.get("grant_type", "")
        if not grant_type:
            return _error(400, "invalid_request", "The request is missing a required parameter: grant_type.")
        if grant_type not in ("authorization_code", "refresh_token"):
            return _error(
                400,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            )
        client_id, secret = _client_credentials(params, authorization)
        if client_id is None or self.clients.get(client_id) != secret:
            response = _error(401, "invalid_client", INVALID_CLIENT)
            response.headers["WWW-Authenticate"] = 'Basic realm="Doorkeeper"'
            return response
        if grant_type == "authorization_code":
            code = self._codes.get(params.get("code", ""))
            if (
                code is None
                or code.used
                or code.expires_at <= self._clock()
                or code.client_id != client_id
                or code.redirect_uri != params.get("redirect_uri", "")
            ):
                return _error(400, "invalid_grant", INVALID_GRANT)
            code.used = True
            return json_response(self._issue(client_id, code.scope), headers=_NO_STORE)
        refresh = self._refresh.get(params.get("refresh_token", ""))
        if refresh is None or refresh.used or refresh.client_id != client_id:
            return _error(400, "invalid_grant", INVALID_GRANT)
        refresh.used = True
        return json_response(self._issue(client_id, refresh.scope), headers=_NO_STORE)


def _error(status: int, error: str, description: str) -> web.Response:
    return json_response({"error": error, "error_description": description}, status, _NO_STORE)


async def _token_params(request: web.Request) -> dict[str, str]:
    raw = await request.read()
    if request.content_type == "application/json":
        try:
            data = orjson.loads(raw or b"{}")
        except orjson.JSONDecodeError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    pairs = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
    params = dict(pairs)
    for key, value in request.query.items():
        params.setdefault(key, value)
    return params


def _client_credentials(params: Mapping[str, str], authorization: str) -> tuple[str | None, str | None]:
    """Client id and secret from HTTP Basic (preferred) or the form body."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        client_id, sep, secret = decoded.partition(":")
        if sep:
            return unquote(client_id), unquote(secret)
        return None, None
    return (params.get("client_id") or None), params.get("client_secret")
