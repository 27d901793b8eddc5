"""The records feed: a sync's record changes after a cursor, oldest first.

A cursor is the change number of the last change read (each change of a sync takes its own
number, ``ledger``). A record changed again moves to a later number, so it is read once more, in
its newest state; numbers are taken in the order changes commit, so paging while a run writes
misses nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec
import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.errors import InputError
from switchboard.store.sync_models import SyncRecord

ACTIONS = ("added", "updated", "deleted")
MAX_LIMIT = 1_000
_CURSOR = re.compile(r"^[0-9]{1,10}$")  # ASCII digits: \d takes fullwidth ones too
# Change numbers are 32-bit (``SyncRecord.seq``): a larger cursor was never given, and PostgreSQL cannot compare one.
MAX_CURSOR = 2**31 - 1


@dataclass(frozen=True, slots=True)
class FeedPage:
    rows: list[SyncRecord]
    next_cursor: str
    has_more: bool

    @property
    def records(self) -> list[dict[str, Any]]:
        """The records parsed (the console's page shows them)."""
        return [record_out(r) for r in self.rows]

    def json(self) -> bytes:
        """The API's answer, each record's JSON as the provider sent it: never parsed and written again, which
        would turn an integer past 64 bits into a float and refuse nesting past 254 levels."""
        more = b"true" if self.has_more else b"false"
        records = b",".join(record_json(r) for r in self.rows)
        return (
            b'{"Records":['
            + records
            + b'],"NextCursor":'
            + orjson.dumps(self.next_cursor)
            + b',"HasMore":'
            + more
            + b"}"
        )


def parse_cursor(text: str | None) -> int:
    if text is None or text == "":
        return 0
    if _CURSOR.match(text) is None or int(text) > MAX_CURSOR:
        raise InputError("cursor is not one this feed gave: pass the NextCursor of the previous answer, or none")
    return int(text)


def parse_changes(text: str | None) -> tuple[str, ...]:
    if not text:
        return ACTIONS
    wanted = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [w for w in wanted if w not in ACTIONS]
    if unknown or not wanted:
        raise InputError(f"changes must list some of {', '.join(ACTIONS)}; unknown: {', '.join(unknown) or 'none'}")
    return wanted


def cursor_of(seq: int) -> str:
    return str(seq)


async def read_feed(
    session: AsyncSession, sync_id: int, cursor: str | None, limit: int, changes: str | None, *, latest: int
) -> FeedPage:
    """Up to ``limit`` changes after ``cursor``; ``changes`` names which actions (default all); ``latest`` is the
    sync's newest change number, past which no cursor was ever given (another sync's, or one made up)."""
    if limit < 1 or limit > MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}")
    seq = parse_cursor(cursor)
    if seq > latest:
        raise InputError(
            f"cursor {seq} is ahead of this sync's feed, whose latest change is {latest}: it is another sync's or "
            "made up; pass the NextCursor of the previous answer, or none"
        )
    actions = parse_changes(changes)
    rows = (
        (
            await session.execute(
                select(SyncRecord)
                .where(
                    SyncRecord.sync_id == sync_id,
                    SyncRecord.seq > seq,
                    SyncRecord.action.in_(actions),
                )
                .order_by(SyncRecord.seq)
                .limit(limit + 1)
            )
        )
        .scalars()
        .all()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    last = cursor_of(rows[-1].seq) if rows else cursor_of(seq)
    return FeedPage(list(rows), last, more)


def record_out(row: SyncRecord) -> dict[str, Any]:
    """The provider's JSON with Switchboard's metadata under ``_switchboard`` (a deleted record: its last JSON)."""
    # msgspec, as the run read it: an integer past 64 bits stays one (orjson reads it as a float).
    body: Any = msgspec.json.decode(row.payload) if row.payload is not None else None
    if isinstance(body, dict):
        return {**body, "_switchboard": _meta(row)}
    return {"Data": body, "_switchboard": _meta(row)}


# A record's member names, their values left unread.
_TOP_LEVEL = msgspec.json.Decoder(dict[str, msgspec.Raw])


def record_json(row: SyncRecord) -> bytes:
    """``record_out`` as JSON, the payload's bytes kept as they are where it can be: a JSON object without a
    ``_switchboard`` member of its own gains ours before its closing brace; any other value is ``Data``."""
    meta = orjson.dumps(_meta(row))
    payload = (row.payload or "null").encode().strip()
    if payload[:1] != b"{":
        return b'{"Data":' + payload + b',"_switchboard":' + meta + b"}"
    # The provider's own member of that name, however escaped (\u005f...), is replaced as in the parsed form; the
    # byte test spares most records the read of their member names (a name holding no escape is written plainly).
    maybe = b'"_switchboard"' in payload or b"\\u" in payload
    if maybe and "_switchboard" in _TOP_LEVEL.decode(payload):
        return msgspec.json.encode(record_out(row))
    inner = payload[1:-1].strip()
    return b"{" + inner + (b"," if inner else b"") + b'"_switchboard":' + meta + b"}"


def _meta(row: SyncRecord) -> dict[str, Any]:
    return {
        "Key": row.key,
        "Action": row.action,
        "FirstSeenAt": _iso(row.first_seen_at),
        "LastModifiedAt": _iso(row.modified_at),
        "DeletedAt": _iso(row.deleted_at),
        "Cursor": cursor_of(row.seq),
    }


def _iso(epoch: float | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")
