"""The retry policy protocol: after each failed attempt, wait how long, or give up."""

from __future__ import annotations

from typing import Protocol

from switchboard.http import OutboundRequest, UpstreamResponse


class RetryPolicy(Protocol):
    """Decides whether a request goes again; the executor does the waiting and the sending.

    ``remaining`` is the call's time left: a policy never asks for a wait that would outlast it.
    """

    max_retries: int
    max_retry_after: float
    retry_after_statuses: frozenset[int]  # answers whose Retry-After is honoured

    def after_answer(
        self, request: OutboundRequest, response: UpstreamResponse, attempt: int, remaining: float
    ) -> float | None:
        """Seconds to wait before trying ``request`` again after this answer, or None when it is final."""
        ...

    def after_network_error(self, request: OutboundRequest, attempt: int, remaining: float) -> float | None:
        """Seconds to wait after a reset, refused connection or timeout, or None to give up."""
        ...
