"""A list's cursor paging read from its spec, for a list no config pages: a query parameter that reads as a
cursor and an answer member that reads as the next one (Apideck's ``cursor`` and ``meta.cursors.next``).

Without it such a list answers its example's (or a generated) next cursor on every page, a loop to any client.
Names are compared without case or punctuation; the tables are in order of preference.
"""

from __future__ import annotations

import re
from typing import Any

from switchboard_emulators.spec.config import PaginationConfig
from switchboard_emulators.spec.document import Operation, Resolver
from switchboard_emulators.spec.schemas import merged, type_of

# Query parameters that take a cursor (never an offset or a page number).
_CURSOR_PARAMS = ("cursor", "pagecursor", "after", "startingafter", "pagetoken", "nextpagetoken", "nexttoken",
                  "continuation", "continuationtoken", "starttoken", "startcursor", "next")  # fmt: skip
_SIZE_PARAMS = ("limit", "pagesize", "perpage", "maxresults", "size", "count")
# The answer member's name (its last part), and what may hold it (Apideck's meta.cursors.next).
_NEXT_NAMES = ("nextcursor", "nextpagetoken", "nexttoken", "nextpagecursor", "next", "cursor")
_HOLDERS = ("cursors", "meta", "pagination", "paging", "page", "responsemetadata", "metadata", "links", "_links")
_LINKS = ("links", "_links")  # a next member under these is a link to the next page, not a bare cursor


def _plain(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def guess_paging(op: Operation, resolver: Resolver, records: str | None) -> PaginationConfig | None:
    """The cursor paging ``op``'s spec reads as, or None (not a GET list, or no cursor in or out)."""
    if op.method != "GET" or records is None:
        return None
    query = {_plain(str(p.get("name", ""))): p for p in op.parameters if p.get("in") == "query"}
    cursor = next((query[n] for n in _CURSOR_PARAMS if n in query), None)
    if cursor is None:
        return None
    members = list(_scalars(merged(op.success_schema or {}, resolver), resolver, (), records))
    members.sort(key=lambda member: any(_plain(p) in _LINKS for p in member[0][:-1]))  # a bare cursor before a link
    for name in _NEXT_NAMES:
        for path, schema in members:
            if _plain(path[-1]) == name and all(_plain(p) in _HOLDERS for p in path[:-1]):
                return _config(op, str(cursor["name"]), query, path, schema, resolver)
    return None


def _scalars(schema: dict[str, Any], resolver: Resolver, at: tuple[str, ...], records: str) -> Any:
    """The dot paths (as tuples) and schemas of the answer's non-array members, three deep at most."""
    for name, raw in (schema.get("properties") or {}).items():
        path, member = (*at, str(name)), merged(raw or {}, resolver)
        if ".".join(path) == records or type_of(member) == "array":
            continue
        if type_of(member) == "object" or member.get("properties"):
            if len(path) < 3:
                yield from _scalars(member, resolver, path, records)
        else:
            yield path, member


def _config(
    op: Operation, cursor: str, query: dict[str, Any], path: tuple[str, ...], member: dict[str, Any], resolver: Resolver
) -> PaginationConfig:
    size_param = next((query[n] for n in _SIZE_PARAMS if n in query), None)
    size_schema = merged((size_param or {}).get("schema") or {}, resolver)
    default, most = size_schema.get("default"), size_schema.get("maximum")
    size = default if isinstance(default, int) and default > 0 else 10
    max_size = most if isinstance(most, int) and most >= size else max(100, size)
    linked = any(_plain(p) in _LINKS for p in path[:-1]) or member.get("format") in ("uri", "url")
    return PaginationConfig(
        style="cursor_link" if linked else "cursor",
        size_param=str(size_param["name"]) if size_param else "limit",
        size=size,
        max_size=max_size,
        cursor_param=cursor,
        next_path=None if linked else ".".join(path),
        link_path=".".join(path),
        cursor_format="number" if type_of(member) == "integer" else "opaque",
        operations=(op.operation_id,),
    )
