"""The process's Prometheus metrics; other packages import the ones they move.

Labels carry connector keys, method ids and outcomes only: never an account, a token or a
secret. Under several workers set ``PROMETHEUS_MULTIPROC_DIR`` (``switchboard serve`` does)
and each worker writes its samples there; ``render`` merges them.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as _multiprocess

from switchboard.observability.tally import fold_all

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

CALLS = Counter(
    "switchboard_calls", "Method calls by connector, method and outcome", ["connector", "method", "outcome"]
)
CALL_SECONDS = Histogram(
    "switchboard_call_seconds", "Whole method call duration", ["connector"], buckets=LATENCY_BUCKETS
)
UPSTREAM_SECONDS = Histogram(
    "switchboard_upstream_request_seconds",
    "Time to each upstream answer (headers and body)",
    ["connector"],
    buckets=LATENCY_BUCKETS,
)
UPSTREAM_REQUESTS = Counter("switchboard_upstream_requests", "Requests sent to third parties", ["connector"])
RETRIES = Counter("switchboard_upstream_retries", "Upstream requests sent again after a failure", ["connector"])
THROTTLED = Counter("switchboard_upstream_throttled", "429 answers received from third parties", ["connector"])
PACING_SECONDS = Counter(
    "switchboard_rate_limit_wait_seconds", "Time calls waited for a rate-limit slot", ["connector"]
)
REFRESHES = Counter(
    "switchboard_token_refreshes",
    "Credential refreshes seen by calls (after a 401, or refused ahead of expiry), by outcome",
    ["connector", "outcome"],
)
MCP_TOOL_CALLS = Counter(
    "switchboard_mcp_tool_calls",
    "MCP tools/call messages by who answered them: Switchboard's lane or the SDK's own request handling",
    ["path"],
)
HOOK_REQUESTS = Counter(
    "switchboard_hook_requests",
    "Provider webhook requests by connector and outcome (accepted, refused, handshake)",
    ["connector", "outcome"],
)
HOOK_EVENTS = Counter(
    "switchboard_hook_events",
    "Provider events forwarded, by connector and outcome (routed, unrouted)",
    ["connector", "outcome"],
)
CALL_LOG_QUEUE = Gauge(
    "switchboard_call_log_queue", "Calls waiting to be written to the call log", multiprocess_mode="livesum"
)
CALL_LOG_DROPPED = Counter(
    "switchboard_call_log_dropped", "Calls not logged: the store refused a batch, or the queue was past twice its bound"
)
CALL_LOG_BACKPRESSURE = Counter(
    "switchboard_call_log_backpressure",
    "Calls that waited for the call log writer before answering (its queue was full: past its throughput)",
)
CALL_LOG_BACKPRESSURE_SECONDS = Counter(
    "switchboard_call_log_backpressure_seconds", "Time calls waited for the call log writer's queue"
)
DB_POOL_CHECKED_OUT = Gauge(
    "switchboard_db_connections_in_use", "Database connections checked out of the pool", multiprocess_mode="livesum"
)
SYNC_RUNS = Counter("switchboard_sync_runs", "Sync run attempts by connector and outcome", ["connector", "outcome"])
SYNC_RECORDS = Counter(
    "switchboard_sync_records_changed", "Records syncs found added, updated or deleted", ["connector", "action"]
)
SYNC_RUN_SECONDS = Histogram(
    "switchboard_sync_run_seconds",
    "Duration of each sync run attempt",
    ["connector"],
    buckets=(0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0),
)
SYNC_LAG_SECONDS = Histogram(
    "switchboard_sync_lag_seconds",
    "How late a sync run started after it was due",
    buckets=(0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0),
)
SYNC_EVENT_RUNS = Counter(
    "switchboard_sync_event_runs", "Sync runs asked for by a provider event, by connector", ["connector"]
)


def render() -> tuple[bytes, str]:
    """The exposition text for ``/metrics``: this process, or every worker in multiprocess mode."""
    fold_all()  # the calls' tallies, kept as plain numbers since the last render
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
