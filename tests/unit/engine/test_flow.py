"""The pages-ahead window: ``parallel`` requests stay on the wire while earlier pages are shaped; a cursor's
next page asked for before its page is scanned."""

from __future__ import annotations

from contextlib import aclosing

import pytest

from switchboard.catalog.models import CursorPagination, PageNumberPagination
from switchboard.engine import flow as flow_module
from switchboard.engine.flow import page_flow
from switchboard.engine.pages import Page, peek_scalar, split_page
from switchboard.engine.paginators import paginator_for
from switchboard.http import OutboundRequest, UpstreamResponse
from tests.unit.engine.test_executor import call_state, executor
from tests.unit.fakes import ScriptedTransport, answer

PAGES = 12
COUNTED = PageNumberPagination(
    type="page_number",
    records="data",
    next="metadata.paging.next_page",
    total_pages="metadata.paging.total_pages",
)
LIST = OutboundRequest("GET", "https://api.example.com/v2/accounts")


def page(request: OutboundRequest) -> UpstreamResponse:
    number = int(request.query_value("page") or 1)
    paging = {"next_page": number + 1 if number < PAGES else None, "total_pages": PAGES}
    return answer(200, {"data": [{"id": number}], "metadata": {"paging": paging}})


async def test_the_window_stays_full_when_the_pages_ahead_are_already_in() -> None:
    # The transport answers at once: the pages ahead are in before the first is shaped, so
    # nothing makes the flow wait; the refills must still reach the wire page by page.
    transport = ScriptedTransport(*([page] * PAGES))
    paginator = paginator_for(COUNTED)
    flow = page_flow(
        executor(transport), call_state(), paginator, paginator.first(LIST), "data", max_pages=100, parallel=4
    )
    sent_when_taken = []
    numbers = []
    async with aclosing(flow) as pages:
        async for each in pages:
            sent_when_taken.append(len(transport.requests))
            numbers.append(bytes(each.records[0]))

    assert numbers == [f'{{"id":{n}}}'.encode() for n in range(1, PAGES + 1)]
    # When page n is handed over, the 4 pages after it have been asked for (as far as there are pages).
    assert sent_when_taken == [min(n + 4, PAGES) for n in range(1, PAGES + 1)]


CURSOR = CursorPagination(type="cursor", cursor_param="after", records="data", next="paging.next")


def cursor_page(request: OutboundRequest) -> UpstreamResponse:
    number = int(request.query_value("after") or 1)
    following = str(number + 1) if number < PAGES else None
    return answer(200, {"paging": {"next": following}, "data": [{"id": number}, {"id": -number}]})


async def test_a_cursor_page_asks_for_the_next_before_it_is_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    transport = ScriptedTransport(*([cursor_page] * PAGES))
    paginator = paginator_for(CURSOR)
    sent_when_scanned: list[int] = []

    def scanning(body: bytes, records_path: str, number: int) -> Page:
        sent_when_scanned.append(len(transport.requests))
        return split_page(body, records_path, number)

    monkeypatch.setattr(flow_module, "split_page", scanning)
    flow = page_flow(executor(transport), call_state(), paginator, paginator.first(LIST), "data", max_pages=100)
    async with aclosing(flow) as pages:
        numbers = [bytes(each.records[0]) async for each in pages]

    assert numbers == [f'{{"id":{n}}}'.encode() for n in range(1, PAGES + 1)]
    # Page n is scanned with page n+1 already asked for (the cursor found in the raw page's envelope).
    assert sent_when_scanned == [min(n + 1, PAGES) for n in range(1, PAGES + 1)]
    assert len(transport.requests) == PAGES


async def test_a_guess_the_parsed_page_denies_is_cancelled() -> None:
    # An empty page ends the list whatever its cursor says: the request sent on its cursor is dropped.
    empty = answer(200, {"paging": {"next": "3"}, "data": []})
    transport = ScriptedTransport(cursor_page, empty, cursor_page, delay=0.01)
    paginator = paginator_for(CURSOR)
    flow = page_flow(executor(transport), call_state(), paginator, paginator.first(LIST), "data", max_pages=100)
    async with aclosing(flow) as pages:
        counts = [len(each.records) async for each in pages]

    assert counts == [2, 0]
    assert [r.query_value("after") for r in transport.requests] == [None, "2", "3"]


def test_peek_finds_a_cursor_named_once_in_plain_json() -> None:
    assert peek_scalar(b'{"data":[{"a":1}],"paging":{"next" : "abc"}}', "paging.next") == "abc"
    assert peek_scalar(b'{"paging":{"next":42},"data":[]}', "paging.next") == 42
    assert peek_scalar(b'{"paging":{"next":null}}', "paging.next") is None
    assert peek_scalar(b'{"paging":{"next":"a\\"b"}}', "paging.next") is None  # escapes: left to the parser
    assert peek_scalar(b'{"data":[{"next":"x"}],"paging":{"next":"y"}}', "paging.next") is None  # twice
    assert peek_scalar(b'{"data":[]}', "paging.next") is None
    assert peek_scalar(b'{"links":{"next":"x"},"data":[]}', "paging.next") is None  # not under its parent
    # Only the envelope before the records is searched: a record's member of that name is not seen,
    # and an envelope after the records is left to the parser.
    head = b'{"paging":{"next":"y"},"data":[{"next":"x"}]}'
    assert peek_scalar(head, "paging.next", "data") == "y"
    assert peek_scalar(b'{"data":[{"id":1}],"paging":{"next":"y"}}', "paging.next", "data") is None
    assert peek_scalar(b'{"paging":{"next":"y","prev":{"next":"z"}},"data":[]}', "paging.next", "data") is None
