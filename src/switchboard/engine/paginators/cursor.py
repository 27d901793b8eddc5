"""An opaque cursor in the body (``paging.next.after``), sent back as a query parameter."""

from __future__ import annotations

from typing import Any

from switchboard.catalog.models import CursorPagination
from switchboard.engine import paths
from switchboard.engine.paginators.base import BasePaginator, sized_first
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest


class CursorPaginator(BasePaginator):
    """``{type: cursor, cursor_param: after, size_param: limit, size: 100, records: results,
    next: paging.next.after}``; an empty, null or absent cursor ends the list."""

    def __init__(self, definition: CursorPagination) -> None:
        super().__init__()
        self._definition = definition
        self.records_path = definition.records
        self.peek_path = definition.next

    def is_single_page(self, request: OutboundRequest) -> bool:
        return request.query_value(self._definition.cursor_param) is not None

    def first(self, request: OutboundRequest) -> OutboundRequest:
        d = self._definition
        return sized_first(request, d.extra_query, d.size_param, d.size)

    def next_request(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        cursor = paths.read(document, self._definition.next)
        if cursor is None or cursor == "":
            return None
        if not isinstance(cursor, str | int):
            raise UpstreamProtocolError(f"The next cursor at {self._definition.next} is not a string", status=502)
        return request.with_query({self._definition.cursor_param: str(cursor)})

    def clear_next(self, document: Any) -> None:
        paths.clear(document, self._definition.next)
