"""The next page's URL in the answer's ``Link`` header (RFC 8288), absent on the last page."""

from __future__ import annotations

import re
from typing import Any

from switchboard.catalog.models import LinkHeaderPagination
from switchboard.engine.paginators.base import BasePaginator, follow_link, sized_first
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest

# One link-value: ``<uri>`` then ``; name=value`` parameters, the value a token or a quoted string.
_LINK = re.compile(r"\s*<([^>]*)>((?:\s*;\s*[^\s;,=]+(?:\s*=\s*(?:\"(?:[^\"\\]|\\.)*\"|[^\s;,]*))?)*)\s*(?:,|$)")
_PARAM = re.compile(r";\s*([^\s;,=]+)(?:\s*=\s*(?:\"((?:[^\"\\]|\\.)*)\"|([^\s;,]*)))?")


def parse_links(values: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Each link of ``Link`` header values as ``(uri, params)``; parameter names lower-cased.

    A value that does not parse as links is a protocol error: guessing could page for ever.
    """
    links: list[tuple[str, dict[str, str]]] = []
    for value in values:
        position, value = 0, value.strip()
        while position < len(value):
            match = _LINK.match(value, position)
            if match is None or match.end() == position:
                raise UpstreamProtocolError(
                    "The answer's Link header is malformed; cannot find the next page", status=502
                )
            params = {
                param.group(1).lower(): param.group(2) if param.group(2) is not None else (param.group(3) or "")
                for param in _PARAM.finditer(match.group(2))
            }
            links.append((match.group(1).strip(), params))
            position = match.end()
    return links


def next_link(values: list[str]) -> str | None:
    """The ``rel="next"`` URI, unless it says there are no results behind it (Sentry's ``results="false"``)."""
    for uri, params in parse_links(values):
        if "next" in params.get("rel", "").lower().split():
            return None if params.get("results", "").lower() == "false" else uri
    return None


class LinkHeaderPaginator(BasePaginator):
    """``{type: link_header, cursor_param: after, size_param: limit, size: 200, records: ""}``

    The next URL is resolved against the request's and must keep its origin (``follow_link``).
    """

    def __init__(self, definition: LinkHeaderPagination) -> None:
        super().__init__()
        self._definition = definition
        self.records_path = definition.records

    def is_single_page(self, request: OutboundRequest) -> bool:
        return request.query_value(self._definition.cursor_param) is not None

    def first(self, request: OutboundRequest) -> OutboundRequest:
        d = self._definition
        return sized_first(request, d.extra_query, d.size_param, d.size)

    def next_request(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        link = next_link(self._headers.getall("Link", []) if self._headers is not None else [])
        if not link:
            return None
        return follow_link(request, link)

    def clear_pointers(self, document: Any) -> None:
        """Nothing to clear: the pointer was in a header, which the aggregated answer does not carry."""
