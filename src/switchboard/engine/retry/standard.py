"""The default retry policy: Retry-After honoured, transient faults retried with jittered backoff."""

from __future__ import annotations

from switchboard.catalog.models import RetryDef
from switchboard.engine.retry.headers import backoff, parse_retry_after
from switchboard.http import OutboundRequest, UpstreamResponse


class StandardRetryPolicy:
    """``retry: {type: standard, max_retries: 3, statuses: [500, 502, 503, 504], retry_after_statuses: [429, 503]}``

    * A ``retry_after_statuses`` answer waits for its ``Retry-After`` (seconds or an HTTP date),
      up to ``max_retry_after``. A 429 was not processed, so even a POST goes again; another
      status without a hint may have been processed, so only idempotent requests do.
    * A ``statuses`` answer or a network fault retries idempotent requests with backoff.
    * No wait ever outlasts the call's remaining time.
    """

    def __init__(self, definition: RetryDef, *, max_retries: int, max_retry_after: float) -> None:
        self._definition = definition
        self.max_retries = definition.max_retries if definition.max_retries is not None else max_retries
        self.max_retry_after = definition.max_retry_after if definition.max_retry_after is not None else max_retry_after
        self.retry_after_statuses = frozenset(definition.retry_after_statuses)
        self._statuses = frozenset(definition.statuses)

    def after_answer(
        self, request: OutboundRequest, response: UpstreamResponse, attempt: int, remaining: float
    ) -> float | None:
        if attempt > self.max_retries:
            return None
        if response.status in self.retry_after_statuses:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is None and not (response.status == 429 or request.idempotent):
                return None
            delay = self._backoff(attempt, base=1.0) if retry_after is None else retry_after
            if delay > self.max_retry_after or delay >= remaining:
                return None
            return delay
        if response.status in self._statuses and request.idempotent:
            delay = self._backoff(attempt)
            return delay if delay < remaining else None
        return None

    def after_network_error(self, request: OutboundRequest, attempt: int, remaining: float) -> float | None:
        if not (self._definition.network_errors and request.idempotent) or attempt > self.max_retries:
            return None
        if remaining <= 1:
            return None
        return min(self._backoff(attempt), remaining - 1)

    def _backoff(self, attempt: int, *, base: float | None = None) -> float:
        settings = self._definition.backoff
        return backoff(attempt, base=settings.base if base is None else base, cap=settings.cap)


class NoRetryPolicy:
    """``retry: {type: none}``: every answer is final (for APIs where a repeat is never safe)."""

    def __init__(self, definition: RetryDef, *, max_retries: int, max_retry_after: float) -> None:
        self.max_retries = 0
        self.retry_after_statuses = frozenset(definition.retry_after_statuses)
        self.max_retry_after = definition.max_retry_after if definition.max_retry_after is not None else max_retry_after

    def after_answer(
        self, request: OutboundRequest, response: UpstreamResponse, attempt: int, remaining: float
    ) -> float | None:
        return None

    def after_network_error(self, request: OutboundRequest, attempt: int, remaining: float) -> float | None:
        return None
