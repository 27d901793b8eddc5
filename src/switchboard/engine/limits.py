"""The bounds on one call (``Engine.call``) or one page stream (``Engine.pages``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CallLimits:
    """The bounds on one call; each crossing ends it with a clear error."""

    call_timeout: float = 30.0
    max_pages: int = 1_000
    max_records: int = 1_000_000
    max_response_bytes: int = 512 * 1024 * 1024
    max_rate_limit_wait: float = 30.0
    max_retries: int = 3
    max_retry_after: float = 60.0
    # Upstream requests (pages, retries, refreshes) one call may send; a connector may set its own.
    max_upstream_requests: int = 1_200
    max_timeout_retries: int = 1
    # The credentials check made when a key is saved (``engine/verify.py``): the save waits this long at most.
    verify_timeout: float = 10.0
