"""The call log: ``/v1.0/calls``, ``/v1.0/calls/{requestId}``, ``/v1.0/account/connectors/{id}/calls``."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Annotated, Any, overload

from fastapi import APIRouter, Query

from switchboard.api.deps import AccountDep, PartnerDep, ServicesDep
from switchboard.api.schemas import Id, Schema
from switchboard.api.services import Services
from switchboard.errors import NotFound, RequestError
from switchboard.store.account_connectors import get_account_connector
from switchboard.store.calls import CallFilter, get_call, list_calls
from switchboard.store.models import CallRecord

router = APIRouter(tags=["Call log"])


class CallOut(Schema):
    request_id: str
    started_at: datetime
    account_id: str
    account_connector_id: int
    connector: str
    method_unique_identifier: str
    method_name: str
    kind: str
    status: int
    ok: bool
    error_type: str | None
    error: str | None
    upstream_status: int | None
    duration_ms: float
    requests: int
    pages: int
    records: int
    bytes: int
    retries: int
    throttled: int
    rate_limit_wait_ms: float


class CallDetail(CallOut):
    exchanges: list[Any] | None = None


class CallPage(Schema):
    calls: list[CallOut]
    next_cursor: str | None = None


StatusFilter = Annotated[str | None, Query(description="`ok`, `failed`, or an HTTP status such as `404`", max_length=8)]
MethodFilter = Annotated[str | None, Query(description="A MethodUniqueIdentifier", max_length=64)]
Since = Annotated[datetime | None, Query(description="Calls started at or after (ISO 8601)")]
Until = Annotated[datetime | None, Query(description="Calls started before (ISO 8601)")]
Cursor = Annotated[str | None, Query(description="NextCursor of the previous page", max_length=64)]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/v1.0/calls", response_model=CallPage)
async def list_calls_partner(
    svc: ServicesDep,
    partner: PartnerDep,
    status: StatusFilter = None,
    method: MethodFilter = None,
    since: Since = None,
    until: Until = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> CallPage:
    """The partner's method calls, newest first, across every account."""
    query = _filter(partner, None, status, method, since, until, cursor, limit)
    return await _page(svc, query)


@router.get("/v1.0/account/connectors/{connector_id}/calls", response_model=CallPage)
async def list_calls_account_connector(
    svc: ServicesDep,
    account: AccountDep,
    connector_id: Id,
    status: StatusFilter = None,
    method: MethodFilter = None,
    since: Since = None,
    until: Until = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> CallPage:
    """One account connector's method calls, newest first."""
    async with svc.db.session() as session:
        await get_account_connector(session, account.id, connector_id)  # 404 unless it is this account's
    query = _filter(account.partner_id, connector_id, status, method, since, until, cursor, limit)
    return await _page(svc, query)


@router.get("/v1.0/calls/{request_id}", response_model=CallDetail)
async def read_call(svc: ServicesDep, partner: PartnerDep, request_id: str) -> CallDetail:
    """One call with its exchanges (redacted as ``/test/`` redacts them, bodies cut), while they are kept."""
    await _written(svc)
    async with svc.db.session() as session:
        row = await get_call(session, partner, request_id)
    if row is None:
        raise NotFound("No such call in the call log: unknown, another partner's, or past its retention")
    return CallDetail(**_fields(row), exchanges=row.exchanges)


def _filter(
    partner: int,
    account_connector_id: int | None,
    status: str | None,
    method: str | None,
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    limit: int,
) -> CallFilter:
    ok: bool | None = None
    code: int | None = None
    if status in ("ok", "failed"):
        ok = status == "ok"
    elif status is not None:
        if not status.isdigit() or not 100 <= int(status) <= 599:
            raise RequestError("status must be ok, failed or an HTTP status (100-599)", TargetName="status")
        code = int(status)
    return CallFilter(
        partner_id=partner,
        account_connector_id=account_connector_id,
        ok=ok,
        status=code,
        method_id=method,
        since=_utc(since),
        until=_utc(until),
        before_id=_decode_cursor(cursor) if cursor else None,
        limit=limit,
    )


async def _written(svc: Services) -> None:
    # Read your own writes: calls this worker just answered are written before the log is read
    # (other workers' within their flush interval, a quarter of a second).
    if svc.recorder.writer is not None:
        await svc.recorder.writer.flush()


async def _page(svc: Services, query: CallFilter) -> CallPage:
    await _written(svc)
    async with svc.db.session() as session:
        rows = await list_calls(session, query)
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    cursor = _encode_cursor(rows[-1].id) if more and rows else None
    return CallPage(calls=[CallOut(**_fields(r)) for r in rows], next_cursor=cursor)


@overload
def _utc(moment: datetime) -> datetime: ...
@overload
def _utc(moment: None) -> None: ...
def _utc(moment: datetime | None) -> datetime | None:
    # Stored times are UTC (SQLite gives them back without an offset); a time without one is UTC too.
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _encode_cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"call:{row_id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = text.partition(":")
        if kind == "call" and number.isdigit() and 0 < int(number) < 2**31:
            return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise RequestError("cursor is not a NextCursor this API gave out", TargetName="cursor")


def _fields(row: CallRecord) -> dict[str, Any]:
    return {
        "request_id": row.request_id,
        "started_at": _utc(row.started_at),
        "account_id": row.account_api_id,
        "account_connector_id": row.account_connector_id,
        "connector": row.connector_key,
        "method_unique_identifier": row.method_id,
        "method_name": row.method_name,
        "kind": row.kind,
        "status": row.status,
        "ok": row.ok,
        "error_type": row.error_type,
        "error": row.error,
        "upstream_status": row.upstream_status,
        "duration_ms": row.duration_ms,
        "requests": row.requests,
        "pages": row.pages,
        "records": row.records,
        "bytes": row.bytes,
        "retries": row.retries,
        "throttled": row.throttled,
        "rate_limit_wait_ms": row.limiter_ms,
    }
