"""Pagination strategies, one class per ``type:`` of the definition, behind ``Paginator``.

Adding one: subclass ``BasePaginator`` (it owns the loop guards), add its definition model in
``catalog/models`` with a new ``type:`` value, and register the class here.
"""

from __future__ import annotations

from switchboard.catalog.models import PaginationDef
from switchboard.engine.paginators.base import BasePaginator, Paginator
from switchboard.engine.paginators.cursor import CursorPaginator
from switchboard.engine.paginators.cursor_link import CursorLinkPaginator
from switchboard.engine.paginators.link_header import LinkHeaderPaginator
from switchboard.engine.paginators.offset import OffsetPaginator
from switchboard.engine.paginators.page_number import PageNumberPaginator

PAGINATORS: dict[str, type[BasePaginator]] = {
    "page_number": PageNumberPaginator,
    "cursor_link": CursorLinkPaginator,
    "link_header": LinkHeaderPaginator,
    "cursor": CursorPaginator,
    "offset": OffsetPaginator,
}

__all__ = [
    "PAGINATORS",
    "BasePaginator",
    "CursorLinkPaginator",
    "CursorPaginator",
    "LinkHeaderPaginator",
    "OffsetPaginator",
    "PageNumberPaginator",
    "Paginator",
    "paginator_for",
]


def paginator_for(definition: PaginationDef) -> Paginator:
    """A fresh paginator (it remembers the pages of one call) for a method's pagination definition."""
    paginator = PAGINATORS[definition.type](definition)  # type: ignore[call-arg]
    paginator.empty_pages = definition.empty_pages
    paginator.end = definition.end
    return paginator
