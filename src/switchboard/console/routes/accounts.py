"""Accounts: list, create, rename, delete; their connectors, installing and connecting them."""

from __future__ import annotations

import uuid
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from switchboard.connections import setup
from switchboard.connections.auth_value import api_key_credentials
from switchboard.connections.offer import has_app
from switchboard.console import views
from switchboard.console.routes.common import handle, show, to
from switchboard.console.session import ConsoleSession, current, services, to_sign_in
from switchboard.errors import InputError, NotFound, SwitchboardError
from switchboard.store import accounts as store_accounts
from switchboard.store.account_connectors import get_account_connector, list_account_connectors
from switchboard.store.models import AccountConnector
from switchboard.store.oauth import all_settings, create_sign_in_token

router = APIRouter()


def _page(api_id: str) -> str:
    return f"/console/accounts/{quote(api_id, safe='')}"


@router.get("/console/accounts")
async def accounts(request: Request) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    async with services(request).db.session() as session:
        rows = await store_accounts.list_accounts(session, who.partner_id)
    return show(request, who, "accounts.html", title="Accounts", accounts=rows)


@router.post("/console/accounts")
async def create_account(request: Request) -> Response:
    async def create(who: ConsoleSession, form: dict[str, str]) -> str:
        name = form.get("name", "").strip()
        api_id = form.get("api_id", "").strip() or str(uuid.uuid4())
        if not name or len(name) > 200:
            raise InputError("Give the account a name (up to 200 characters)")
        if len(api_id) > 64:
            raise InputError("The API ID is at most 64 characters")
        async with services(request).db.session() as session:
            await store_accounts.create_account(
                session, who.partner_id, api_id=api_id, name=name, description="", timezone="UTC"
            )
        return to(_page(api_id), notice=f"Account {name} created.")

    return await handle(request, create, "/console/accounts")


@router.get("/console/accounts/{api_id}")
async def account(request: Request, api_id: str) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    svc = services(request)
    async with svc.db.session() as session:
        try:
            found = await store_accounts.get_account(session, who.partner_id, api_id)
        except NotFound:
            return show(request, who, "missing.html", title="Not found", what="That account", status=404)
        rows = await list_account_connectors(session, found.id)
        settings = await all_settings(session, who.partner_id)
    connections = [
        views.connection_view(r, svc.registry.by_key.get(r.connector_key), has_app(settings.get(r.connector_key)))
        for r in rows
    ]
    return show(
        request,
        who,
        "account.html",
        title=found.name,
        account=found,
        page=_page(api_id),
        connections=connections,
        library=svc.registry.connectors,
    )


@router.post("/console/accounts/{api_id}/rename")
async def rename(request: Request, api_id: str) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        name = form.get("name", "").strip()
        if not name or len(name) > 200:
            raise InputError("Give the account a name (up to 200 characters)")
        async with services(request).db.session() as session:
            (await store_accounts.get_account(session, who.partner_id, api_id)).name = name
        return to(_page(api_id), notice="Account renamed.")

    return await handle(request, act, _page(api_id))


@router.post("/console/accounts/{api_id}/delete")
async def delete(request: Request, api_id: str) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        async with svc.db.session() as session:
            await store_accounts.delete_account(session, who.partner_id, api_id)
        svc.connections.writes.forget_all()  # its account connectors went with it
        return to("/console/accounts", notice=f"Account {api_id} deleted.")

    return await handle(request, act, _page(api_id))


@router.post("/console/accounts/{api_id}/install")
async def install(request: Request, api_id: str) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        try:
            connector = svc.registry.connector(int(form.get("connector_id", "0")))
        except (ValueError, SwitchboardError):
            raise InputError("Choose a connector from the library") from None
        async with svc.db.session() as session:
            found = await store_accounts.get_account(session, who.partner_id, api_id)
        api_key = form.get("api_key", "").strip() or None
        row = await setup.install(
            svc.db,
            svc.secrets,
            svc.connections.writes,
            connector,
            partner_id=who.partner_id,
            account_id=found.id,
            name=form.get("name", "").strip()[:200] or None,
            description="",
            auth_value=api_key,
            properties=views.parse_properties(form.get("properties", "")[:4000]),
            checks=svc.connections.checks,
        )
        return to(_page(api_id), notice=f"{connector.definition.name} installed{_unverified(row)}.")

    return await handle(request, act, _page(api_id))


@router.post("/console/accounts/{api_id}/connections/{connection_id}/apikey")
async def api_key(request: Request, api_id: str, connection_id: int) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        key = form.get("api_key", "").strip()
        if not key or len(key) > 10_000:
            raise InputError("Enter the API key")
        async with svc.db.session() as session:
            found = await store_accounts.get_account(session, who.partner_id, api_id)
            row = await get_account_connector(session, found.id, connection_id)
            connector = svc.registry.by_key.get(row.connector_key)
            if connector is None or connector.definition.auth_of("api_key") is None:
                raise InputError("This connector does not take an API key; connect it with OAuth")
            svc.connections.writes.forget(row.id)
            credentials = api_key_credentials(connector.definition, key)
            checks = svc.connections.checks
            await setup.save_checked(
                session, svc.connections.writes, checks, connector, row, credentials, who.partner_id
            )
        checked = " (checked with the provider)" if row.verified else _unverified(row)
        return to(_page(api_id), notice=f"API key saved: connected{checked}.")

    return await handle(request, act, _page(api_id))


@router.post("/console/accounts/{api_id}/connections/{connection_id}/delete")
async def uninstall(request: Request, api_id: str, connection_id: int) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        async with svc.db.session() as session:
            found = await store_accounts.get_account(session, who.partner_id, api_id)
            await svc.connections.writes.deleted(session, await get_account_connector(session, found.id, connection_id))
        return to(_page(api_id), notice="Connector removed.")

    return await handle(request, act, _page(api_id))


@router.post("/console/accounts/{api_id}/connections/{connection_id}/oauth")
async def oauth(request: Request, api_id: str, connection_id: int) -> Response:
    """On to the same sign-in the API hands end users (a fresh single-use token), in the popup."""

    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        async with svc.db.session() as session:
            found = await store_accounts.get_account(session, who.partner_id, api_id)
            await get_account_connector(session, found.id, connection_id)  # 404 for another's id
            token = await create_sign_in_token(session, found.id)
        return sign_in_url(svc.settings.public_url, connection_id, token, _page(api_id))

    response = await handle(request, act, _page(api_id))
    return _external(response)


def _unverified(row: AccountConnector) -> str:
    """What the notice adds when the key was saved without its check (the provider unreachable)."""
    if row.verified is not False:
        return ""
    return f"; its credentials are NOT verified, the check could not be made ({row.verification_error})"


def sign_in_url(public_url: str, connection_id: int, token: str, back_path: str, *, popup: bool = True) -> str:
    """The OAuth sign-in that ends by telling the opener (a popup); without ``popup``, by going to ``back_path``
    with ``AccountConnectorId`` and ``Status`` added (popups blocked: the flow runs in the page's own window)."""
    base = public_url.rstrip("/")
    query = {"id": connection_id, "token": token, "targetOrigin": f"{base}{back_path}"}
    if popup:
        query["postMessage"] = "true"
    return f"/connectorauth/updateaccountconnectoroauth?{urlencode(query)}"


def _external(response: Response) -> Response:
    # The sign-in path is Switchboard's own, so a relative redirect keeps this origin.
    if isinstance(response, RedirectResponse):
        response.headers["Cache-Control"] = "no-store"
    return response
