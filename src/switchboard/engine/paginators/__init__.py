"""Pagination strategies, one class per ``type:`` of the definition, behind ``Paginator``."""

from __future__ import annotations

from switchboard.catalog.models import CursorLinkPagination, PageNumberPagination, PaginationDef
from switchboard.engine.paginators.base import Paginator
from switchboard.engine.paginators.cursor_link import CursorLinkPaginator
from switchboard.engine.paginators.page_number import PageNumberPaginator

__all__ = ["CursorLinkPaginator", "PageNumberPaginator", "Paginator", "paginator_for"]


def paginator_for(definition: PaginationDef, base_url: str) -> Paginator:
    """The paginator for a method's (merged) pagination definition."""
    if isinstance(definition, PageNumberPagination):
        return PageNumberPaginator(definition)
    if isinstance(definition, CursorLinkPagination):
        return CursorLinkPaginator(definition, base_url)
    raise TypeError(f"no paginator for {type(definition).__name__}")  # pragma: no cover
