"""Call log queries: batched inserts, filtered cursor pages, one call, retention."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.store.models import CallRecord


@dataclass(frozen=True, slots=True)
class CallFilter:
    """What a call log listing asks for; ``before_id`` is the cursor (rows with a smaller id)."""

    partner_id: int
    account_connector_id: int | None = None
    ok: bool | None = None
    status: int | None = None
    method_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None
    limit: int = 50


async def insert_calls(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """One multi-row insert for a batch of calls."""
    if rows:
        await session.execute(insert(CallRecord), list(rows))


async def list_calls(session: AsyncSession, f: CallFilter) -> list[CallRecord]:
    """Newest first; one more row than ``limit`` tells the caller there is a next page."""
    query = select(CallRecord).where(CallRecord.partner_id == f.partner_id)
    if f.account_connector_id is not None:
        query = query.where(CallRecord.account_connector_id == f.account_connector_id)
    if f.ok is not None:
        query = query.where(CallRecord.ok == f.ok)
    if f.status is not None:
        query = query.where(CallRecord.status == f.status)
    if f.method_id is not None:
        query = query.where(CallRecord.method_id == f.method_id)
    if f.since is not None:
        query = query.where(CallRecord.started_at >= f.since)
    if f.until is not None:
        query = query.where(CallRecord.started_at < f.until)
    if f.before_id is not None:
        query = query.where(CallRecord.id < f.before_id)
    query = query.order_by(CallRecord.id.desc()).limit(f.limit + 1)
    return list((await session.scalars(query)).all())


async def get_call(session: AsyncSession, partner_id: int, request_id: str) -> CallRecord | None:
    query = (
        select(CallRecord)
        .where(CallRecord.partner_id == partner_id, CallRecord.request_id == request_id)
        .order_by(CallRecord.id.desc())
        .limit(1)
    )
    return (await session.scalars(query)).first()


async def expire_calls(session: AsyncSession, now: datetime) -> tuple[int, int]:
    """Drop rows past their window and exchanges past theirs: (rows deleted, exchanges dropped)."""
    deleted = await session.execute(delete(CallRecord).where(CallRecord.expires_at < now))
    trimmed = await session.execute(
        update(CallRecord)
        .where(CallRecord.exchanges_expire_at < now, CallRecord.exchanges.is_not(None))
        .values(exchanges=None)
    )
    return int(getattr(deleted, "rowcount", 0) or 0), int(getattr(trimmed, "rowcount", 0) or 0)
