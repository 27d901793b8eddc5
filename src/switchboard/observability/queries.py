"""Reading the call log: filters from what a caller typed, cursor pages, one call (the API and the console)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import overload

from switchboard.errors import NotFound, RequestError
from switchboard.numbers import is_digits
from switchboard.observability.recorder import Recorder
from switchboard.store.calls import CallFilter, get_call, list_calls
from switchboard.store.db import Database
from switchboard.store.models import CallRecord


@dataclass(frozen=True, slots=True)
class CallPage:
    """One page of calls, newest first, and the cursor of the next (None on the last page)."""

    calls: list[CallRecord]
    next_cursor: str | None


def call_filter(
    partner: int,
    account_connector_id: int | None,
    status: str | None,
    method: str | None,
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    limit: int,
) -> CallFilter:
    """``status`` is ``ok``, ``failed`` or an HTTP status; anything else is a ``RequestError`` naming it."""
    ok: bool | None = None
    code: int | None = None
    if status in ("ok", "failed"):
        ok = status == "ok"
    elif status is not None:
        if not is_digits(status) or not 100 <= int(status) <= 599:
            raise RequestError("status must be ok, failed or an HTTP status (100-599)", TargetName="status")
        code = int(status)
    return CallFilter(
        partner_id=partner,
        account_connector_id=account_connector_id,
        ok=ok,
        status=code,
        method_id=method,
        since=_in_utc(since, "since"),
        until=_in_utc(until, "until"),
        before_id=decode_cursor(cursor) if cursor else None,
        limit=limit,
    )


async def read_page(db: Database, recorder: Recorder, query: CallFilter) -> CallPage:
    await _written(recorder)
    async with db.session() as session:
        rows = await list_calls(session, query)
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    return CallPage(rows, encode_cursor(rows[-1].id) if more and rows else None)


NO_SUCH_CALL = "No such call in the call log: unknown, another partner's, or past its retention"


async def read_call(db: Database, recorder: Recorder, partner: int, request_id: str) -> CallRecord:
    """The partner's call by request id; another partner's is as unknown as a made-up one."""
    await _written(recorder)
    async with db.session() as session:
        row = await get_call(session, partner, request_id)
    if row is None:
        raise NotFound(NO_SUCH_CALL)
    return row


async def _written(recorder: Recorder) -> None:
    # Read your own writes: calls this worker just answered are written before the log is read
    # (other workers' within their flush interval, a quarter of a second).
    if recorder.writer is not None:
        await recorder.writer.flush()


@overload
def utc(moment: datetime) -> datetime: ...
@overload
def utc(moment: None) -> None: ...
def utc(moment: datetime | None) -> datetime | None:
    # Stored times are UTC (SQLite gives them back without an offset); a time without one is UTC too.
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _in_utc(moment: datetime | None, name: str) -> datetime | None:
    """``utc``, or a ``RequestError`` for a time whose UTC falls outside years 1-9999 (Python cannot hold it)."""
    try:
        return utc(moment)
    except OverflowError:
        raise RequestError(
            f"{name} is outside the years 1 to 9999 once in UTC: give a time such as 2026-01-31T09:30:00Z",
            TargetName=name,
        ) from None


def encode_cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"call:{row_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = text.partition(":")
        if kind == "call" and is_digits(number) and 0 < int(number) < 2**31:
            return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise RequestError("cursor is not a NextCursor this API gave out", TargetName="cursor")
