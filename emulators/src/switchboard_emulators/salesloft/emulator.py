"""``SalesloftEmulator``: a stateful, in-memory stand-in for ``api.salesloft.com`` and its OAuth server."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import orjson
from aiohttp import web

from switchboard_emulators._base import Emulator
from switchboard_emulators._faults import PageNumberPager
from switchboard_emulators.salesloft.app import SalesloftApp
from switchboard_emulators.salesloft.bulk import BulkJobs
from switchboard_emulators.salesloft.oauth import OAuthProvider
from switchboard_emulators.salesloft.ratelimit import RateLimiter
from switchboard_emulators.salesloft.rendering import render
from switchboard_emulators.salesloft.schema import TEMPLATES, ref
from switchboard_emulators.salesloft.seeding import ME, SEEDABLE, seed_records
from switchboard_emulators.salesloft.state import Store
from switchboard_emulators.salesloft.webhooks import WebhookSubscriptions

DEFAULT_API_KEY = "sl-demo-api-key"
DEFAULT_CLIENT_ID = "sl-demo-client-id"
DEFAULT_CLIENT_SECRET = "sl-demo-client-secret"  # noqa: S105 - a published demo credential

# Reference data a fresh team has, so list and drop-down operations return something at once.
DEFAULT_SEED: tuple[tuple[str, int], ...] = (
    ("team", 1), ("groups", 3), ("users", 5), ("phone_number_assignments", 2), ("account_stages", 6),
    ("account_tiers", 3), ("person_stages", 4), ("call_dispositions", 7), ("call_sentiments", 6),
    ("crm_activity_fields", 5), ("custom_fields", 3), ("tags", 6), ("cadences", 2),
)  # fmt: skip


class SalesloftEmulator(Emulator):
    """Salesloft API v2 with API keys, OAuth, cost-based rate limiting and bulk jobs.

    Tests drive it over HTTP (``EmulatorServer(SalesloftEmulator())``) and arrange or inspect state
    directly: ``seed``, ``records``, the credential helpers, and the knobs below.
    """

    name = "salesloft"
    pager = PageNumberPager(page_param="page", next_path="metadata.paging.next_page")

    def __init__(self) -> None:
        super().__init__()
        self.store = Store()
        self.oauth = OAuthProvider()
        self.limiter = RateLimiter()
        self.bulk = BulkJobs(self.store)
        self.webhooks = WebhookSubscriptions(self.store, lambda: str((self.store.get("users", ME) or {}).get("guid")))
        self.current_user_id = ME
        self._api_keys: set[str] = set()
        self._keys_lock = threading.Lock()
        self._api_key = DEFAULT_API_KEY
        self._client_id = DEFAULT_CLIENT_ID
        self._client_secret = DEFAULT_CLIENT_SECRET
        self.add_api_key(DEFAULT_API_KEY)
        self.oauth.register_client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        for resource, count in DEFAULT_SEED:
            seed_records(self.store, resource, count, {})
        self._seed_steps()

    def _seed_steps(self) -> None:
        for cadence_id in (1, 2):
            seed_records(self.store, "steps", 2, {"cadence_id": cadence_id})
        user = self.store.get("users", ME)
        if user is not None:
            self.store.put("users", {**user, "phone_number_assignment": ref("phone_number_assignments", 1)})

    @property
    def clock_offset(self) -> float:
        """Seconds the emulator's clock is ahead of the machine's (negative: behind): the times it writes on
        records and its answers' ``Date`` header. 0 by default."""
        return self.store.clock.offset.total_seconds()

    @clock_offset.setter
    def clock_offset(self, seconds: float) -> None:
        self.store.clock.offset = timedelta(seconds=seconds)

    # -- Emulator ------------------------------------------------------------------------------

    def create_app(self) -> web.Application:
        return SalesloftApp(self).build()

    def credentials(self) -> dict[str, str]:
        return {"api_key": self.api_key, "client_id": self.client_id, "client_secret": self.client_secret}

    # -- credentials ---------------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        """The default API key; assigning a new one also makes it accepted."""
        return self._api_key

    @api_key.setter
    def api_key(self, key: str) -> None:
        self._api_key = key
        self.add_api_key(key)

    @property
    def client_id(self) -> str:
        """The default OAuth client; assigning id or secret re-registers the pair."""
        return self._client_id

    @client_id.setter
    def client_id(self, value: str) -> None:
        self._client_id = value
        self.register_client(value, self._client_secret)

    @property
    def client_secret(self) -> str:
        return self._client_secret

    @client_secret.setter
    def client_secret(self, value: str) -> None:
        self._client_secret = value
        self.register_client(self._client_id, value)

    def add_api_key(self, key: str) -> None:
        with self._keys_lock:
            self._api_keys.add(key)

    def revoke_api_key(self, key: str) -> None:
        """The key is deleted (Salesloft's admin page): every request with it is 401 from now on."""
        with self._keys_lock:
            self._api_keys.discard(key)

    def is_api_key(self, key: str) -> bool:
        with self._keys_lock:
            return key in self._api_keys

    def register_client(self, client_id: str, client_secret: str) -> None:
        self.oauth.register_client(client_id, client_secret)

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far expired (API keys are unaffected)."""
        self.oauth.expire_access_tokens()

    def revoke_refresh_tokens(self) -> None:
        """Make every refresh token issued so far invalid."""
        self.oauth.revoke_refresh_tokens()

    @property
    def token_requests(self) -> int:
        """POSTs to /oauth/token answered so far, whatever the outcome."""
        return self.oauth.token_requests

    @property
    def deny_consent(self) -> bool:
        return self.oauth.deny_consent

    @deny_consent.setter
    def deny_consent(self, value: bool) -> None:
        self.oauth.deny_consent = value

    @property
    def access_token_ttl(self) -> int:
        return self.oauth.access_token_ttl

    @access_token_ttl.setter
    def access_token_ttl(self, value: int) -> None:
        self.oauth.access_token_ttl = value

    # -- rate limit ----------------------------------------------------------------------------

    @property
    def rate_limit_per_minute(self) -> int:
        return self.limiter.limit

    @rate_limit_per_minute.setter
    def rate_limit_per_minute(self, value: int) -> None:
        self.limiter.limit = value

    def reset_rate_limit(self) -> None:
        """Forget the cost spent in the current window."""
        self.limiter.reset()

    @property
    def bulk_job_delay(self) -> float:
        """Seconds a ready bulk job stays ``executing`` before it starts (tests that watch states)."""
        return self.bulk.delay

    @bulk_job_delay.setter
    def bulk_job_delay(self, value: float) -> None:
        self.bulk.delay = value

    # -- state ---------------------------------------------------------------------------------

    def seed(self, resource: str, count: int, **overrides: Any) -> list[dict[str, Any]]:
        """Create ``count`` deterministic records; ``overrides`` set fields on all of them.

        Overrides are record fields (``name=...``, ``custom_fields={...}``) or request-style
        aliases (``account_id=3``, ``owner_id=1``). ``id=N`` numbers the records N, N+1, ...,
        replacing any with those ids. Returns the records as the API would print them (copies).
        """
        if resource not in SEEDABLE:
            raise ValueError(f"cannot seed {resource!r}; choose one of {', '.join(SEEDABLE)}")
        with self.store.lock:
            created = seed_records(self.store, resource, count, overrides)
            rendered = [render(resource, record, self.store) for record in created]
        return _copy(rendered)

    def records(self, resource: str) -> list[dict[str, Any]]:
        """Current records of ``resource`` in id order, as the API prints them (deep copies)."""
        if resource not in TEMPLATES:
            raise KeyError(f"unknown resource {resource!r}; choose one of {', '.join(sorted(TEMPLATES))}")
        with self.store.lock:
            rows = sorted(self.store.all(resource), key=lambda r: r["id"])
            rendered = [render(resource, record, self.store) for record in rows]
        return _copy(rendered)


def _copy(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Deep copies via orjson: callers may mutate them without touching the store, and it is fast."""
    copied: list[dict[str, Any]] = orjson.loads(orjson.dumps(records))
    return copied
