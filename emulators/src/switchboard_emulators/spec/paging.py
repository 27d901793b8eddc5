"""List answers paged in one of the four styles Switchboard pages with (see ``config.PaginationConfig``)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from switchboard_emulators.spec.config import PaginationConfig
from switchboard_emulators.spec.document import Operation

# Where ``page`` puts a ``link_header`` style's next link among the pointers (no body path looks so).
LINK_HEADER = "<Link>"


def get_path(document: Any, path: str) -> Any:
    """The value at a dot path, or None."""
    node = document
    for part in path.split(".") if path else []:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def put_path(document: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at a dot path, making the objects on the way."""
    *parents, last = path.split(".")
    node = document
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[last] = value


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(token: str) -> int | None:
    """The offset a cursor stands for; None for a cursor the emulator never issued."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    kind, _, number = text.partition(":")
    return int(number) if kind == "o" and number.isdigit() else None


def issue_cursor(config: PaginationConfig, offset: int) -> Any:
    """The cursor for the page that starts at ``offset``: a whole number where the API's is one (Figma's)."""
    return offset if config.cursor_format == "number" else encode_cursor(offset)


class PageError(ValueError):
    """A paging parameter the emulator cannot honour (a cursor it never issued, a page below 1)."""


def page(
    config: PaginationConfig, records: list[Any], query: Mapping[str, str], path: str
) -> tuple[list[Any], dict[str, Any]]:
    """The records of the asked page and a function-free description of where the pointers go.

    Returns ``(records, pointers)``; ``pointers`` maps a dot path to its value, or to ``...`` for
    "this is the last page" (the caller drops or empties that pointer).
    """
    size = _int(query.get(config.size_param), config.size, "size")
    size = max(1, min(size, config.max_size))
    pointers: dict[str, Any] = {}
    numbered = config.style == "page_number" or (config.style == "link_header" and config.link_pages)
    if numbered:
        first = config.first_page
        number = _int(query.get(config.page_param), first, config.page_param)
        if number < first:
            raise PageError(f"{config.page_param} must be {first} or more")
        start = (number - first) * size
        more = start + size < len(records)
        if config.style == "link_header":
            pointers[LINK_HEADER] = _link(config, query, path, size, str(number + 1), more)
        elif config.next_path:
            pointers[config.next_path] = number + 1 if more else ...
        if config.total_path and config.style == "page_number":
            pointers[config.total_path] = len(records)  # Smartsheet's totalCount beside numbered pages
    else:
        start = _start(config, query, records)
        more = start + size < len(records)
        nxt = start + size
        if config.style == "cursor_link":
            args = [(k, v) for k, v in query.items() if k not in (config.cursor_param, config.size_param)]
            args += [(config.size_param, str(size)), (config.cursor_param, str(issue_cursor(config, nxt)))]
            pointers[config.link_path] = f"{path}?{urlencode(args)}" if more else ...
        elif config.style == "link_header":
            pointers[LINK_HEADER] = _link(config, query, path, size, str(issue_cursor(config, nxt)), more)
        elif config.style == "cursor" and config.cursor_field:
            pointers[config.more_path or "has_more"] = more  # the client sends the last record's field
        elif config.style == "cursor" and (config.end_path or config.more_path):
            # A cursor on every page, and a flag that says the last (Zendesk's end_of_stream) or that more follow
            # (Figma's next_page).
            pointers[config.next_path or "next_cursor"] = issue_cursor(config, min(nxt, len(records)))
            if config.end_path:
                pointers[config.end_path] = not more
            if config.more_path:
                pointers[config.more_path] = more
        elif config.style == "cursor":
            pointers[config.next_path or "next_cursor"] = issue_cursor(config, nxt) if more else ...
        else:
            if config.next_path:
                pointers[config.next_path] = nxt if more else ...
            if config.more_path:
                pointers[config.more_path] = more
            if config.total_path:
                pointers[config.total_path] = len(records)
    return records[start : start + size], pointers


def _link(config: PaginationConfig, query: Mapping[str, str], path: str, size: int, token: str, more: bool) -> Any:
    """The ``Link`` header's value for the next page (``path`` carries the origin), or ``...`` for none."""
    cursor = config.page_param if config.link_pages else config.cursor_param
    args = [(k, v) for k, v in query.items() if k not in (cursor, config.size_param)]
    args += [(config.size_param, str(size)), (cursor, token)]
    if config.link_results:  # Sentry: a next link on every page, saying whether anything is there
        more_text = "true" if more else "false"
        return f'<{path}?{urlencode(args)}>; rel="next"; results="{more_text}"; cursor="{token}"'
    return f'<{path}?{urlencode(args)}>; rel="next"' if more else ...


def _start(config: PaginationConfig, query: Mapping[str, str], records: list[Any]) -> int:
    if config.style == "offset":
        start = _int(query.get(config.offset_param), 0, config.offset_param)
        if start < 0:
            raise PageError(f"{config.offset_param} must be 0 or more")
        return start
    token = query.get(config.cursor_param)
    if not token:
        return 0
    if config.cursor_field:  # Stripe's starting_after: the page after the record of that id
        index = next(
            (i for i, r in enumerate(records) if isinstance(r, dict) and r.get(config.cursor_field) == token), None
        )
        if index is None:
            raise PageError(f"{config.cursor_param} {token!r} names no record of this list")
        return index + 1
    decoded = _int(token, 0, config.cursor_param) if config.cursor_format == "number" else decode_cursor(token)
    if decoded is None or decoded < 0:
        raise PageError(f"{config.cursor_param} {token!r} is not a cursor this API issued")
    return decoded


def _int(value: str | None, default: int, name: str) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise PageError(f"{name} must be a whole number, not {value!r}") from None


def from_start(op: Operation, paging: PaginationConfig, query: Mapping[str, str]) -> Mapping[str, str]:
    """The query, its cursor taken as the list's start when the operation requires one it never issued.

    Drive's ``changes.list`` requires a ``pageToken`` that ``changes.getStartPageToken`` hands out:
    a start position from elsewhere, not a page of this list; an optional cursor stays checked.
    """
    token = query.get(paging.cursor_param)
    required = any(p.get("name") == paging.cursor_param and p.get("in") == "query" and p.get("required")
                   for p in op.parameters)  # fmt: skip
    if paging.style != "cursor" or not token or not required or decode_cursor(token) is not None:
        return query
    return {k: v for k, v in query.items() if k != paging.cursor_param}
