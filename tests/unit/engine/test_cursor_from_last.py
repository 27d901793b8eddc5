"""Cursor paging whose cursor is the last record's field and whose end is a boolean (Stripe)."""

from __future__ import annotations

import orjson
import pytest
from pydantic import ValidationError

from switchboard.catalog.models import CursorPagination
from switchboard.engine.pages import last_of, split_page
from switchboard.engine.paginators import CursorPaginator
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest

REQ = OutboundRequest(method="GET", url="https://api.example.com/v1/customers")
STRIPE = CursorPagination(
    type="cursor",
    cursor_param="starting_after",
    size_param="limit",
    size=100,
    records="data",
    last="id",
    more="has_more",
)


def page(ids: list[str], more: bool) -> bytes:
    return orjson.dumps({"object": "list", "url": "/v1/customers", "has_more": more, "data": [{"id": i} for i in ids]})


def test_the_next_page_starts_after_the_last_record_until_has_more_is_false() -> None:
    p = CursorPaginator(STRIPE)
    first = p.first(REQ)
    assert first.query_value("limit") == "100" and p.is_single_page(first) is False
    one = split_page(page(["cus_1", "cus_2"], True), "data", 1)
    second = p.advance(first, one.document, len(one.records), None, last_of(one))
    assert second is not None and second.query_value("starting_after") == "cus_2"
    assert p.is_single_page(second)  # a call that names its cursor gets that page alone
    two = split_page(page(["cus_3"], False), "data", 2)
    assert p.advance(second, two.document, len(two.records), None, last_of(two)) is None
    p.clear_next(one.document)
    assert one.document["has_more"] is False  # every page is in the answer


def test_a_repeated_last_record_is_a_loop_and_a_cursor_must_be_a_string() -> None:
    p = CursorPaginator(STRIPE)
    first = p.first(REQ)
    one = split_page(page(["cus_1"], True), "data", 1)
    second = p.advance(first, one.document, 1, None, last_of(one))
    assert second is not None
    with pytest.raises(UpstreamProtocolError, match="repeated a cursor"):
        p.advance(second, one.document, 1, None, last_of(one))
    odd = split_page(orjson.dumps({"has_more": True, "data": [{"id": {"no": 1}}]}), "data", 1)
    with pytest.raises(UpstreamProtocolError, match="the last record's id is not a string"):
        CursorPaginator(STRIPE).advance(first, odd.document, 1, None, last_of(odd))


def test_a_cursor_pagination_names_exactly_one_pointer() -> None:
    with pytest.raises(ValidationError, match="next \\(in the body\\) or last"):
        CursorPagination(type="cursor", cursor_param="after", records="data")
    with pytest.raises(ValidationError, match="next \\(in the body\\) or last"):
        CursorPagination(type="cursor", cursor_param="after", records="data", next="n", last="id")
