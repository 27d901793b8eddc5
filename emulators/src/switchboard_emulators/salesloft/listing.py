"""Generic list handling: filters, sorting, paging and the ``{"data", "metadata"}`` envelope.

Per-page cost stays O(page) for the benchmark's deep paging: each (resource, sort) order is
computed once per store generation and reused, filtered lists are memoized the same way, and a
page is a slice. ``per_page`` outside [1, 100] or ``page`` < 1 is a 422 (not clamped), so a
connector that sends bad paging finds out here rather than in production.
"""

from __future__ import annotations

import math
from typing import Any

import orjson

from switchboard_emulators.salesloft.filters import Predicate, Record
from switchboard_emulators.salesloft.list_specs import LIST_SPECS, ListSpec
from switchboard_emulators.salesloft.params import BIGINT_MAX, as_int, maybe_bool
from switchboard_emulators.salesloft.rendering import render
from switchboard_emulators.salesloft.responses import unprocessable
from switchboard_emulators.salesloft.state import Store

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
PAGING_COUNT_LIMIT = 10_000


def _sort_value(value: Any) -> tuple[Any, ...]:
    # NULLs sort after everything ascending and first descending, like Postgres.
    if value is None:
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    return (0, value)


def _int_param(query: dict[str, Any], name: str, default: int, low: int, high: int | None) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = as_int(raw)
    except ValueError as exc:
        # An integer past a bigint is out of range (as_int says "must ..."); anything else is no integer.
        top = BIGINT_MAX if high is None else high
        reason = f"must be in the range [{low}, {top}]" if str(exc).startswith("must") else "must be an integer"
        raise unprocessable({name: [reason]}) from None
    if value < low or (high is not None and value > high):
        bound = f"in the range [{low}, {high}]" if high is not None else f"at least {low}"
        raise unprocessable({name: [f"must be {bound}"]})
    return value


def sorting(spec: ListSpec, query: dict[str, Any]) -> tuple[str, str]:
    """Validated ``(sort_by, sort_direction)``."""
    sort_by = str(query.get("sort_by") or spec.default_sort)
    if sort_by not in spec.sorts:
        raise unprocessable({"sort_by": [f"must be one of: {', '.join(spec.sorts)}"]})
    direction = str(query.get("sort_direction") or spec.default_direction).upper()
    if direction not in ("ASC", "DESC"):
        raise unprocessable({"sort_direction": ["must be one of: ASC, DESC"]})
    return sort_by, direction


def paging_meta(total: int, page: int, per_page: int, *, counts: bool, limit_counts: bool) -> dict[str, Any]:
    more = page * per_page < total
    meta: dict[str, Any] = {
        "per_page": per_page,
        "current_page": page,
        "next_page": page + 1 if more else None,
        "prev_page": page - 1 if page > 1 else None,
    }
    if counts:
        count = min(total, PAGING_COUNT_LIMIT) if limit_counts else total
        meta["total_pages"] = math.ceil(count / per_page)
        meta["total_count"] = count
    return meta


def list_payload(resource: str, query: dict[str, Any], store: Store) -> dict[str, Any]:
    """The full list response body for ``resource`` given the parsed query string."""
    spec = LIST_SPECS[resource]
    paged = spec.paging == "pages" or (spec.paging == "optional" and "page" in query)
    per_page = _int_param(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE) if paged else 0
    page = _int_param(query, "page", 1, 1, None) if paged else 1
    sort_by, direction = sorting(spec, query)
    sort_key = spec.sorts[sort_by]
    with store.lock:
        predicates: list[Predicate] = []
        filtering: dict[str, Any] = {}
        cacheable = True
        for flt in spec.filters:
            if flt.param not in query:
                continue
            raw = query[flt.param]
            filtering[flt.param] = flt.echo(raw)
            predicate = flt.build(raw, store)
            if predicate is not None:
                predicates.append(predicate)
                cacheable = cacheable and flt.cacheable
        ordered = store.sorted_records(
            resource,
            sort_by,
            lambda r: (*_sort_value(sort_key(r, store)), r["id"]),
            direction == "DESC",
        )
        items = ordered
        if predicates:

            def compute() -> list[Record]:
                return [r for r in ordered if all(p(r) for p in predicates)]

            if cacheable:
                fingerprint = orjson.dumps(filtering, option=orjson.OPT_SORT_KEYS, default=str)
                items = store.cached_query((resource, sort_by, direction, fingerprint), compute)
            else:
                items = compute()
        metadata: dict[str, Any] = {"filtering": filtering}
        if not paged:
            window = items
        else:
            start = (page - 1) * per_page
            window = items[start : start + per_page]
            metadata["paging"] = paging_meta(
                len(items),
                page,
                per_page,
                counts=maybe_bool(query.get("include_paging_counts")),
                limit_counts=maybe_bool(query.get("limit_paging_counts")),
            )
        metadata["sorting"] = {"sort_by": sort_by, "sort_direction": direction}
        data = [render(resource, r, store) for r in window]
    return {"metadata": metadata, "data": data}
