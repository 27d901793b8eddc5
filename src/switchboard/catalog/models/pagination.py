"""Pagination strategies (``pagination:``) and a method's overrides of them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from switchboard.catalog.models.base import Model


class PageNumberPagination(Model):
    """Numbered pages: ``?page=N&per_page=S``; stop when ``next`` reads null.

    ``{type: page_number, page_param: page, size_param: per_page, size: 100, records: data,
    next: metadata.paging.next_page}``
    """

    type: Literal["page_number"]
    page_param: str = "page"
    size_param: str = "per_page"
    size: int = Field(100, ge=1)
    first_page: int = 1
    records: str
    next: str


class CursorLinkPagination(Model):
    """A link to the next page in the body: ``{type: cursor_link, size_param: limit, size: 500,
    records: contacts, next: _links.next.href}``. Host-relative links are resolved against the
    connector's base URL; links to another host are refused."""

    type: Literal["cursor_link"]
    size_param: str | None = None
    size: int | None = Field(None, ge=1)
    cursor_param: str = "cursor"
    records: str
    next: str


PaginationDef = Annotated[PageNumberPagination | CursorLinkPagination, Field(discriminator="type")]


class MethodPagination(Model):
    """A method's pagination: the connector's strategy, with these keys overridden.

    ``pagination: {records: people, size: 25}``
    """

    records: str | None = None
    size: int | None = Field(None, ge=1)
