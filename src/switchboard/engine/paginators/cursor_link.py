"""A link to the next page inside the answer (``_links.next.href``), absent on the last page."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from switchboard.catalog.models import CursorLinkPagination
from switchboard.engine.paginators import paths
from switchboard.engine.request import OutboundRequest
from switchboard.errors import UpstreamProtocolError


class CursorLinkPaginator:
    """``{type: cursor_link, size_param: limit, size: 500, records: contacts, next: _links.next.href}``

    Links are resolved against the request's URL; a link to another origin is refused, so a
    third party cannot make Switchboard send its credentials elsewhere.
    """

    def __init__(self, definition: CursorLinkPagination, base_url: str) -> None:
        self._definition = definition
        self.records_path = definition.records
        self._seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()

    def is_single_page(self, request: OutboundRequest) -> bool:
        return request.query_value(self._definition.cursor_param) is not None

    def first(self, request: OutboundRequest) -> OutboundRequest:
        size_param, size = self._definition.size_param, self._definition.size
        if size_param and size and request.query_value(size_param) is None:
            return request.with_query({size_param: str(size)})
        return request

    def next(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        link = paths.read(document, self._definition.next)
        if link is None or link == "":
            return None
        if not isinstance(link, str):
            raise UpstreamProtocolError(f"The next link at {self._definition.next} is not a string", status=502)
        absolute = urljoin(request.url, link)
        current, target = urlsplit(request.url), urlsplit(absolute)
        if (target.scheme, target.netloc) != (current.scheme, current.netloc):
            raise UpstreamProtocolError(
                f"The next link points to another host ({target.netloc}); refusing to follow it", status=502
            )
        url = urlunsplit((target.scheme, target.netloc, target.path, "", ""))
        query = tuple(parse_qsl(target.query, keep_blank_values=True))
        # The page just fetched counts too, so a link back to it is caught before it is fetched again.
        self._seen.add(_page_key(request.url, request.query))
        key = _page_key(url, query)
        if key in self._seen:
            raise UpstreamProtocolError("Pagination repeated a cursor; stopping to avoid a loop", status=502)
        self._seen.add(key)
        return replace(request, url=url, query=query)

    def clear_next(self, document: Any) -> None:
        # The link's parent object goes: {"_links": {"next": {...}}} -> {"_links": {}}.
        parent, _, _ = self._definition.next.rpartition(".")
        holder_path, _, key = parent.rpartition(".")
        holder = paths.read(document, holder_path) if holder_path else document
        if isinstance(holder, dict):
            holder.pop(key, None)


def _page_key(url: str, query: tuple[tuple[str, str], ...]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A page's identity: the same URL and parameters in any order are the same page."""
    return url, tuple(sorted(query))
