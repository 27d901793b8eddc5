"""A page of a list answer, split into its envelope (parsed) and its records (left as raw JSON).

Records pass through Switchboard untouched, so they are neither parsed into Python objects
nor encoded again: msgspec finds where each one starts and ends, and the aggregated answer
is assembled from those bytes. Only the envelope (paging metadata, links) is parsed, because
the paginator reads the next pointer there.

The object holding the records is read in one pass (``_LEVEL``): list members stay raw, every
other member is parsed. Scanning a page is the paging loop's main cost and sits between one
page's arrival and the next page's request, so a second pass over the records is not made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from switchboard.errors import UpstreamProtocolError

_MEMBERS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ITEMS = msgspec.json.Decoder(list[msgspec.Raw])
# Every JSON type, lists left raw: one pass yields the records and the parsed envelope around them.
_SYNTAX = msgspec.json.Decoder(msgspec.Raw)
_LEVEL = msgspec.json.Decoder(dict[str, list[msgspec.Raw] | dict[str, Any] | str | int | float | bool | None])


@dataclass(slots=True)
class Page:
    """``document`` is the answer with its records list replaced by None; ``records`` are raw JSON."""

    document: Any
    records: list[msgspec.Raw]


def last_of(page: Page) -> bytes | None:
    """The page's last record as raw JSON (a cursor may be one of its fields), or None when it has none."""
    return bytes(page.records[-1]) if page.records else None


def split_page(body: bytes, records_path: str, number: int) -> Page:
    """Split one page at ``records_path`` (dot notation; empty when the page is the list itself)."""
    if not body.strip():
        # No content is no records: BigCommerce's v2 lists answer an empty list with 204.
        return Page({}, [])
    try:
        if not records_path or body.lstrip()[:1] == b"[":
            return Page([], _ITEMS.decode(body))
        document, records = _split(body, records_path.split("."), records_path, number)
        return Page(document, records)
    except msgspec.ValidationError as exc:
        if "out of range" in str(exc):  # 1e400, or more digits than an integer is read to
            raise UpstreamProtocolError(
                f"Page {number} of the answer holds a number too large to read (such as 1e400)", status=502
            ) from None
        raise _no_records(records_path, number) from None
    except RecursionError:
        # msgspec reads nesting on the C stack, skipped parts too: a page 10,000 arrays deep ends its reading.
        raise too_deep(f"Page {number} of the answer") from None
    except msgspec.DecodeError:
        kind = "HTML" if body.lstrip()[:1] == b"<" else "malformed or truncated JSON"
        raise UpstreamProtocolError(
            f"Page {number} of the answer is {kind}, not the JSON list this method expects", status=502
        ) from None


def _split(
    raw: bytes | msgspec.Raw, parts: list[str], path: str, number: int
) -> tuple[dict[str, Any], list[msgspec.Raw]]:
    head, rest = parts[0], parts[1:]
    if rest:
        members = _MEMBERS.decode(raw)
        if head not in members:
            raise _no_records(path, number)
        document: dict[str, Any] = {}
        records: list[msgspec.Raw] = []
        for key, value in members.items():  # key order kept: the answer looks like the provider's
            if key == head:
                document[key], records = _split(value, rest, path, number)
            else:
                document[key] = msgspec.json.decode(value)
        return document, records
    level = _LEVEL.decode(raw)
    found = level.get(head, None)
    if not isinstance(found, list):
        raise _no_records(path, number)
    for key, member in level.items():
        if isinstance(member, list) and key != head:  # another list: parsed like the rest of the envelope
            level[key] = [msgspec.json.decode(item) for item in member]
    level[head] = None
    return level, found


def too_deep(what: str) -> UpstreamProtocolError:
    """An answer nested past what JSON is read to (about a thousand levels, the interpreter's recursion limit)."""
    return UpstreamProtocolError(f"{what} nests arrays or objects too deeply to be read", status=502)


def _no_records(path: str, number: int) -> UpstreamProtocolError:
    return UpstreamProtocolError(f"Page {number} of the answer has no list of records at {path!r}", status=502)


def count_records(body: bytes, records_path: str) -> int | None:
    """How many records a single page holds, in the one pass that also checks its JSON syntax.

    Raises ``msgspec.DecodeError`` for broken JSON; None when the page has no list at the path.
    Members other than the path are skipped unparsed, records are left raw: as cheap as the
    syntax check it replaces.
    """
    try:
        if not records_path or body.lstrip()[:1] == b"[":
            return len(_ITEMS.decode(body))
        found: Any = _path_decoder(records_path).decode(body)
        for part in records_path.split("."):
            found = getattr(found, part) if found is not None else None
        return len(found) if found is not None else None
    except msgspec.ValidationError:  # not the shape the path says: the rest is still checked to be JSON
        _SYNTAX.decode(body)
        return None


_PATH_DECODERS: dict[str, msgspec.json.Decoder[Any]] = {}


def _path_decoder(records_path: str) -> msgspec.json.Decoder[Any]:
    """A decoder of nested structs with the path's members only (``data``, ``a.b``): the rest is skipped."""
    decoder = _PATH_DECODERS.get(records_path)
    if decoder is None:
        inner: Any = list[msgspec.Raw] | None
        for depth, part in enumerate(reversed(records_path.split("."))):
            inner = msgspec.defstruct(f"_At{depth}", [(part, inner, None)]) | None
        decoder = _PATH_DECODERS.setdefault(records_path, msgspec.json.Decoder(inner))
    return decoder
