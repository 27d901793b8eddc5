"""What a page tells a sync beside its records: the list's total (where the pagination names one) and the
provider's clock (its Date header)."""

from __future__ import annotations

from switchboard.catalog.models import CursorPagination, OffsetPagination, PageNumberPagination
from switchboard.engine.paginators import CursorPaginator, OffsetPaginator, PageNumberPaginator
from switchboard.engine.stream import _http_date

ENVELOPE = {"metadata": {"paging": {"total_count": 449, "total_pages": 5}}, "total": "12"}


def test_a_total_is_read_where_the_pagination_names_one() -> None:
    named = PageNumberPagination(type="page_number", records="data", total="metadata.paging.total_count")
    assert PageNumberPaginator(named).total(ENVELOPE) == 449
    pages_only = PageNumberPagination(type="page_number", records="data", total_pages="metadata.paging.total_pages")
    assert PageNumberPaginator(pages_only).total(ENVELOPE) is None  # a page count is no record count
    assert OffsetPaginator(OffsetPagination(type="offset", records="data", total="total")).total(ENVELOPE) == 12
    assert OffsetPaginator(OffsetPagination(type="offset", records="data", total="nowhere")).total(ENVELOPE) is None
    cursor = CursorPagination(type="cursor", records="data", cursor_param="after", next="next")
    assert CursorPaginator(cursor).total(ENVELOPE) is None


def test_the_date_header_is_the_providers_clock_in_epoch_seconds() -> None:
    assert _http_date("Tue, 14 Nov 2023 22:13:20 GMT") == 1_700_000_000.0
    assert _http_date(None) is None and _http_date("") is None and _http_date("yesterday") is None
