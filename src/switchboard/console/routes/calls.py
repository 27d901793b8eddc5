"""The call log: the partner's calls with filters and cursor pages, and one call with its exchanges."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import Response

from switchboard.console.routes.common import show
from switchboard.console.session import current, services, to_sign_in
from switchboard.errors import NotFound, RequestError
from switchboard.numbers import is_digits
from switchboard.observability.queries import call_filter, read_call, read_page

router = APIRouter()
PAGE = "/console/calls"
PER_PAGE = 50
# What the filter form may carry, each cut to a sane length (the API's own limits or less).
FILTERS = {"status": 8, "code": 3, "method": 64, "since": 32, "until": 32, "connection": 12}


@router.get(PAGE)
async def calls(request: Request) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    chosen = {k: request.query_params.get(k, "").strip()[:n] for k, n in FILTERS.items()}
    cursor = request.query_params.get("cursor", "")[:64] or None
    svc = services(request)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        since, until = _moment(chosen["since"], "since"), _moment(chosen["until"], "until")
        # Shown back in UTC, as the boxes are labelled: a link may carry another offset (or Z).
        chosen.update({k: _box(m) for k, m in (("since", since), ("until", until)) if m is not None})
        query = call_filter(
            who.partner_id,
            _number(chosen["connection"], "connection"),
            chosen["code"] or chosen["status"] or None,  # a status code typed in is the narrower filter
            chosen["method"] or None,
            since,
            until,
            cursor,
            PER_PAGE,
        )
    except RequestError as exc:
        return show(
            request,
            who,
            "calls.html",
            status=400,
            title="Call log",
            chosen=chosen,
            calls=[],
            refused=exc.message,
            now=now,
        )
    found = await read_page(svc.db, svc.recorder, query)
    kept = {k: v for k, v in chosen.items() if v}
    older = f"{PAGE}?{urlencode({**kept, 'cursor': found.next_cursor})}" if found.next_cursor else None
    return show(
        request,
        who,
        "calls.html",
        title="Call log",
        chosen=chosen,
        calls=found.calls,
        older=older,
        first=f"{PAGE}?{urlencode(kept)}" if cursor else None,
        now=now,
    )


@router.get(PAGE + "/{request_id}")
async def call(request: Request, request_id: str) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    svc = services(request)
    try:
        row = await read_call(svc.db, svc.recorder, who.partner_id, request_id[:128])
    except NotFound:
        return show(request, who, "missing.html", title="Not found", what="That call", status=404)
    return show(request, who, "call.html", title=f"Call {row.request_id}", call=row)


def _number(value: str, name: str) -> int | None:
    if not value:
        return None
    if not is_digits(value) or not 0 < int(value) < 2**31:
        raise RequestError(f"{name} must be an account connector id (a positive number)", TargetName=name)
    return int(value)


def _moment(value: str, name: str) -> datetime | None:
    """A ``datetime-local`` value (or any ISO 8601 time) in UTC; without an offset it is UTC, never the
    browser's or the server's local time."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except ValueError:
        raise RequestError(f"{name} must be a date and time in UTC such as 2026-01-31T09:30", TargetName=name) from None
    except OverflowError:  # 0001-01-01T00:00+05:00: before year 1 in UTC
        raise RequestError(f"{name} is outside the years 1 to 9999 once in UTC", TargetName=name) from None


def _box(moment: datetime) -> str:
    """A UTC moment as a ``datetime-local`` box shows it (no offset: the label says UTC)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S")
