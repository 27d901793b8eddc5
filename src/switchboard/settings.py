"""Settings from the environment (``SWITCHBOARD_*``), validated once at start."""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import Field, IPvAnyNetwork, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

UPSTREAM_PREFIX = "SWITCHBOARD_UPSTREAM_"


def default_data_dir() -> Path:
    """The platform's per-user data folder for Switchboard (XDG on Linux, Application Support, AppData)."""
    return Path(platformdirs.user_data_dir("switchboard", appauthor=False))


class Settings(BaseSettings):
    """Everything a Switchboard process is configured with.

    ``SWITCHBOARD_UPSTREAM_<CONNECTOR KEY>=http://127.0.0.1:PORT`` sends every URL of that
    connector (API, authorize, token) to that origin, path kept: how the demo and the tests
    point a connector at its emulator.
    """

    model_config = SettingsConfigDict(env_prefix="SWITCHBOARD_", extra="ignore")

    # One folder for serve, demo and every admin command, wherever they run: the user's data folder
    # (~/.local/share/switchboard on Linux), or SWITCHBOARD_DATA_DIR.
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    # PostgreSQL connections per process (each worker, its call log writer and its events process): kept, and
    # opened beyond them under load. Every process of every host counts against the server's max_connections.
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=20, ge=0)
    redis_url: str | None = None
    # Every Redis key starts with this, so several deployments (or test runs) can share a server.
    redis_prefix: str = "switchboard:"
    secret_key: str | None = Field(default=None, repr=False)
    public_url: str = "http://127.0.0.1:8000"
    # A folder, folders joined with the OS path separator (a:b), or a JSON list.
    connector_dirs: Annotated[list[Path], NoDecode] = []
    migrate_on_start: bool = True
    log_level: str = "INFO"
    # Observability: "json" lines for log shippers, "console" text for people.
    log_format: str = "console"
    call_log: bool = True
    call_log_body_bytes: int = 16 * 1024
    # How long the call log keeps rows and their exchanges (seconds); failed calls longer.
    call_log_keep_ok: float = 7 * 86400
    call_log_keep_failed: float = 30 * 86400
    call_log_exchanges_ok: float = 86400
    call_log_exchanges_failed: float = 7 * 86400
    call_log_retention_interval: float = 300.0
    # The fraction of successful calls whose exchanges (request and response bodies) are kept; failed
    # and /test/ calls always keep theirs, and every call has its summary row.
    call_log_sample: float = Field(default=0.01, ge=0.0, le=1.0)
    # Calls queued for the call log writer before callers wait for it (back-pressure, counted in
    # switchboard_call_log_backpressure_total); rows are dropped only 10,000 past it (the store down).
    call_log_queue: int = Field(default=10_000, ge=1)
    # MCP: a tools/call (either era) answered by Switchboard's lane through the SDK's own checks and
    # serializer (mcp/lane.py); off, every message goes through the SDK's per-request handling.
    mcp_tool_call_lane: bool = True
    # OpenTelemetry traces to this OTLP/HTTP collector (http://collector:4318); off when unset.
    otel_endpoint: str | None = None
    # /metrics: a bearer token of its own; without one, only from these addresses.
    metrics_token: str | None = Field(default=None, repr=False)
    metrics_allow: Annotated[list[IPvAnyNetwork], NoDecode] = ["127.0.0.1/32", "::1/128"]  # type: ignore[list-item]
    # How long a worker may act on its cached view of an account connector written elsewhere.
    cache_seconds: float = 2.0
    # Reverse proxies whose X-Forwarded-For is believed (CIDRs, comma-separated or a JSON list);
    # from any other peer the header is ignored, so a caller cannot choose its own address.
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = []

    partner_token_ttl: int = 1_209_599
    # Wrong client secrets (console sign-in, /oauth/token) each address and each Client ID may send
    # within the window (seconds) before sign-ins from it are answered 429 (per worker process).
    sign_in_failures_per_address: int = Field(default=20, ge=1)
    sign_in_failures_per_client: int = Field(default=10, ge=1)
    sign_in_window_seconds: float = Field(default=300.0, gt=0)
    # A connect page's whole session (from the partner's sign-in token), whatever renews its ticket.
    connect_session_seconds: float = Field(default=30 * 60, gt=0)
    # How long an OAuth attempt counts as under way once its callback has used it up: past the longest a callback
    # runs (the code exchange's 30 s, a consent GET's 15 s, the credentials check within call_timeout), so an attempt
    # its callback could not forget (the database away as it ended) stops counting by then, and the sweep of the
    # connect page's empty installs (connections/leftovers.py) may remove the install it kept.
    oauth_callback_seconds: float = Field(default=300.0, gt=0, allow_inf_nan=False)
    # Limits on one method call, each with a clear error when crossed.
    max_request_bytes: int = 10 * 1024 * 1024
    max_pages: int = 1_000
    max_records: int = 1_000_000
    max_response_bytes: int = 512 * 1024 * 1024
    # Chosen with max_timeout_retries: an upstream that never answers is a 504 in about 21 s.
    upstream_connect_timeout: float = 5.0
    upstream_read_timeout: float = 10.0
    max_timeout_retries: int = 1
    max_upstream_requests: int = 1_200
    # A whole call, every page and retry included: an API that pages without end (a cursor that never
    # ends) stops here with its progress and the page to go on from (engine/progress.stopped_early).
    call_timeout: float = 30.0
    max_rate_limit_wait: float = 30.0
    max_retries: int = 3
    max_retry_after: float = 60.0
    # Webhooks: the delivery worker in each process, its per-attempt timeout and poll interval,
    # and the waits after each failed attempt (seconds; about 27 h in all, then the delivery fails).
    webhook_worker: bool = True
    webhook_timeout: float = 10.0
    # Delivered and failed deliveries (and their attempts) are deleted this long after they finished.
    webhook_keep_seconds: float = 30 * 86400.0
    # Networks webhook receivers may be in although not public (loopback, private, link-local).
    webhook_allow_networks: Annotated[list[IPvAnyNetwork], NoDecode] = []
    # Networks a connection property's host (``https://{okta_domain}``) may be in although not public.
    property_host_allow_networks: Annotated[list[IPvAnyNetwork], NoDecode] = []
    webhook_poll_seconds: float = 0.5
    webhook_retry_schedule: list[float] = [5, 60, 300, 1800, 7200, 18000, 36000, 36000]
    # Provider webhooks (/hooks/...): the largest body taken, requests per minute per hook URL
    # (per worker), and how often the forwarder looks for stored events it was not woken for.
    hook_max_body_bytes: int = 1024 * 1024
    hook_requests_per_minute: int = 30000
    hook_poll_seconds: float = 1.0
    # The longest a request waits for its events' transaction: past it, a 503 the provider retries.
    hook_store_timeout: float = 10.0
    # Received provider events (and refusals) are deleted this long after they arrived.
    hook_keep_seconds: float = 30 * 86400.0
    # Connection health: how often the proactive refresher looks for tokens due (and the connect page's leftover
    # installs are swept: that runs with health_worker off too), and the first wait after a failed refresh
    # (doubling up to an hour).
    health_worker: bool = True
    health_poll_seconds: float = 15.0
    refresh_retry_seconds: float = 30.0
    # Idle connections are refreshed at least this often, so an unused refresh token never expires.
    keepalive_seconds: float = 7 * 86400.0
    # Syncs: the worker that runs them, how many at once, the lease a run holds (a heartbeat extends
    # it; another worker takes over a run whose lease ran out), and what one run may do.
    sync_worker: bool = True
    sync_poll_seconds: float = 5.0
    sync_concurrency: int = 4
    sync_lease_seconds: float = 60.0
    sync_max_pages: int = 10_000
    sync_max_records: int = 1_000_000
    sync_max_seconds: float = 3600.0
    sync_max_record_bytes: int = 256 * 1024
    sync_retry_seconds: float = 60.0
    # A deleted record's payload is dropped this long after its deletion (its key and dates stay).
    sync_deleted_keep_seconds: float = 30 * 86400.0
    # Idempotency-Key answers are kept this long; a repeat waits this long for a running first call.
    idempotency_ttl: float = 24 * 3600.0
    idempotency_wait: float = 10.0
    # Inbound requests: the time a connection may take to send a request's headers (uvicorn only
    # times out idle keep-alive connections), the time a body may take, and caps on headers.
    header_timeout: float = Field(10.0, gt=0)
    request_body_timeout: float = 30.0
    max_header_count: int = 100
    max_header_bytes: int = 32 * 1024
    # After SIGTERM, how long a worker keeps serving while /health/ready answers 503 "draining", so a load
    # balancer stops sending before the listening socket closes. 0: stop at once (the demo, a single host).
    drain_seconds: float = Field(0.0, ge=0)

    @field_validator(
        "trusted_proxies", "metrics_allow", "webhook_allow_networks", "property_host_allow_networks", mode="before"
    )
    @classmethod
    def _cidr_list(cls, value: Any) -> Any:
        return _listed(value, ",")

    @field_validator("connector_dirs", mode="before")
    @classmethod
    def _path_list(cls, value: Any) -> Any:
        return _listed(value, os.pathsep)

    @property
    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL, defaulting to a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'switchboard.db').resolve()}"

    @cached_property
    def upstream_overrides(self) -> dict[str, str]:
        """Connector key -> origin that replaces the connector's own hosts."""
        return {
            name[len(UPSTREAM_PREFIX) :].lower(): value.rstrip("/")
            for name, value in os.environ.items()
            if name.startswith(UPSTREAM_PREFIX) and value
        }


def _listed(value: Any, separator: str) -> Any:
    """An environment list: a JSON list, or items joined with ``separator`` (blanks dropped)."""
    if isinstance(value, str):
        text = value.strip()
        return json.loads(text) if text.startswith("[") else [p.strip() for p in text.split(separator) if p.strip()]
    return value
