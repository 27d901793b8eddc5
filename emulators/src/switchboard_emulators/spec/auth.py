"""The credentials a spec-driven emulator accepts, its OAuth2 endpoints and its rate limits.

``client_credentials``: ``POST token_path`` with the client id and secret (HTTP Basic, a form, JSON
or the query) answers a new access token, no refresh token (PayPal; Personio's own ``/v1/auth``).
OAuth2 is the authorization-code grant: ``GET authorize_path`` consents at once and redirects
back with a single-use code; ``POST token_path`` (client credentials by HTTP Basic or in the
form) exchanges it, or a refresh token. With ``rotate_refresh`` each refresh token is single-use
and a refresh retires the previous set; without it the same refresh token keeps working.
"""

from __future__ import annotations

import base64
import math
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import orjson
from aiohttp import web

from switchboard_emulators.spec.config import AuthConfig, RateLimit

CODE_TTL = 300.0


@dataclass
class Grant:
    access_token: str
    refresh_token: str
    expires_at: float
    scope: str


class Credentials:
    """Live codes and tokens, and the check every API request goes through."""

    def __init__(self, config: AuthConfig) -> None:
        self.config = config
        self.codes: dict[str, tuple[str, float, str]] = {}  # code -> (redirect_uri, expiry, scope)
        self.access: dict[str, Grant] = {}
        self.refresh: dict[str, Grant] = {}
        self.token_requests = 0
        self._lock = threading.Lock()

    def issue(self, scope: str = "") -> Grant:
        """A new token set (tests may call this to skip the consent screen)."""
        grant = Grant(secrets.token_urlsafe(32), secrets.token_urlsafe(32),
                      time.time() + self.config.access_token_ttl, scope)  # fmt: skip
        with self._lock:
            self.access[grant.access_token] = grant
            self.refresh[grant.refresh_token] = grant
        return grant

    def expire_access_tokens(self) -> None:
        with self._lock:
            for grant in self.access.values():
                grant.expires_at = 0.0

    def authorized(self, request: web.Request, sent: Mapping[str, Any] | None = None) -> bool:
        """Whether ``request`` carries credentials this emulator accepts (``sent``: its body's members)."""
        cfg = self.config
        header = request.headers.get("Authorization", "")
        if cfg.type == "none":
            return True
        if cfg.type in ("oauth2", "client_credentials"):
            if cfg.token_header.lower() != "authorization":  # the bare token in a vendor's own header
                header = "Bearer " + request.headers.get(cfg.token_header, "").strip()
            grant = self.access.get(header.removeprefix("Bearer ").strip()) if header.startswith("Bearer ") else None
            return grant is not None and grant.expires_at > time.time()
        if cfg.type == "bearer":
            return secrets.compare_digest(header, f"Bearer {cfg.key}")
        if cfg.type == "basic":
            expected = base64.b64encode(f"{cfg.username}:{cfg.password}".encode()).decode()
            return secrets.compare_digest(header, f"Basic {expected}")
        where: Mapping[str, Any] = {"query": request.query, "body": sent or {}}.get(cfg.key_in, request.headers)
        key, expected = str(where.get(cfg.key_name, "")), cfg.key_format.replace("{key}", cfg.key)
        # As written (Apideck's apiKey header Authorization, "Bearer {key}"), or a bare key sent as a bearer token.
        as_sent = secrets.compare_digest(key, expected)
        if not (as_sent or secrets.compare_digest(key.removeprefix("Bearer ").strip(), expected)):
            return False
        return cfg.secret_name is None or secrets.compare_digest(str(where.get(cfg.secret_name, "")), cfg.secret)

    async def authorize(self, request: web.Request) -> web.StreamResponse:
        """The consent screen, consenting at once: a redirect back with a code and the state."""
        query = request.query
        problem = None
        if query.get("client_id") != self.config.client_id:
            problem = "unknown client_id"
        elif query.get("response_type", "code") != "code":
            problem = "response_type must be code"
        elif not query.get("redirect_uri"):
            problem = "redirect_uri is required"
        if problem:
            return _json({"error": "invalid_request", "error_description": problem}, 400)
        code = secrets.token_urlsafe(24)
        with self._lock:
            self.codes[code] = (query["redirect_uri"], time.time() + CODE_TTL, query.get("scope", ""))
        # callback_extra: more of the redirect's query (QuickBooks names the company: realmId).
        back = {"code": code, **({"state": query["state"]} if "state" in query else {}), **self.config.callback_extra}
        separator = "&" if "?" in query["redirect_uri"] else "?"
        raise web.HTTPFound(query["redirect_uri"] + separator + urlencode(back))

    async def token(self, request: web.Request) -> web.StreamResponse:
        """Exchange a code or a refresh token for a token set (with a ``refresh_path`` of its own, a code only)."""
        return await self._grant(request, refreshes=self.config.refresh_path is None)

    async def refresh_token(self, request: web.Request) -> web.StreamResponse:
        """``POST refresh_path`` (Figma's /v1/oauth/refresh): a refresh token for a new access token. The answer
        names no refresh token: the one held stays in use."""
        return await self._grant(request, codes=False)

    async def _grant(self, request: web.Request, codes: bool = True, refreshes: bool = True) -> web.StreamResponse:
        self.token_requests += 1
        form = await request.post()
        client_id, client_secret = _client(request, form)
        if client_id != self.config.client_id or client_secret != self.config.client_secret:
            return _json({"error": "invalid_client", "error_description": "client authentication failed"}, 401)
        grant_type = form.get("grant_type")
        with self._lock:
            if grant_type == "authorization_code" and codes:
                entry = self.codes.pop(str(form.get("code", "")), None)
                if entry is None or entry[1] < time.time() or entry[0] != form.get("redirect_uri"):
                    return _json({"error": "invalid_grant", "error_description": "unknown, used or expired code"}, 400)
                scope = entry[2]
            elif grant_type == "refresh_token" and refreshes:
                old = self.refresh.get(str(form.get("refresh_token", "")))
                if old is None:
                    return _json({"error": "invalid_grant", "error_description": "invalid refresh token"}, 400)
                scope = old.scope
                if not self.config.rotate_refresh:
                    old.access_token = self._replace_access(old)
                    answer = self._answer(old, request)
                    if not codes:  # a refresh endpoint of its own answers the access token and its lifetime
                        answer.pop("refresh_token")
                    return _json(answer, 200)
                self.refresh.pop(old.refresh_token, None)
                self.access.pop(old.access_token, None)
            else:
                where = f" at {request.path}" if grant_type in ("authorization_code", "refresh_token") else ""
                return _json({"error": "unsupported_grant_type", "error_description": f"{grant_type!r}{where}"}, 400)
        return _json(self._answer(self.issue(scope), request), 200)

    async def client_token(self, request: web.Request) -> web.StreamResponse:
        """A new access token for the client id and secret, however the vendor has them sent."""
        self.token_requests += 1
        fields: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            try:
                body = orjson.loads(await request.read() or b"{}")
            except orjson.JSONDecodeError:
                return _json({"error": "invalid_request", "error_description": "the body is not JSON"}, 400)
            fields.update(body if isinstance(body, dict) else {})
        else:
            fields.update(await request.post())
        client_id, client_secret = _client(request, fields)
        if client_id != self.config.client_id or client_secret != self.config.client_secret:
            return _json({"error": "invalid_client", "error_description": "Client Authentication failed"}, 401)
        wanted = self.config.grant_type
        if wanted is not None and fields.get("grant_type") != wanted:
            return _json({"error": "unsupported_grant_type", "error_description": f"grant_type must be {wanted}"}, 400)
        grant = self.issue(str(fields.get("scope", "")))
        with self._lock:
            self.refresh.pop(grant.refresh_token, None)  # this grant has none
        answer: dict[str, Any] = {}
        _put(answer, self.config.token_field, grant.access_token)
        if self.config.expires_field:
            _put(answer, self.config.expires_field, self.config.access_token_ttl)
        if self.config.token_field == "access_token":  # noqa: S105 - a field name
            answer["token_type"] = "Bearer"  # noqa: S105 - a token kind
        return _json({**answer, **self.config.token_extra}, 200)

    def _replace_access(self, grant: Grant) -> str:
        self.access.pop(grant.access_token, None)
        token = secrets.token_urlsafe(32)
        grant.expires_at = time.time() + self.config.access_token_ttl
        self.access[token] = grant
        return token

    def _answer(self, grant: Grant, request: web.Request) -> dict[str, Any]:
        origin = f"{request.scheme}://{request.host}"
        extra = {k: v.replace("{origin}", origin) if isinstance(v, str) else v
                 for k, v in self.config.token_extra.items()}  # fmt: skip
        return {
            "access_token": grant.access_token,
            "token_type": "bearer",
            "expires_in": self.config.access_token_ttl,
            "refresh_token": grant.refresh_token,
            "scope": grant.scope,
            **extra,
        }


def _client(request: web.Request, form: Any) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return "", ""
        return user, password
    return str(form.get("client_id", "")), str(form.get("client_secret", ""))


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    """``value`` at a dotted path (``data.token``), making the objects on the way."""
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def _json(body: Any, status: int) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")


class Limiter:
    """Fixed windows, one counter per configured limit; every API request counts against each."""

    def __init__(self, limits: tuple[RateLimit, ...]) -> None:
        self.limits = limits
        self._windows: list[tuple[float, int]] = [(0.0, 0) for _ in limits]
        self._lock = threading.Lock()

    def take(self, now: float | None = None) -> int | None:
        """None if the request may go; else the seconds to wait (for Retry-After)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for i, limit in enumerate(self.limits):
                start, count = self._windows[i]
                if now - start >= limit.window:
                    start, count = now, 0
                if count >= limit.requests:
                    return max(1, math.ceil(start + limit.window - now))
                self._windows[i] = (start, count)
            self._windows = [(s, c + 1) for s, c in self._windows]
        return None

    def reset(self) -> None:
        with self._lock:
            self._windows = [(0.0, 0) for _ in self.limits]
