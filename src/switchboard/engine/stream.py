"""A paged list read one page at a time, for callers that keep each page before asking for the next (syncs).

``Engine.call`` gathers every page into one answer; ``page_stream`` hands over each page's records
(raw JSON, never re-encoded) with where the next page is (``Resume``), so the caller can save that
pointer and a later stream can start from it. Pacing, signing, refresh, retries and the paging
loop guards are the engine's own: the executor and the paginators.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

import msgspec

from switchboard.engine.connection import Connection
from switchboard.engine.executor import CallState, Executor
from switchboard.engine.inputs import CallInputs
from switchboard.engine.limits import CallLimits
from switchboard.engine.pages import last_of, split_page
from switchboard.engine.paginators import paginator_for
from switchboard.engine.request import build_request
from switchboard.engine.request.templates import with_properties
from switchboard.engine.retry import retry_policy_for
from switchboard.engine.stats import CallStats
from switchboard.engine.trace import Redactor
from switchboard.errors import InputError, UpstreamProtocolError
from switchboard.http import Budget, OutboundRequest


@dataclass(frozen=True, slots=True)
class Resume:
    """The request for a page: its URL and query, and its JSON body when the cursor is there (Notion's
    POST lists); no credentials: those are added when it is sent."""

    url: str
    query: tuple[tuple[str, str], ...]
    body: bytes | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"url": self.url, "query": [list(pair) for pair in self.query]}
        if self.body is not None:
            out["body"] = self.body.decode()  # JSON text: the paginator made it
        return out

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Resume:
        body = value.get("body")
        return cls(
            str(value["url"]),
            tuple((str(k), str(v)) for k, v in value["query"]),
            None if body is None else str(body).encode(),
        )


@dataclass(slots=True)
class StreamPage:
    """Page ``number`` of a stream: its records as raw JSON, and the next page (None after the last).

    ``total``: how many records the whole list holds as this page says (where the pagination names a
    ``total``); ``date``: the provider's clock when it answered (its ``Date`` header, epoch seconds,
    whole ones) and ``received``: ours when the answer came, so a caller can tell the two clocks apart.
    """

    number: int
    records: list[msgspec.Raw]
    next: Resume | None
    total: int | None = None
    date: float | None = None
    received: float = 0.0


async def page_stream(
    executor: Executor,
    limits: CallLimits,
    connection: Connection,
    method_ref: str,
    inputs: CallInputs,
    *,
    query: Mapping[str, str] | None = None,
    resume: Resume | None = None,
    stats: CallStats,
) -> AsyncIterator[StreamPage]:
    """Each page of a paged list method, from the first (or ``resume``), bounded as ``limits`` say.

    ``query`` adds query parameters the method does not declare (a sync's incremental cursor).
    """
    started = time.monotonic()
    connector = connection.connector
    method = connector.method(method_ref)
    stats.connector_key, stats.method_id, stats.method_name = connector.key, method.unique_id, method.name
    if method.pagination is None:
        raise InputError(f"Method {method.name!r} does not page: a sync reads a paged list method")
    bound = inputs.bind(method, connector.definition)
    resolved = with_properties(connector.definition, connection.properties)
    retry = retry_policy_for(
        connector.definition.retry, max_retries=limits.max_retries, max_retry_after=limits.max_retry_after
    )
    budget = Budget(
        deadline=started + limits.call_timeout, max_bytes=limits.max_response_bytes, seconds=limits.call_timeout
    )
    state = CallState(
        connector,
        connection.authenticator(),
        connection.scope,
        retry,
        budget,
        [] if stats.keep_exchanges else None,
        stats,
        stats.body_cap,
    )
    state.property_secrets = tuple(connection.secrets())
    state.max_requests = limits.max_upstream_requests
    state.background = True
    stats.account_connector_id = state.scope.account_connector_id
    paginator = paginator_for(method.pagination)
    request = build_request(resolved, method, bound, resolved.base_url)
    if query:
        request = request.with_query(dict(query))
    current = paginator.first(request)
    if resume is not None:
        current = replace(current, url=resume.url, query=resume.query)
        if resume.body is not None:
            current = replace(current, body=resume.body)
    try:
        while True:
            response = await executor.send(state, current)
            received = time.time()
            budget.pages += 1
            page = split_page(response.body, paginator.records_path, budget.pages)
            total = paginator.total(page.document)
            following = paginator.advance(current, page.document, len(page.records), response.headers, last_of(page))
            budget.records += len(page.records)
            if budget.records > limits.max_records:
                raise UpstreamProtocolError(
                    f"The run read more than {limits.max_records} records (the per-run limit)", status=502
                )
            yield StreamPage(
                budget.pages,
                page.records,
                _resume(current, following) if following else None,
                total,
                _http_date(response.headers.get("Date")),
                received,
            )
            if following is None:
                return
            if budget.pages >= limits.max_pages:
                raise UpstreamProtocolError(f"The run read {limits.max_pages} pages (the per-run limit)", status=502)
            current = following
    finally:
        stats.pages, stats.records, stats.bytes = budget.pages, budget.records, budget.used_bytes
        stats.duration = time.monotonic() - started
        if state.exchanges is not None:
            stats.exchanges = state.exchanges
            stats.redactor = Redactor(state.secrets())


def _http_date(value: str | None) -> float | None:
    """An HTTP date (``Sun, 06 Nov 1994 08:49:37 GMT``) as epoch seconds; None when absent or not one."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def _resume(current: OutboundRequest, following: OutboundRequest) -> Resume:
    """Where the next page is; its body only when the paginator changed it (a cursor in the body)."""
    body = following.body if following.body != current.body else None
    return Resume(following.url, following.query, body)
