"""A finished call as the recorder hands it over (``FinishedCall``), as it crosses to the writer process
(``Entry``: plain values), and its one log line."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import NamedTuple

from switchboard.engine.stats import CallStats
from switchboard.engine.trace import Exchange, Redactor

call_log = logging.getLogger("switchboard.calls")


@dataclass(slots=True)
class FinishedCall:
    """What the recorder knows once a call is over (``started_at`` in epoch seconds); the writer makes the row."""

    request_id: str
    partner_id: int
    account_api_id: str
    kind: str
    status: int
    ok: bool
    error: str | None
    error_type: str | None
    started_at: float
    stats: CallStats
    outcome: str = "ok"


class Entry(NamedTuple):
    """A finished call as it crosses the pipe: plain values; the exchanges and the redactor only when kept."""

    request_id: str
    partner_id: int
    account_api_id: str
    account_connector_id: int
    connector_key: str
    method_id: str
    method_name: str
    kind: str
    status: int
    ok: bool
    error: str | None
    error_type: str | None
    upstream_status: int | None
    started_at: float
    duration: float
    requests: int
    pages: int
    records: int
    bytes: int
    retries: int
    throttled: int
    limiter_seconds: float
    outcome: str
    exchanges: list[Exchange] | None
    redactor: Redactor | None


def entry_of(call: FinishedCall) -> Entry:
    s = call.stats
    exchanges = s.exchanges or None
    return Entry(
        call.request_id, call.partner_id, call.account_api_id, s.account_connector_id, s.connector_key,
        s.method_id, s.method_name, call.kind, call.status, call.ok, call.error, call.error_type,
        s.upstream_status, call.started_at, s.duration, s.requests, s.pages, s.records, s.bytes, s.retries,
        s.throttled, s.limiter_seconds, call.outcome, exchanges,
        s.redactor if exchanges or call.error else None,  # the secrets cross only with what they redact
    )  # fmt: skip


def log_call(call: FinishedCall) -> None:
    """The call's one log line (with no call log: the recorder writes it)."""
    log_entry(entry_of(call))


def log_entry(e: Entry) -> None:
    """The call's one log line: ids and counts, never a secret."""
    call_log.info(
        "call %s %s %s",
        e.status,
        e.method_name or e.method_id,
        e.outcome,
        extra={
            "request_id": e.request_id,
            "partner": e.partner_id,
            "account_connector": e.account_connector_id,
            "connector": e.connector_key or "unknown",
            "method": e.method_id,
            "kind": e.kind,
            "status": e.status,
            "outcome": e.outcome,
            "upstream_status": e.upstream_status,
            "requests": e.requests,
            "pages": e.pages,
            "records": e.records,
            "retries": e.retries,
            "ms": round(e.duration * 1000, 1),
        },
    )
