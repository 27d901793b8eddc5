"""Syncs of one account connector: state and last runs, run now (or read all again), pause, and the records feed."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import Response

from switchboard.console import render
from switchboard.console.routes.common import check_allowed, handle, show, to
from switchboard.console.session import ConsoleSession, current, services, to_sign_in
from switchboard.errors import Forbidden, InputError, NotFound
from switchboard.store import accounts as store_accounts
from switchboard.store.account_connectors import get_account_connector
from switchboard.syncs import manage, read_feed
from switchboard.syncs.feed import parse_cursor

router = APIRouter()
PAGE = "/console/accounts/{api_id}/connections/{connection_id}/syncs"
RECORDS = 25


def _page(api_id: str, connection_id: int) -> str:
    return f"/console/accounts/{quote(api_id, safe='')}/connections/{connection_id}/syncs"


@router.get(PAGE)
async def syncs(request: Request, api_id: str, connection_id: int) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    svc = services(request)
    chosen = request.query_params.get("sync", "")
    cursor = request.query_params.get("cursor", "")
    async with svc.db.session() as session:
        try:
            account = await store_accounts.get_account(session, who.partner_id, api_id)
            owner = await get_account_connector(session, account.id, connection_id)
        except NotFound:
            return show(request, who, "missing.html", title="Not found", what="That account connector", status=404)
        rows = await manage.list_syncs(session, owner.id)
        shown = next((r for r in rows if str(r.id) == chosen), None)
        feed = None
        if shown is not None:
            try:
                await check_allowed(request, who)
            except Forbidden as exc:
                return render.page("refused.html", status=403, message=exc.message)
            try:
                if parse_cursor(cursor) > shown.change_seq:
                    cursor = ""
            except InputError:
                cursor = ""
            feed = await read_feed(session, shown.id, cursor or None, RECORDS, None, latest=shown.change_seq)
    connector = svc.registry.by_key.get(owner.connector_key)
    defaults = [s for s in connector.definition.syncs if s.name not in {r.name for r in rows}] if connector else []
    return show(
        request,
        who,
        "syncs.html",
        title=f"Syncs of {owner.name}",
        account=account,
        owner=owner,
        page=_page(api_id, connection_id),
        account_page=f"/console/accounts/{quote(api_id, safe='')}",
        syncs=rows,
        defaults=defaults,
        shown=shown,
        feed=feed,
        cursor=cursor,
    )


@router.post(PAGE)
async def add_default(request: Request, api_id: str, connection_id: int) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        await check_allowed(request, who)  # a sync's runs call the provider, as a method call does
        async with svc.db.session() as session:
            account = await store_accounts.get_account(session, who.partner_id, api_id)
            owner = await get_account_connector(session, account.id, connection_id)
            connector = svc.registry.by_key.get(owner.connector_key)
            if connector is None:
                raise NotFound(f"Connector {owner.connector_key} is no longer available")
            spec = manage.default_spec(connector, form.get("default", "").strip()[:64])
            row = await manage.create(session, owner, connector, spec, enabled=True)
        svc.wake_syncs()
        return to(_page(api_id, connection_id), notice=f"Sync {row.name} turned on: its first run starts now.")

    return await handle(request, act, _page(api_id, connection_id))


@router.post(PAGE + "/{sync_id}/{action}")
async def act_on(request: Request, api_id: str, connection_id: int, sync_id: int, action: str) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        async with svc.db.session() as session:
            account = await store_accounts.get_account(session, who.partner_id, api_id)
            owner = await get_account_connector(session, account.id, connection_id)
            row = await manage.get_sync(session, owner.id, sync_id)
            connector = svc.registry.by_key.get(owner.connector_key)
            if action in ("run", "reset"):
                await check_allowed(request, who)
                manage.request_run(row, reset=action == "reset")
                notice = "Run requested." if action == "run" else "A run that reads everything again was requested."
            elif action in ("pause", "resume") and connector is not None:
                await manage.update_sync(session, row, connector, {}, enabled=action == "resume")
                notice = "Sync paused: no runs until it is resumed." if action == "pause" else "Sync resumed."
            elif action == "delete":
                await session.delete(row)
                notice = "Sync deleted, with the records it kept."
            else:
                raise InputError(f"Unknown action {action!r}")
        svc.wake_syncs()
        return to(_page(api_id, connection_id), notice=notice)

    return await handle(request, act, _page(api_id, connection_id))
