"""Call log queries: bulk inserts (one ``executemany`` a batch), filtered cursor pages, one call, retention."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

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


# The columns of a call log row, in the table's order: the call log writer builds each row as a tuple in this order.
CALL_COLUMNS = (
    "request_id", "partner_id", "account_api_id", "account_connector_id", "connector_key", "method_id",
    "method_name", "kind", "status", "ok", "error", "error_type", "upstream_status", "started_at", "duration_ms",
    "requests", "pages", "records", "bytes", "retries", "throttled", "limiter_ms", "exchanges",
    "exchanges_expire_at", "expires_at",
)  # fmt: skip


class CallInserter:
    """Rows as tuples, written with one driver ``executemany`` per batch, or one ``COPY`` on PostgreSQL.

    The statement and each column's bind processor (dates as SQLite text, JSON through the engine's
    serializer) are compiled once for the connection's dialect, so a batch costs the driver's loop
    and a few conversions per row, not Core's per-row parameter handling.
    """

    def __init__(self, dialect: Dialect) -> None:
        compiled = insert(CallRecord).compile(dialect=dialect, column_keys=list(CALL_COLUMNS))
        if tuple(compiled.positiontup or ()) != CALL_COLUMNS:  # a dialect with named parameters
            raise RuntimeError(f"call log inserts need a positional driver, not {dialect.name}'s")
        self.sql = compiled.string
        self._copy = dialect.name == "postgresql" and dialect.driver == "asyncpg"
        columns = CallRecord.__table__.c
        processors = [_processor(columns[name].type.dialect_impl(dialect), dialect) for name in CALL_COLUMNS]
        self._processed: list[tuple[int, Callable[[Any], Any]]] = [
            (i, p) for i, p in enumerate(processors) if p is not None
        ]

    async def insert(self, connection: AsyncConnection, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        params = []
        for row in rows:
            values = list(row)
            for i, process in self._processed:  # None too, as Core does (JSON's None is stored as JSON null)
                values[i] = process(values[i])
            params.append(tuple(values))
        if self._copy:
            # PostgreSQL through asyncpg: COPY (binary) beats even a pipelined executemany.
            raw = await connection.get_raw_connection()
            await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
                CallRecord.__tablename__, records=params, columns=CALL_COLUMNS
            )
            return
        await connection.exec_driver_sql(self.sql, params)


def _processor(impl: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column's bind processor; SQLite's dates by ``isoformat`` (a C call): three a row, each 5 us in
    SQLAlchemy's %-format, the writer process's largest cost per row. The same text (a unit test compares)."""
    if isinstance(impl, SQLITE_DATETIME) and impl._storage_format == SQLITE_DATETIME._storage_format:
        return _sqlite_datetime
    processor: Callable[[Any], Any] | None = impl.bind_processor(dialect)
    return processor


def _sqlite_datetime(value: datetime | None) -> str | None:
    # SQLAlchemy's SQLite format writes the fields as they are, ignoring any zone, microseconds always: the
    # first 26 characters of isoformat, whatever offset follows (no copy of the datetime without its zone).
    return None if value is None else value.isoformat(" ", "microseconds")[:26]


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
