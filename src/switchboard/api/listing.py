"""Lists paged, filtered and sorted as Cyclr's: ``page``, ``pageSize``, ``orderBy``, ``sortOrderAsc``.

A paged answer is one page of the list, with ``Total-Pages`` and ``Total-Records`` headers, so a
client may page until the last page or until a short one. A bad value is a 400 naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Response

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
T = TypeVar("T")

# For the OpenAPI document: every paged list declares these headers on its 200.
PAGED: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            "Total-Pages": {"description": "Pages in the whole list at this pageSize", "schema": {"type": "integer"}},
            "Total-Records": {"description": "Items in the whole list (after filters)", "schema": {"type": "integer"}},
        }
    }
}


@dataclass(frozen=True, slots=True)
class Paging:
    """Which page a caller asked for (``page`` from 1)."""

    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def answer(self, response: Response, items: Sequence[T], total: int | None = None) -> list[T]:
        """This page of ``items`` (all of them, or, with ``total``, already this page), with the headers set."""
        count = len(items) if total is None else total
        response.headers["Total-Pages"] = str(-(-count // self.size))
        response.headers["Total-Records"] = str(count)
        return list(items[self.offset : self.offset + self.size]) if total is None else list(items)


def paging(
    page: Annotated[int, Query(ge=1, le=2**31 - 1, description="The page, from 1")] = 1,
    page_size: Annotated[
        int,
        Query(
            alias="pageSize", ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, {DEFAULT_PAGE_SIZE} if not given"
        ),
    ] = DEFAULT_PAGE_SIZE,
) -> Paging:
    return Paging(page, page_size)


PagingDep = Annotated[Paging, Depends(paging)]
Ascending = Annotated[bool, Query(alias="sortOrderAsc", description="Ascending (the default) or descending")]
Search = Annotated[str | None, Query(max_length=200, description="Only items whose name contains this (any case)")]
Category = Annotated[str | None, Query(max_length=200, description="Only items in this category (any case)")]


def unfiltered(wanted: str | None) -> bool:
    """No filter: the parameter left out, or given empty (``?category=``)."""
    return wanted is None or not wanted.strip()


def matches(text: str, wanted: str | None) -> bool:
    """``wanted`` occurs in ``text``, ignoring case; no filter matches everything."""
    return unfiltered(wanted) or str(wanted).strip().casefold() in text.casefold()


def same(text: str, wanted: str | None) -> bool:
    """``text`` is ``wanted``, ignoring case and surrounding spaces; no filter matches everything."""
    return unfiltered(wanted) or str(wanted).strip().casefold() == text.strip().casefold()


def sorted_by(items: Sequence[T], key: Callable[[T], Any] | None, ascending: bool) -> list[T]:
    """``items`` in ``key`` order (their own order without one), reversed for a descending list."""
    ordered = sorted(items, key=key) if key is not None else list(items)
    return ordered if ascending else ordered[::-1]
