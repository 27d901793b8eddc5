"""The call log: ``/v1.0/calls``, ``/v1.0/calls/{requestId}``, ``/v1.0/account/connectors/{id}/calls``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import AccountDep, PartnerAccessDep, PartnerDep, ServicesDep
from switchboard.api.schemas import ExchangeOut, Id, Schema
from switchboard.api.services import Services
from switchboard.errors import NotFound
from switchboard.numbers import is_digits
from switchboard.observability import queries
from switchboard.observability.queries import NO_SUCH_CALL, call_filter, utc
from switchboard.store.account_connectors import get_account_connector
from switchboard.store.calls import CallFilter
from switchboard.store.models import CallRecord

router = APIRouter(tags=["Call log"], route_class=JsonRoute)


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
    # /test/'s shape (engine/trace.py makes both): typed, so a client reads them without a cast; None once dropped.
    exchanges: list[ExchangeOut] | None


class CallPage(Schema):
    calls: list[CallOut]
    next_cursor: str | None = None


StatusFilter = Annotated[str | None, Query(description="`ok`, `failed`, or an HTTP status such as `404`", max_length=8)]
MethodFilter = Annotated[str | None, Query(description="A MethodUniqueIdentifier, or a method's Id", max_length=64)]
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
    query = call_filter(partner, None, status, _unique_id(svc, method), since, until, cursor, limit)
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
    query = call_filter(account.partner_id, connector_id, status, _unique_id(svc, method), since, until, cursor, limit)
    return await _page(svc, query)


@router.get("/v1.0/calls/{request_id}", response_model=CallDetail)
async def read_call(svc: ServicesDep, partner: PartnerAccessDep, request_id: str) -> CallDetail:
    """One call with its exchanges (redacted as ``/test/`` redacts them, bodies cut), while they are kept.

    A token restricted to one account reads that account's calls only; others are as unknown as made-up ids.
    """
    row = await queries.read_call(svc.db, svc.recorder, partner.id, request_id)
    if partner.account is not None and row.account_api_id != partner.account:
        raise NotFound(NO_SUCH_CALL)
    return CallDetail(**_fields(row), exchanges=row.exchanges)


async def _page(svc: ServicesDep, query: CallFilter) -> CallPage:
    found = await queries.read_page(svc.db, svc.recorder, query)
    return CallPage(calls=[CallOut(**_fields(r)) for r in found.calls], next_cursor=found.next_cursor)


def _fields(row: CallRecord) -> dict[str, Any]:
    return {
        "request_id": row.request_id,
        "started_at": utc(row.started_at),
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


def _unique_id(svc: Services, method: str | None) -> str | None:
    """The call log keeps each call's MethodUniqueIdentifier; a method's numeric Id is read as its own."""
    if method is None or not is_digits(method):
        return method
    try:
        return svc.registry.method(int(method))[1].unique_id
    except NotFound:
        return method  # no such method: nothing matches, as for an unknown MethodUniqueIdentifier
