"""An opaque cursor in the body (``paging.next.after``), sent back as a query parameter."""

from __future__ import annotations

from typing import Any

import msgspec

from switchboard.catalog.models import CursorPagination
from switchboard.engine import paths
from switchboard.engine.paginators.base import BasePaginator, sized_first
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest


class CursorPaginator(BasePaginator):
    """``{type: cursor, cursor_param: after, size_param: limit, size: 100, records: results,
    next: paging.next.after}``; an empty, null or absent cursor ends the list. With ``last`` the
    cursor is that field of the page's last record; with ``more``, a page whose flag is not true ends it."""

    def __init__(self, definition: CursorPagination) -> None:
        super().__init__()
        self._definition = definition
        self.records_path = definition.records

    def is_single_page(self, request: OutboundRequest) -> bool:
        return request.query_value(self._definition.cursor_param) is not None

    def first(self, request: OutboundRequest) -> OutboundRequest:
        d = self._definition
        return sized_first(request, d.extra_query, d.size_param, d.size)

    def next_request(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        d = self._definition
        if d.more is not None and paths.read(document, d.more) is not True:
            return None  # Stripe's has_more: false (or absent) ends the list
        where = d.next or f"the last record's {d.last}"
        cursor = paths.read(document, d.next) if d.next else self._from_last(d.last or "")
        if cursor is None or cursor == "":
            return None
        if not isinstance(cursor, str | int):
            raise UpstreamProtocolError(f"The next cursor at {where} is not a string", status=502)
        return request.with_query({d.cursor_param: str(cursor)})

    def _from_last(self, field: str) -> Any:
        """The cursor as a field of the page's last record (Stripe: ``starting_after`` = its ``id``)."""
        if self._last is None:
            return None
        try:
            return paths.read(msgspec.json.decode(self._last), field)
        except msgspec.DecodeError:
            raise UpstreamProtocolError("The page's last record is not JSON", status=502) from None

    def clear_next(self, document: Any) -> None:
        if self._definition.next:
            paths.clear(document, self._definition.next)
        more = self._definition.more
        if more and isinstance(document, dict) and paths.lookup(document, more)[0]:
            paths.assign(document, more, False)  # every page is in the answer: none follows
