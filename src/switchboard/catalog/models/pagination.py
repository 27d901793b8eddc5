"""Pagination strategies (``pagination:``) and a method's overrides of them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from switchboard.catalog.models.base import Model


class _Paging(Model):
    """What every strategy shares."""

    # A page with no records ends the list whatever its next pointer says (a misbehaving API
    # would otherwise be paged until the call's limits); true for an API whose empty pages are
    # normal mid-list (Slack's filtered lists may answer no members with a next cursor).
    empty_pages: bool = False
    # Pages fetched at once once the first page tells how many there are (``total_pages`` or
    # ``total``); each still goes through the rate limiter, records stay in order. 1: one at a time.
    parallel: int = Field(4, ge=1, le=32)
    # Query parameters every paged request carries unless the call sets them (Box: ``{usemarker: "true"}``;
    # Salesloft: ``{include_paging_counts: "true"}``, so the first page says how many follow).
    extra_query: dict[str, str] = {}
    # Where the answer says, with true, that it is the last page (Zendesk's incremental exports:
    # ``end_of_stream``, beside a next cursor on every page; Jira's ``isLast``): no page is asked after it.
    end: str | None = None


class PageNumberPagination(_Paging):
    """Numbered pages: ``?page=N&per_page=S``; stop when ``next`` reads null (without ``next``: when a
    page has fewer than ``size`` records, as Xero's pages do).

    ``{type: page_number, page_param: page, size_param: per_page, size: 100, records: data,
    next: metadata.paging.next_page}``. With ``total_pages`` (the page count's path) or ``total``
    (the record count's), the pages after the first are known ahead and fetched ``parallel`` at a time;
    with ``total``, a sync's full run also tells from it whether the list held still while it read.
    """

    type: Literal["page_number"]
    page_param: str = "page"
    size_param: str = "per_page"
    size: int = Field(100, ge=1)
    first_page: int = 1
    records: str
    next: str | None = None
    total_pages: str | None = None
    total: str | None = None


class CursorLinkPagination(_Paging):
    """A link to the next page in the body: ``{type: cursor_link, size_param: limit, size: 500,
    records: contacts, next: _links.next.href}``. Host-relative links are resolved against the
    connector's base URL; links to another host are refused."""

    type: Literal["cursor_link"]
    size_param: str | None = None
    size: int | None = Field(None, ge=1)
    cursor_param: str = "cursor"
    records: str
    next: str


class LinkHeaderPagination(_Paging):
    """The next page's URL in the answer's ``Link`` header (RFC 8288): ``Link: <https://...>; rel="next"``.

    ``{type: link_header, cursor_param: after, size_param: limit, size: 200, records: ""}`` (GitHub,
    GitLab, Okta, Sentry). No ``rel="next"`` link ends the list, as does one marked
    ``results="false"`` (Sentry sends a next link on every page and says there so). Links to another
    origin than the request's are refused. ``cursor_param``: the parameter that names one page, so a
    call that sets it gets that page alone.
    """

    type: Literal["link_header"]
    size_param: str | None = None
    size: int | None = Field(None, ge=1)
    cursor_param: str = "cursor"
    records: str = ""


class CursorPagination(_Paging):
    """An opaque cursor in the body, sent back as a query parameter; empty or absent ends.

    ``{type: cursor, cursor_param: after, size_param: limit, size: 100, records: results,
    next: paging.next.after}`` (HubSpot; Slack, Intercom, Asana and Box page the same way).
    Or the cursor is a field of the page's last record, and a boolean says whether more follow:
    ``{type: cursor, cursor_param: starting_after, records: data, last: id, more: has_more}`` (Stripe).
    ``cursor_in: body``: the cursor and the page size go in the JSON body's top level instead of the
    query (Notion's POST lists, ``start_cursor`` and ``page_size``; a method overrides it).
    """

    type: Literal["cursor"]
    cursor_param: str
    cursor_in: Literal["query", "body"] = "query"
    size_param: str | None = None
    size: int | None = Field(None, ge=1)
    records: str
    next: str | None = None
    last: str | None = None
    more: str | None = None

    @model_validator(mode="after")
    def _one_pointer(self) -> CursorPagination:
        if (self.next is None) == (self.last is None):
            raise ValueError(
                "a cursor pagination names where its cursor is: next (in the body) or last (a record's field)"
            )
        return self


class OffsetPagination(_Paging):
    """Record offsets: ``?start=N&limit=S``.

    The next offset is read at ``next`` when given; otherwise it is the offset plus the records
    received. Paging stops when ``more`` reads false, when the offset reaches ``total``, or when a
    page has fewer than ``size`` records. ``{type: offset, offset_param: start, size_param: limit,
    size: 100, records: data, next: additional_data.pagination.next_start,
    more: additional_data.pagination.more_items_in_collection}`` (Pipedrive; Jira with ``total``).
    With ``total``, the offsets after the first page are known ahead and fetched ``parallel`` at a time
    (and a sync's full run tells from it whether the list held still while it read).
    """

    type: Literal["offset"]
    offset_param: str = "offset"
    size_param: str = "limit"
    size: int = Field(100, ge=1)
    records: str
    next: str | None = None
    more: str | None = None
    total: str | None = None


PaginationDef = Annotated[
    PageNumberPagination | CursorLinkPagination | LinkHeaderPagination | CursorPagination | OffsetPagination,
    Field(discriminator="type"),
]


class MethodPagination(Model):
    """A method's pagination: the connector's strategy, with these keys overridden.

    ``pagination: {records: people, size: 25}``
    """

    records: str | None = None
    size: int | None = Field(None, ge=1)
    empty_pages: bool | None = None
    end: str | None = None
    # Where a cursor pagination's cursor and size go for this method (Notion: ``body`` for its POST lists).
    cursor_in: Literal["query", "body"] | None = None
