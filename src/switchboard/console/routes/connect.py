"""The end user's connect page: ``/connect?token=`` (the account's single-use sign-in token).

The token is spent on arrival and exchanged for a ticket (the account's creation nonce and the
session's start, signed) that the page's forms carry: no cookie, so the page also works framed in
the partner's app. The nonce dies with the account: a ticket never opens another account's page.
A session lives ``connect_session_seconds`` from its start: the sign-in token ``POST /connect/oauth``
mints for the popup carries that start, so exchanging it for a new ticket never extends the session.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from switchboard.catalog.registry import Connector
from switchboard.connections import setup
from switchboard.connections.auth_value import AuthKind, read_auth_value
from switchboard.connections.offer import has_app, offered
from switchboard.console import render, views
from switchboard.console.connect_faults import (
    FAULT,
    MAX_PROPERTY_CHARS,
    OAUTH,
    asked_values,
    at_fault,
    fault,
    refusal,
)
from switchboard.console.notices import signed
from switchboard.console.offers import categories, key_form, logo_file, not_offered, offer
from switchboard.console.routes.accounts import sign_in_url
from switchboard.console.routes.common import said
from switchboard.console.services import ConsoleServices
from switchboard.console.session import MAX_FORM_BYTES, services
from switchboard.errors import CredentialsRefused, InputError, SwitchboardError
from switchboard.numbers import is_digits
from switchboard.store.account_connectors import list_account_connectors
from switchboard.store.accounts import account_by_uid
from switchboard.store.branding import get_branding, valid_origins
from switchboard.store.models import Account, AccountConnector
from switchboard.store.oauth import all_settings, create_sign_in_token, get_settings, spend_sign_in_token
from switchboard.store.partner_properties import partner_value_names

router = APIRouter()
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Ticket:
    """A live connect session: its account and when the session started (epoch seconds)."""

    account: Account
    started: int


def _ticket(svc: ConsoleServices, account: Account, started: int) -> str:
    return svc.secrets.sign(f"connect:{account.uid}:{started}")


async def _session_of(svc: ConsoleServices, ticket: str) -> Ticket | None:
    """The live session a ticket names: signed, within its session's life, its account still there."""
    value = svc.secrets.unsign(ticket[:300]) if ticket else None
    kind, _, rest = (value or "").partition(":")
    uid, _, started = rest.partition(":")
    if kind != "connect" or not uid or not is_digits(started):
        return None
    if int(started) + svc.settings.connect_session_seconds < time.time():
        return None
    async with svc.db.session() as session:
        account = await account_by_uid(session, uid)
    return Ticket(account, int(started)) if account is not None else None


def _expired(
    message: str = "This link has expired or was already used. Ask the application for a new one.",
) -> Response:
    return render.page("connect_failed.html", status=400, message=message)


@router.get("/connect")
async def arrive(request: Request) -> Response:
    svc = services(request)
    token = request.query_params.get("token", "")[:200]
    async with svc.db.session() as session:
        spent = await spend_sign_in_token(session, token) if token else None
        account = await session.get(Account, spent.account_id) if spent is not None else None
    if spent is None or account is None:
        return _expired()
    # A token the page minted for its popup keeps that session's start: no renewal outlives it.
    started = int(spent.session_started if spent.session_started is not None else time.time())
    if started + svc.settings.connect_session_seconds < time.time():
        return _expired()
    only = _only(request.query_params.get("connector", ""))
    return _back(svc, _ticket(svc, account, started), only)


@router.get("/connect/home")
async def home(request: Request) -> Response:
    svc = services(request)
    query = request.query_params
    ticket = query.get("ticket", "")
    found = await _session_of(svc, ticket)
    if found is None:
        return _expired()
    account = found.account
    async with svc.db.session() as session:
        brand = await get_branding(session, account.partner_id)
        rows = await list_account_connectors(session, account.id)
        settings = await all_settings(session, account.partner_id)
        preset = await partner_value_names(session, account.partner_id)
    installed = _shown(rows)
    only = _only(query.get("connector", ""))
    offers = [
        offer(
            c,
            views.connection_view(installed[c.key], c) if c.key in installed else None,
            c.definition.auth_of("oauth2") is not None and has_app(settings.get(c.key)),
            preset.get(c.key, frozenset()),
        )
        for c in svc.registry.connectors
        if offered(c, settings.get(c.key)) and only in ("", c.key)
    ]
    missing = ""
    if only and not offers:  # the partner's link names a connector not shown: said, and why in the log
        missing, why = not_offered(only, svc.registry.connectors, settings)
        log.warning("connect page: %s", why)
    origins = valid_origins(brand.allowed_origins) if brand else []
    at = query.get("at", "")
    shown = next((o for o in offers if str(o.connector.id) == at), None)
    error = said(request, "error") or missing
    # The popup's outcome comes as outcome and id; a sign-in in this window comes back as the API's redirect says.
    outcome = query.get("outcome", "") or query.get("Status", "")
    announced = _announced(rows, outcome, query.get("id", "") or query.get("AccountConnectorId", ""))
    return render.page(
        "connect.html",
        frame_ancestors=" ".join(["'self'", *origins]),
        brand=brand,
        offers=offers,
        categories=categories(offers),
        only=only,
        ticket=ticket,
        origins=" ".join(origins),
        outcome="Authenticated" if announced is not None else "",
        outcome_id=str(announced) if announced is not None else "",
        gone=_gone(svc, account, rows, query.get("gone", "")),
        error=error,
        note=said(request, "note"),
        at=shown.connector.id if shown is not None else None,
        fault=at_fault(shown, query.get(FAULT, "")) if error else (),
        max_property_chars=MAX_PROPERTY_CHARS,
    )


def _shown(rows: list[AccountConnector]) -> dict[str, AccountConnector]:
    """The connection the page shows and acts on, per connector: an account may hold several of one (installed
    twice through the API), and the page takes the first authenticated one, else the first installed."""
    shown: dict[str, AccountConnector] = {}
    for row in sorted(rows, key=lambda r: r.id):
        held = shown.get(row.connector_key)
        if held is None or (held.auth_state != "authenticated" and row.auth_state == "authenticated"):
            shown[row.connector_key] = row
    return shown


def _announced(rows: list[AccountConnector], outcome: str, given_id: str) -> int | None:
    """The connection the page may tell the partner is authenticated: after a connect attempt (the
    ``outcome`` query), one of this account's connections that the store says is authenticated.
    Never the URL's word: whoever holds a ticket could otherwise make the page announce anything."""
    if not outcome or not is_digits(given_id):
        return None
    found = next((r for r in rows if r.id == int(given_id)), None)
    return found.id if found is not None and found.auth_state == "authenticated" else None


def _gone(svc: ConsoleServices, account: Account, rows: list[AccountConnector], given: str) -> str:
    """The connection the page may tell the partner was disconnected: signed by the disconnect form for this
    account (a URL alone announces nothing), and gone from the store."""
    kind, _, rest = (svc.secrets.unsign(given[:200]) or "").partition(":") if given else ("", "", "")
    uid, _, row_id = rest.partition(":")
    if kind != "gone" or uid != account.uid or not is_digits(row_id) or any(r.id == int(row_id) for r in rows):
        return ""
    return row_id


async def _form(request: Request) -> tuple[ConsoleServices, Ticket, Connector, dict[str, str]] | Response:
    if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
        return _expired("This form is too large.")
    svc = services(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    ticket = await _session_of(svc, form.get("ticket", ""))
    if ticket is None:
        return _expired()
    connector_id = form.get("connector_id", "")
    connector = svc.registry.by_id.get(int(connector_id)) if is_digits(connector_id) else None
    if connector is None or not await _offered(svc, ticket.account.partner_id, connector):
        return _expired("That connector is not offered here.")
    return svc, ticket, connector, form


async def _offered(svc: ConsoleServices, partner_id: int, connector: Connector) -> bool:
    async with svc.db.session() as session:
        return offered(connector, await get_settings(session, partner_id, connector.key))


async def _installed(
    svc: ConsoleServices,
    account_id: int,
    connector: Connector,
    auth_value: str | None = None,
    kind: AuthKind | None = None,
    properties: dict[str, str] | None = None,
) -> tuple[AccountConnector, bool]:
    """The account's connection to ``connector`` (installed now with ``properties`` if it has none), with
    ``auth_value`` set once the provider did not refuse it (``CredentialsRefused``), and whether it is new."""
    async with svc.db.session() as session:
        account = await session.get(Account, account_id)
        existing = _shown(await list_account_connectors(session, account_id)).get(connector.key)
        if account is None:
            raise InputError("This account no longer exists")
        if existing is not None and auth_value:
            svc.connections.writes.forget(existing.id)
            credentials = read_auth_value(connector.definition, auth_value, kind=kind)
            await setup.save_checked(
                session,
                svc.connections.writes,
                svc.connections.checks,
                connector,
                existing,
                credentials,
                account.partner_id,
            )
    if existing is not None:
        return existing, False
    installed = await setup.install(
        svc.db,
        svc.secrets,
        svc.connections.writes,
        connector,
        partner_id=account.partner_id,
        account_id=account_id,
        name=None,
        description="",
        auth_value=auth_value,
        properties=dict(properties or {}),
        checks=svc.connections.checks,
        auth_kind=kind,
    )
    return installed, True


def _only(key: str) -> str:
    """The one connector a partner's link asks for (``connector=<key>``), or "" for all."""
    return key if key.isidentifier() and len(key) <= 64 else ""


def _back(
    svc: ConsoleServices, ticket: str, only: str = "", at: Connector | None = None, **extra: str
) -> RedirectResponse:
    """To the connect page, its error or note signed (a link cannot word the page an end user reads); with ``at``,
    shown on that connector's card and scrolled to it, where the user typed (a long list would hide it at the top)."""
    return RedirectResponse(_home(svc, ticket, only, at, **extra), status_code=303)


def _home(svc: ConsoleServices, ticket: str, only: str = "", at: Connector | None = None, **extra: str) -> str:
    """The connect page's path with its query (``_back``), its worded members signed."""
    query = {"ticket": ticket, **({"connector": only} if only else {}), **extra}
    if at is not None:
        query["at"] = str(at.id)
    # An error's field (or the error) takes focus, which scrolls to it; a fragment would clear that focus on load.
    fragment = f"#app-{at.id}" if at is not None and "error" not in extra else ""
    return f"/connect/home?{urlencode(signed(svc.secrets, query.items()))}{fragment}"


def _sorry(connector: Connector) -> str:
    """What the end user reads when connecting failed for a reason that is the partner's to fix."""
    return f"We could not connect {connector.definition.name} just now. Please try again later."


@router.post("/connect/apikey")
async def api_key(request: Request) -> Response:
    """Saves the credentials an end user typed (an API key, Basic's two values, a client id and secret)."""
    found = await _form(request)
    if isinstance(found, Response):
        return found
    svc, ticket, connector, form = found
    only = _only(form.get("only", ""))
    wanted = key_form(connector)
    typed = [form.get(k.field, "").strip() for k in wanted.inputs] if wanted is not None else []
    name = connector.definition.name
    fields = [k.field for k in wanted.inputs] if wanted is not None else []
    if wanted is None or not all(typed) or sum(map(len, typed)) > 10_000:
        what = "API key" if wanted is None or wanted.button == "key" else "client ID and secret"
        blank = [f for f, t in zip(fields, typed, strict=True) if not t] or fields
        return _back(svc, form["ticket"], only, connector, error=f"Enter your {name} {what}.", **fault(*blank))
    try:
        properties = asked_values(connector, form)
        row, _ = await _installed(svc, ticket.account.id, connector, ":".join(typed), wanted.kind, properties)
    except CredentialsRefused as exc:
        what, check = ("this API key", "the key") if wanted.button == "key" else ("these credentials", "them")
        error = f"{name} did not accept {what} ({exc.context.get('Reason')}). Check {check} and try again."
        return _back(svc, form["ticket"], only, connector, error=error, **fault(*fields))
    except SwitchboardError as exc:
        if (theirs := refusal(connector, exc)) is not None:
            return _back(svc, form["ticket"], only, connector, error=theirs[0], **theirs[1])
        # The detail is the partner's (console, server log); the end user gets plain words.
        log.info("connect page: %s for account %s: %s", connector.key, ticket.account.uid, exc.message)
        return _back(svc, form["ticket"], only, connector, error=_sorry(connector))
    done = {"outcome": "Authenticated", "id": str(row.id)}
    if row.verified is False:
        done["note"] = (
            f"Your credentials are saved, but {name} could not be reached to check them just now. "
            "If they are wrong, calls will fail: you can enter them again."
        )
    return _back(svc, form["ticket"], only, connector, **done)


@router.post("/connect/disconnect")
async def disconnect(request: Request) -> Response:
    """Removes the end user's connection: the account connector is deleted, as the API's DELETE does."""
    found = await _form(request)
    if isinstance(found, Response):
        return found
    svc, ticket, connector, form = found
    async with svc.db.session() as session:
        row = _shown(await list_account_connectors(session, ticket.account.id)).get(connector.key)
        if row is not None:
            await svc.connections.writes.deleted(session, row)
    # The partner's page is told which connection went (connect-js: a "disconnected" event).
    gone = {"gone": svc.secrets.sign(f"gone:{ticket.account.uid}:{row.id}")} if row is not None else {}
    note = f"{connector.definition.name} is disconnected."
    return _back(svc, form["ticket"], _only(form.get("only", "")), connector, note=note, **gone)


@router.get("/connect/logo/{connector_id}")
async def logo(request: Request, connector_id: int) -> Response:
    """A connector's logo from its folder; an image only (no script runs in it, nothing else loads)."""
    found = services(request).registry.by_id.get(connector_id)
    shipped = logo_file(found) if found is not None else None
    if shipped is None:
        return Response(status_code=404)
    path, media_type = shipped
    headers = {
        "Cache-Control": "public, max-age=86400",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    }
    return Response(path.read_bytes(), media_type=media_type, headers=headers)


@router.post("/connect/oauth")
async def oauth(request: Request) -> Response:
    """Installs if needed, then the popup goes on to the same OAuth sign-in the API offers."""
    found = await _form(request)
    if isinstance(found, Response):
        return found
    svc, ticket, connector, form = found
    account_id = ticket.account.id
    only = _only(form.get("only", ""))
    try:
        if connector.definition.auth_of("oauth2") is None:
            raise InputError(f"{connector.definition.name} does not sign in with OAuth")
        connection, made = await _installed(svc, account_id, connector, properties=asked_values(connector, form))
    except SwitchboardError as exc:
        # Back to the card, as the key form's refusals are (a popup hands this page to its opener and closes).
        if (theirs := refusal(connector, exc, OAUTH)) is not None:
            return _back(svc, form["ticket"], only, connector, error=theirs[0], **theirs[1])
        log.info("connect page: %s for account %s: %s", connector.key, ticket.account.uid, exc.message)
        return _back(svc, form["ticket"], only, connector, error=_sorry(connector))
    async with svc.db.session() as session:
        # An install made here for this sign-in is named, so a denied consent removes it (oauth_flow); one the
        # partner made through the API is not, and stays.
        token = await create_sign_in_token(
            session, account_id, session_started=ticket.started, installed=connection.id if made else None
        )
    if form.get("inpage") == "1":  # popups blocked: the sign-in runs in this window and comes back to the page
        back = _home(svc, form["ticket"], only)
        return RedirectResponse(
            sign_in_url(svc.settings.public_url, connection.id, token, back, popup=False), status_code=303
        )
    return RedirectResponse(
        sign_in_url(svc.settings.public_url, connection.id, token, "/connect/done"), status_code=303
    )
