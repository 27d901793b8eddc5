"""Incoming provider webhooks: what arrived, whether it was verified, and where it was forwarded."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from switchboard.console.routes.common import show
from switchboard.console.session import current, services, to_sign_in
from switchboard.numbers import is_digits
from switchboard.store.hooks import destinations, list_events

router = APIRouter()
PAGE = "/console/hooks"
SHOWN = 100


@router.get(PAGE)
async def incoming(request: Request) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    raw = request.query_params.get("connection", "").strip()[:12]
    connection = int(raw) if is_digits(raw) and 0 < int(raw) < 2**31 else None
    async with services(request).db.session() as session:
        rows = await list_events(session, who.partner_id, account_connector_id=connection, limit=SHOWN)
        sent = await destinations(session, [r.forwarded_event_id for r in rows if r.forwarded_event_id])
    events = [
        {
            "id": r.id,
            "received_at": r.received_at,
            "connector": r.connector_key,
            "connection": r.account_connector_id,
            "type": r.event_type or "",
            "provider_id": r.provider_event_id or "",
            "verified": r.verified,
            "status": r.status,
            "refusal": r.refusal or "",
            "forwarded_as": r.forwarded_event_id or "",
            "to": sent.get(r.forwarded_event_id or "", []),
        }
        for r in rows
    ]
    return show(request, who, "hooks.html", title="Incoming events", events=events, connection=connection)
