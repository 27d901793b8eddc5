"""A link to the next page inside the answer (``_links.next.href``), absent on the last page."""

from __future__ import annotations

from typing import Any

from switchboard.catalog.models import CursorLinkPagination
from switchboard.engine import paths
from switchboard.engine.paginators.base import BasePaginator, follow_link, sized_first
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest


class CursorLinkPaginator(BasePaginator):
    """``{type: cursor_link, size_param: limit, size: 500, records: contacts, next: _links.next.href}``

    Links are resolved against the request's URL; a link to another origin is refused, so a
    third party cannot make Switchboard send its credentials elsewhere.
    """

    def __init__(self, definition: CursorLinkPagination) -> None:
        super().__init__()
        self._definition = definition
        self.records_path = definition.records

    def is_single_page(self, request: OutboundRequest) -> bool:
        return request.query_value(self._definition.cursor_param) is not None

    def first(self, request: OutboundRequest) -> OutboundRequest:
        d = self._definition
        return sized_first(request, d.extra_query, d.size_param, d.size)

    def next_request(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        link = paths.read(document, self._definition.next)
        if link is None or link == "":
            return None
        if not isinstance(link, str):
            raise UpstreamProtocolError(f"The next link at {self._definition.next} is not a string", status=502)
        if not link.startswith(("http://", "https://", "/", "?")):
            # A cursor or an id, not a link (a spec that left its type unsaid): resolved as a relative path it
            # would fetch some other page of the API, or its 404. Said, never guessed.
            raise UpstreamProtocolError(
                f"The answer's {self._definition.next} is not a link to the next page (a cursor or an id?): this "
                "list pages another way; its connector's pagination needs to say how",
                status=502,
            )
        return follow_link(request, link)

    def clear_pointers(self, document: Any) -> None:
        # The link's parent object goes: {"_links": {"next": {...}}} -> {"_links": {}}; a link at
        # the top (OData's {"@odata.nextLink": ...}) goes itself.
        walked = paths.keys(document, self._definition.next)
        if not walked:
            return
        holder: Any = document
        for key in walked[:-2]:
            holder = holder[key]
        if isinstance(holder, dict):
            holder.pop(walked[-2] if len(walked) > 1 else walked[0], None)
