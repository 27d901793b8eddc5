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
    records: list[dict[str, Any]]
    next_cursor: str
    has_more: bool


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
    records = [record_out(r) for r in rows]
    last = cursor_of(rows[-1].seq) if rows else cursor_of(seq)
    return FeedPage(records, last, more)


def record_out(row: SyncRecord) -> dict[str, Any]:
    """The provider's JSON with Switchboard's metadata under ``_switchboard`` (a deleted record: its last JSON)."""
    body: Any = orjson.loads(row.payload) if row.payload is not None else None
    meta = {
        "Key": row.key,
        "Action": row.action,
        "FirstSeenAt": _iso(row.first_seen_at),
        "LastModifiedAt": _iso(row.modified_at),
        "DeletedAt": _iso(row.deleted_at),
        "Cursor": cursor_of(row.seq),
    }
    if isinstance(body, dict):
        return {**body, "_switchboard": meta}
    return {"Data": body, "_switchboard": meta}


def _iso(epoch: float | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")
