"""``BasePaginator.advance`` refuses pages that make no progress or come round again."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.catalog.models import CursorLinkPagination, PageNumberPagination
from switchboard.engine.paginators import BasePaginator, CursorLinkPaginator, PageNumberPaginator
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest

PAGES = PageNumberPagination(type="page_number", records="data", next="meta.next_page", size=10)
LINKS = CursorLinkPagination(type="cursor_link", records="items", next="links.next")
BASE = "https://api.example.com/v1/items"
REPEATED = "Pagination repeated a cursor"


class ScriptedPaginator(BasePaginator):
    """A strategy whose next page is whatever the document says (``{"next": request | None}``)."""

    records_path = "items"
    empty_pages = True  # its documents hold no records: only the loop guards are tested with it

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def is_single_page(self, request: OutboundRequest) -> bool:
        return False

    def first(self, request: OutboundRequest) -> OutboundRequest:
        return request

    def next_request(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        self.asked += 1
        following: OutboundRequest | None = document["next"]
        return following

    def clear_pointers(self, document: Any) -> None:
        document["next"] = None


def link(href: str | None) -> dict[str, Any]:
    return {"items": [{"id": 1}], "links": {"next": href}}


def page(number: int | None) -> dict[str, Any]:
    return {"data": [{"id": 1}], "meta": {"next_page": number}}


@pytest.mark.parametrize(
    ("paginator", "start", "document", "message"),
    [
        pytest.param(
            PageNumberPaginator(PAGES),
            OutboundRequest("GET", BASE, query=(("page", "3"), ("per_page", "10"))),
            page(3),
            "Pagination did not advance: page 3 points to page 3",
            id="page-number",
        ),
        pytest.param(
            CursorLinkPaginator(LINKS),
            OutboundRequest("GET", BASE, query=(("cursor", "c1"),)),
            link("/v1/items?cursor=c1"),
            REPEATED,
            id="cursor-link",
        ),
    ],
)
def test_a_page_pointing_to_itself_is_refused(
    paginator: BasePaginator, start: OutboundRequest, document: dict[str, Any], message: str
) -> None:
    with pytest.raises(UpstreamProtocolError) as caught:
        paginator.advance(start, document)
    assert caught.value.message.startswith(message)
    assert caught.value.status == 502


def test_a_cursor_cycle_back_to_the_first_page_is_refused() -> None:
    paginator = CursorLinkPaginator(LINKS)
    a = OutboundRequest("GET", BASE, query=(("cursor", "a"),))
    b = paginator.advance(a, link("/v1/items?cursor=b"))
    assert b is not None and b.query == (("cursor", "b"),)
    with pytest.raises(UpstreamProtocolError, match=REPEATED):
        paginator.advance(b, link("/v1/items?cursor=a"))


def test_a_longer_cycle_is_refused_when_it_comes_round() -> None:
    """A -> B -> C -> B: C's pointer is not C itself, but B was fetched before."""
    paginator = ScriptedPaginator()
    a, b, c = (OutboundRequest("GET", BASE, query=(("cursor", name),)) for name in "abc")
    assert paginator.advance(a, {"next": b}) == b
    assert paginator.advance(b, {"next": c}) == c
    with pytest.raises(UpstreamProtocolError, match=REPEATED):
        paginator.advance(c, {"next": b})


def test_query_parameters_in_another_order_are_the_same_page() -> None:
    paginator = ScriptedPaginator()
    a = OutboundRequest("GET", BASE, query=(("cursor", "a"), ("limit", "50"), ("status", "all")))
    b = OutboundRequest("GET", BASE, query=(("cursor", "b"), ("limit", "50")))
    assert paginator.advance(a, {"next": b}) == b
    a_reordered = OutboundRequest("GET", BASE, query=(("status", "all"), ("limit", "50"), ("cursor", "a")))
    with pytest.raises(UpstreamProtocolError, match=REPEATED):
        paginator.advance(b, {"next": a_reordered})


@pytest.mark.parametrize(
    "following",
    [
        pytest.param(OutboundRequest("GET", BASE + "/archived", query=(("cursor", "a"),)), id="other-path"),
        pytest.param(OutboundRequest("POST", BASE, query=(("cursor", "a"),)), id="other-method"),
        pytest.param(OutboundRequest("GET", BASE, query=(("cursor", "a"), ("limit", "5"))), id="extra-parameter"),
    ],
)
def test_a_different_request_is_progress(following: OutboundRequest) -> None:
    paginator = ScriptedPaginator()
    assert paginator.advance(OutboundRequest("GET", BASE, query=(("cursor", "a"),)), {"next": following}) == following


def test_a_page_number_going_back_to_a_seen_page_is_refused() -> None:
    paginator = PageNumberPaginator(PAGES)
    first = paginator.first(OutboundRequest("GET", BASE))
    second = paginator.advance(first, page(2))
    assert second is not None
    third = paginator.advance(second, page(3))
    assert third is not None and third.query_value("page") == "3"
    with pytest.raises(UpstreamProtocolError, match=REPEATED):
        paginator.advance(third, page(2))


def test_a_page_number_going_back_to_the_first_page_is_refused() -> None:
    paginator = PageNumberPaginator(PAGES)
    first = paginator.first(OutboundRequest("GET", BASE))
    second = paginator.advance(first, page(2))
    assert second is not None
    with pytest.raises(UpstreamProtocolError, match=REPEATED):
        paginator.advance(second, page(1))


@pytest.mark.parametrize(
    ("paginator", "document"),
    [
        pytest.param(ScriptedPaginator(), {"next": None}, id="strategy-none"),
        pytest.param(PageNumberPaginator(PAGES), page(None), id="page-number-null"),
        pytest.param(CursorLinkPaginator(LINKS), link(None), id="cursor-link-absent"),
        pytest.param(CursorLinkPaginator(LINKS), link(""), id="cursor-link-empty"),
    ],
)
def test_no_next_request_ends_paging(paginator: BasePaginator, document: dict[str, Any]) -> None:
    request = OutboundRequest("GET", BASE, query=(("page", "1"),))
    assert paginator.advance(request, document) is None


def test_an_end_does_not_count_the_page_as_seen() -> None:
    """The guard remembers pages only when it moves on: a None leaves nothing behind."""
    paginator = ScriptedPaginator()
    a = OutboundRequest("GET", BASE, query=(("cursor", "a"),))
    b = OutboundRequest("GET", BASE, query=(("cursor", "b"),))
    assert paginator.advance(a, {"next": None}) is None
    assert paginator.advance(b, {"next": a}) == a
    assert paginator.asked == 2
