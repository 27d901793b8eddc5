"""Cursor paging whose cursor and page size are members of the JSON body (Notion's POST lists)."""

from __future__ import annotations

import orjson
import pytest

from switchboard.catalog.models import CursorPagination
from switchboard.engine.pages import split_page
from switchboard.engine.paginators import CursorPaginator
from switchboard.engine.progress import stopped_early
from switchboard.engine.stream import Resume
from switchboard.errors import InputError, UpstreamProtocolError, UpstreamUnavailable
from switchboard.http import Budget, OutboundRequest

NOTION = CursorPagination(
    type="cursor",
    cursor_param="start_cursor",
    cursor_in="body",
    size_param="page_size",
    size=100,
    records="results",
    next="next_cursor",
)
SEARCH = OutboundRequest(
    method="POST",
    url="https://api.notion.com/v1/search",
    headers=(("Content-Type", "application/json"),),
    body=b'{"query":"plan"}',
)


def page(ids: list[str], following: str | None) -> bytes:
    return orjson.dumps({"object": "list", "results": [{"id": i} for i in ids], "next_cursor": following})


def test_the_cursor_and_the_size_go_in_the_body_and_the_query_stays_empty() -> None:
    p = CursorPaginator(NOTION)
    first = p.first(SEARCH)
    assert orjson.loads(first.body or b"") == {"query": "plan", "page_size": 100}
    assert first.query == () and p.is_single_page(first) is False
    one = split_page(page(["a", "b"], "cur-2"), "results", 1)
    second = p.advance(first, one.document, len(one.records))
    assert second is not None and second.query == () and second.url == SEARCH.url
    assert orjson.loads(second.body or b"") == {"query": "plan", "page_size": 100, "start_cursor": "cur-2"}
    assert p.is_single_page(second)  # a call that names its cursor gets that page alone
    two = split_page(page(["c"], None), "results", 2)
    assert p.advance(second, two.document, len(two.records)) is None


def test_a_call_without_a_body_gets_a_json_one_and_its_own_size_is_kept() -> None:
    bare = OutboundRequest(method="POST", url="https://api.notion.com/v1/search")
    first = CursorPaginator(NOTION).first(bare)
    assert first.body == b'{"page_size":100}'
    assert dict(first.headers)["Content-Type"] == "application/json"
    sized = OutboundRequest(method="POST", url=bare.url, body=b'{"page_size":5}')
    assert CursorPaginator(NOTION).first(sized).body == b'{"page_size":5}'


def test_a_repeated_body_cursor_is_a_loop() -> None:
    p = CursorPaginator(NOTION)
    first = p.first(SEARCH)
    one = split_page(page(["a"], "cur-2"), "results", 1)
    second = p.advance(first, one.document, 1)
    assert second is not None
    with pytest.raises(UpstreamProtocolError, match="repeated a cursor"):
        p.advance(second, one.document, 1)


def test_a_body_that_is_not_an_object_cannot_carry_the_cursor() -> None:
    listed = OutboundRequest(method="POST", url=SEARCH.url, body=b"[1, 2]")
    with pytest.raises(InputError, match="RequestBody must be a JSON object"):
        CursorPaginator(NOTION).first(listed)


def test_stopping_early_names_the_body_cursor_to_go_on_from() -> None:
    first = CursorPaginator(NOTION).first(SEARCH)
    later = OutboundRequest(method="POST", url=SEARCH.url, body=b'{"query":"plan","page_size":100,"start_cursor":"c3"}')
    budget = Budget(deadline=0.0, max_bytes=1 << 20, seconds=30.0, pages=2, records=200)
    with pytest.raises(UpstreamUnavailable) as stopped:
        stopped_early(UpstreamUnavailable("slow", status=504), budget, first, later)
    assert stopped.value.context["ResumeWith"] == {"start_cursor": "c3"}
    assert "starting with start_cursor=c3 (in the RequestBody)" in str(stopped.value)


def test_a_sync_checkpoint_keeps_the_body_cursor() -> None:
    resume = Resume(SEARCH.url, (), b'{"page_size":100,"start_cursor":"c3"}')
    assert Resume.from_json(orjson.loads(orjson.dumps(resume.to_json()))) == resume
    assert "body" not in Resume(SEARCH.url, (("after", "x"),)).to_json()  # query cursors stay as they were
