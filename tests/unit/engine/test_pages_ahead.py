"""Which pages a paginator knows ahead from the first page's total, and when it knows none."""

from __future__ import annotations

import pytest

from switchboard.catalog.models import CursorPagination, OffsetPagination, PageNumberPagination
from switchboard.engine.paginators import paginator_for
from switchboard.http import OutboundRequest

REQUEST = OutboundRequest("GET", "https://x/v2/accounts")
COUNTED = PageNumberPagination(
    type="page_number",
    records="data",
    next="metadata.paging.next_page",
    total_pages="metadata.paging.total_pages",
    extra_query={"include_paging_counts": "true"},
)


def _plan(
    definition: object, document: dict[str, object], most: int = 1000, received: int = 100
) -> list[dict[str, str]]:
    paginator = paginator_for(definition)  # type: ignore[arg-type]
    first = paginator.first(REQUEST)
    following = paginator.advance(first, document, received)
    assert following is not None
    return [dict(r.query) for r in paginator.pages_ahead(first, document, following, most)]


def test_a_page_count_names_every_later_page_with_the_extra_query() -> None:
    plan = _plan(COUNTED, {"metadata": {"paging": {"next_page": 2, "total_pages": 4}}})
    assert plan == [{"include_paging_counts": "true", "per_page": "100", "page": str(n)} for n in (2, 3, 4)]


def test_a_record_count_gives_the_pages_at_the_size_asked() -> None:
    definition = PageNumberPagination(type="page_number", records="data", next="next", total="count", size=100)
    assert [p["page"] for p in _plan(definition, {"next": 2, "count": 250})] == ["2", "3"]


def test_offsets_step_by_what_the_first_page_moved() -> None:
    definition = OffsetPagination(type="offset", offset_param="startAt", size_param="maxResults", size=50,
                                  records="values", total="total")  # fmt: skip
    assert [p["startAt"] for p in _plan(definition, {"total": 180}, received=50)] == ["50", "100", "150"]
    assert [p["startAt"] for p in _plan(definition, {"total": 180}, received=100)] == ["100"]


@pytest.mark.parametrize(
    "document",
    [
        {"metadata": {"paging": {"next_page": 2}}},  # no counts asked for
        {"metadata": {"paging": {"next_page": 2, "total_pages": "many"}}},
        {"metadata": {"paging": {"next_page": 2, "total_pages": -3}}},
        {"metadata": {"paging": {"next_page": 2, "total_pages": True}}},
    ],
)
def test_without_a_usable_total_no_page_is_known_ahead(document: dict[str, object]) -> None:
    assert _plan(COUNTED, document) == []


def test_a_huge_total_is_cut_at_what_the_call_may_fetch() -> None:
    plan = _plan(COUNTED, {"metadata": {"paging": {"next_page": 2, "total_pages": 10**12}}}, most=5)
    assert [p["page"] for p in plan] == ["2", "3", "4", "5", "6"]


def test_a_cursor_knows_no_page_ahead() -> None:
    definition = CursorPagination(type="cursor", cursor_param="after", records="results", next="paging.next.after")
    assert _plan(definition, {"paging": {"next": {"after": "abc"}}}) == []
