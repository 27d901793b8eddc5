"""Numbered pages (``?page=N&per_page=S``) until the answer's next page reads null."""

from __future__ import annotations

import math
from typing import Any

from switchboard.catalog.models import PageNumberPagination
from switchboard.engine import paths
from switchboard.engine.paginators.base import BasePaginator, count_at, whole, with_extra_query
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest


class PageNumberPaginator(BasePaginator):
    """``{type: page_number, page_param: page, size_param: per_page, size: 100, records: data,
    next: metadata.paging.next_page}``"""

    def __init__(self, definition: PageNumberPagination) -> None:
        super().__init__()
        self._definition = definition
        self.records_path = definition.records

    def is_single_page(self, request: OutboundRequest) -> bool:
        return request.query_value(self._definition.page_param) is not None

    def first(self, request: OutboundRequest) -> OutboundRequest:
        request = with_extra_query(request, self._definition.extra_query)
        updates = {self._definition.page_param: str(self._definition.first_page)}
        if request.query_value(self._definition.size_param) is None:
            updates[self._definition.size_param] = str(self._definition.size)
        return request.with_query(updates)

    def next_request(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        if self._definition.next is None:
            return self._after_full_page(request, document)
        following = paths.read(document, self._definition.next)
        if following is None or following is False or following == "":
            return None
        try:
            number = int(following)
        except (TypeError, ValueError):
            raise UpstreamProtocolError(
                f"The next page {following!r} at {self._definition.next} is not a page number", status=502
            ) from None
        return request.with_query({self._definition.page_param: str(number)})

    def pages_ahead(
        self, request: OutboundRequest, document: Any, following: OutboundRequest, most: int
    ) -> list[OutboundRequest]:
        definition = self._definition
        pages = count_at(document, definition.total_pages)
        if pages is None:
            total = count_at(document, definition.total)
            size = whole(request.query_value(definition.size_param) or definition.size)
            if total is None or not size:
                return []
            pages = math.ceil(total / size)
        start = whole(following.query_value(definition.page_param))
        if start is None:
            return []
        end = min(definition.first_page + pages, start + most)  # the last page is first_page + pages - 1
        return [following.with_query({definition.page_param: str(n)}) for n in range(start, end)]

    def _after_full_page(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        # No next pointer (Xero): a page shorter than the size asked for is the last.
        received = self.records_on_page(document)
        size = request.query_value(self._definition.size_param) or str(self._definition.size)
        page = request.query_value(self._definition.page_param) or str(self._definition.first_page)
        if received == 0 or received < int(size):
            return None
        return request.with_query({self._definition.page_param: str(int(page) + 1)})

    def total(self, document: Any) -> int | None:
        return count_at(document, self._definition.total)

    def stalled_message(self, request: OutboundRequest, following: OutboundRequest) -> str:
        page = request.query_value(self._definition.page_param)
        return f"Pagination did not advance: page {page} points to page {page}"

    def clear_pointers(self, document: Any) -> None:
        if self._definition.next is not None:
            paths.clear(document, self._definition.next)
