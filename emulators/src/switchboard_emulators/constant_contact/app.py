"""``ConstantContactEmulator``: the state, the OAuth server, the limits and the aiohttp app.

Every ``/v3`` request passes the gateway first: a live Bearer token (else 401
``{"error_key": "unauthorized", "error_message": "Unauthorized"}``, the spec's
``AuthorizationErrorSchema``), then the app's rate limits. The 429 bodies are single
objects, ``{"error_key": "throttled", "error_message": "Too Many Requests"}`` and
``{"error_key": "quota_exceeded", "error_message": "Limit Exceeded"}``, exactly as the
specs README gives them: they come from the gateway, like the 401, not from the API
(whose own errors are ``APIErrorSchema`` arrays).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

from switchboard_emulators._base import Emulator
from switchboard_emulators._faults import CursorLinkPager
from switchboard_emulators.constant_contact import activities, catalog, contact_endpoints, contacts, oauth
from switchboard_emulators.constant_contact.errors import Record, error_middleware, gateway_error
from switchboard_emulators.constant_contact.ratelimit import QUOTA_EXCEEDED, RateLimiter
from switchboard_emulators.constant_contact.resources import CLIENT_KEY, SCOPES_KEY, routes_for
from switchboard_emulators.constant_contact.seed import seed as seed_records
from switchboard_emulators.constant_contact.state import State

# Fixed so the demo's printed credentials stay the same from run to run; they guard nothing.
DEFAULT_CLIENT_ID = "3f6c1b2a-5d4e-4c7b-9a8f-0e1d2c3b4a59"
DEFAULT_CLIENT_SECRET = "cc-emulator-secret-7Qm2xV9pL4sT8wZ1"  # noqa: S105
MAX_BODY = 16 * 1024 * 1024  # JSON imports may be 4 MB; leave room


class ConstantContactEmulator(Emulator):
    """An in-memory Constant Contact v3 account with its OAuth2 server."""

    name = "constant_contact"
    pager = CursorLinkPager(next_path="_links.next.href")

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.state = State(clock)
        self.oauth = oauth.OAuthStore()
        self.limiter = RateLimiter(monotonic, clock)
        self.per_second_limit = 4
        self.daily_limit = 10_000
        self.deny_consent = False
        self.access_token_ttl = 86400
        self.client_id = DEFAULT_CLIENT_ID
        self.client_secret = DEFAULT_CLIENT_SECRET
        self.register_client(self.client_id, self.client_secret)

    # -- counters tests assert on --

    @property
    def throttled_count(self) -> int:
        """How many 429s (throttled or quota_exceeded) have been sent."""
        with self.state.lock:
            return self.limiter.refused

    @throttled_count.setter
    def throttled_count(self, value: int) -> None:
        with self.state.lock:
            self.limiter.refused = value

    @property
    def token_requests(self) -> int:
        """How many POSTs the token endpoint has answered, whatever the outcome."""
        with self.state.lock:
            return self.oauth.token_requests

    @token_requests.setter
    def token_requests(self, value: int) -> None:
        with self.state.lock:
            self.oauth.token_requests = value

    # -- the app --

    def create_app(self) -> web.Application:
        app = web.Application(
            middlewares=[self.record_middleware, self.faults.middleware, error_middleware, self._gateway_middleware],
            client_max_size=MAX_BODY,
        )
        app.add_routes(oauth.routes(self))
        # Fixed paths go before the /{id} routes they would otherwise be taken for.
        app.add_routes(contact_endpoints.routes(self.state))
        app.add_routes(routes_for(contacts.SPEC, self.state))
        for spec in catalog.SPECS:
            app.add_routes(routes_for(spec, self.state))
        app.add_routes(activities.routes(self.state))
        app.add_routes(catalog.account_routes(self.state))
        return app

    @web.middleware
    async def _gateway_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Bearer authentication and the per-app rate limits, for /v3 only."""
        if not request.path.startswith("/v3/"):
            return await handler(request)
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        with self.state.lock:
            token_set = None
            if scheme.lower() == "bearer":
                token_set = self.oauth.lookup(token.strip(), self.state.clock())
            if token_set is None:
                raise gateway_error(401, "unauthorized", "Unauthorized")
            refused = self.limiter.check(token_set.client_id, self.per_second_limit, self.daily_limit)
        if refused == QUOTA_EXCEEDED:
            raise gateway_error(429, "quota_exceeded", "Limit Exceeded")
        if refused is not None:
            raise gateway_error(429, "throttled", "Too Many Requests")
        request[SCOPES_KEY] = frozenset(token_set.scope.split())
        request[CLIENT_KEY] = token_set.client_id
        return await handler(request)

    # -- what tests, benchmarks and the demo call directly --

    def credentials(self) -> dict[str, str]:
        return {"client_id": self.client_id, "client_secret": self.client_secret}

    def register_client(self, client_id: str, client_secret: str) -> None:
        """Register another OAuth application (an "API key" and its secret)."""
        with self.state.lock:
            self.oauth.clients[client_id] = client_secret

    def issue_token_set(self, client_id: str | None = None, *, scope: str | None = None) -> dict[str, Any]:
        """Mint a token set as the token endpoint would, without the browser flow."""
        client = client_id or self.client_id
        with self.state.lock:
            if client not in self.oauth.clients:
                raise KeyError(f"unknown OAuth client {client!r}; register_client() it first")
            ttl = self.access_token_ttl
            issued = self.oauth.issue(client, scope or oauth.DEFAULT_SCOPE, ttl, self.state.clock())
            return oauth.token_response(issued, ttl, "https://authz.constantcontact.com/oauth2/default")

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far expired (refresh tokens keep working)."""
        with self.state.lock:
            self.oauth.expire_access_tokens()

    def revoke_refresh_tokens(self) -> None:
        """Make every refresh token issued so far unusable (invalid_grant)."""
        with self.state.lock:
            self.oauth.revoke_refresh_tokens()

    def seed(self, resource: str, count: int, **overrides: Any) -> list[Record]:
        """Add ``count`` deterministic records; returns copies of them."""
        with self.state.lock:
            made = seed_records(self.state, resource, count, overrides)
            return _copy(made)

    def records(self, resource: str) -> list[Record]:
        """Copies of every stored record of ``resource`` (deleted contacts and lists included)."""
        with self.state.lock:
            return _copy(list(self.state.table(resource).values()))

    def account(self) -> Record:
        """A copy of the account summary (the physical address under ``physical_address``)."""
        with self.state.lock:
            return {**_copy([self.state.account])[0], "physical_address": dict(self.state.physical_address)}

    def used_today(self, client_id: str | None = None) -> int:
        """Requests counted against an app's daily quota so far today."""
        with self.state.lock:
            return self.limiter.used_today(client_id or self.client_id)


def _copy(records: list[Record]) -> list[Record]:
    # An orjson round trip is a fast deep copy for JSON-shaped data.
    copied: list[Record] = orjson.loads(orjson.dumps(records))
    return copied
