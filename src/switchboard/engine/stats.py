"""What one call spent, counted always (cheap integers) for the call log and metrics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from switchboard.engine.trace import Exchange, Redactor


@dataclass(slots=True)
class CallStats:
    """Filled in by ``Engine.call`` as the call runs, on success and on failure alike.

    The caller makes one and passes it in; ``keep_exchanges`` asks the engine to keep every
    exchange (response bodies cut at ``body_cap`` bytes) with the redactor that knows the call's
    secrets, so a recorder can redact them later, off the request's critical path.
    """

    keep_exchanges: bool = False
    body_cap: int = 64 * 1024
    max_exchanges: int = 50  # for the call log: the first and the latest 49
    connector_key: str = ""
    method_id: str = ""
    method_name: str = ""
    account_connector_id: int = 0
    requests: int = 0
    retries: int = 0
    refreshes: int = 0
    refresh_failures: int = 0
    throttled: int = 0  # 429 answers received
    pages: int = 0
    records: int = 0
    bytes: int = 0
    limiter_seconds: float = 0.0
    upstream_seconds: float = 0.0
    duration: float = 0.0
    upstream_status: int | None = None  # the last answer's status
    latencies: list[float] = field(default_factory=list)  # one per upstream request that got an answer
    exchanges: list[Exchange] = field(default_factory=list)
    redactor: Redactor | None = None
    tracer: Any = None  # an OpenTelemetry tracer when tracing is on: spans per wait and per request
