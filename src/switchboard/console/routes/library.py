"""The connector library: each connector's auth, methods and limits, the partner's OAuth app and its property
values for every install."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from switchboard.catalog.models import OAuth2Auth
from switchboard.catalog.registry import Connector
from switchboard.connections.offer import is_enabled, unusable_reason
from switchboard.connections.partner_properties import set_partner_values
from switchboard.connections.setup import apply_settings
from switchboard.console import views
from switchboard.console.routes.common import handle, show, to
from switchboard.console.services import ConsoleServices
from switchboard.console.session import ConsoleSession, current, services, to_sign_in
from switchboard.errors import InputError, NotFound
from switchboard.store.hooks import partner_hook_key, set_signing_secrets
from switchboard.store.oauth import all_settings, get_settings, set_enabled
from switchboard.store.partner_properties import get_partner_properties
from switchboard.store.properties import MAX_VALUE_CHARS

router = APIRouter()


@router.get("/console/connectors")
async def connectors(request: Request) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    svc = services(request)
    async with svc.db.session() as session:
        settings = await all_settings(session, who.partner_id)
    # The filter form (a GET, so it works without script and its URL can be shared).
    query = request.query_params.get("query", "").strip()[:100]
    category = request.query_params.get("category", "").strip()[:100]
    every = sorted({c for k in svc.registry.connectors for c in k.definition.categories}, key=str.casefold)
    rows = [
        views.LibraryRow(
            c,
            views.auth_types(c),
            views.rate_limits(c),
            is_enabled(settings.get(c.key)),
            unusable_reason(c, settings.get(c.key)),
        )
        for c in svc.registry.connectors
        if c.in_library(query, category)
    ]
    return show(
        request,
        who,
        "connectors.html",
        title="Connector library",
        rows=rows,
        query=query,
        category=category,
        categories=every,
        total=len(svc.registry.connectors),
    )


def _known(svc: ConsoleServices, connector_id: int) -> Connector:
    """The connector a form posts for; an unknown id is the form's error notice."""
    found = svc.registry.by_id.get(connector_id)
    if found is None:
        raise NotFound("That connector does not exist")
    return found


@router.post("/console/connectors/{connector_id}/enabled")
async def save_enabled(request: Request, connector_id: int) -> Response:
    """The library's toggle: offer the connector to end users on the connect page, or not."""
    page = "/console/connectors"

    async def save(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        found = _known(svc, connector_id)
        enabled = form.get("enabled") == "true"
        async with svc.db.session() as session:
            await set_enabled(session, who.partner_id, found.key, enabled)
        word = "offered to" if enabled else "hidden from"
        return to(page, notice=f"{found.definition.name} is now {word} end users.")

    return await handle(request, save, page)


@router.get("/console/connectors/{connector_id}")
async def connector(request: Request, connector_id: int) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    svc = services(request)
    found = svc.registry.by_id.get(connector_id)
    if found is None:
        return show(request, who, "missing.html", title="Not found", what="That connector", status=404)
    oauth = found.definition.auth_of("oauth2")
    async with svc.db.session() as session:
        row = await get_settings(session, who.partner_id, found.key)
        hooks = found.definition.webhooks
        hook_key = await partner_hook_key(session, who.partner_id) if hooks and hooks.route else None
        values = await get_partner_properties(session, who.partner_id, found.key)
    offered = oauth.scopes if isinstance(oauth, OAuth2Auth) else []
    return show(
        request,
        who,
        "connector.html",
        title=found.definition.name,
        connector=found,
        auth=views.auth_types(found),
        limits=views.rate_limits(found),
        oauth=oauth is not None,
        client_id=row.client_id if row else "",
        secret_set=bool(row and row.client_secret_encrypted),
        scopes=row.scopes if row and row.scopes is not None else offered,
        offered=offered,
        callback_url=svc.callback_url,
        hooks=hooks,
        hook_url=f"{svc.settings.public_url.rstrip('/')}/hooks/{hook_key}/{found.key}" if hook_key else None,
        signing_secret_set=bool(row and row.hook_secrets_encrypted),
        fields=views.partner_fields(found, values),
    )


@router.post("/console/connectors/{connector_id}/settings")
async def save_settings(request: Request, connector_id: int) -> Response:
    page = f"/console/connectors/{connector_id}"

    async def save(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        found = _known(svc, connector_id)
        chosen = [s for s in form.get("scopes", "").split() if s]
        await apply_settings(
            svc.db,
            svc.secrets,
            who.partner_id,
            found,
            client_id=form.get("client_id", "").strip(),
            # A blank box keeps the stored secret: it is write-only and never shown back.
            client_secret=form.get("client_secret", "").strip() or None,
            scopes=chosen or None,
        )
        svc.connections.writes.forget_all()  # cached connections carry the partner's app
        svc.forget_hooks()  # some providers sign their hooks with the app's client secret
        return to(page, notice="Settings saved.")

    return await handle(request, save, page)


@router.post("/console/connectors/{connector_id}/hooksecret")
async def save_signing_secret(request: Request, connector_id: int) -> Response:
    """The provider's webhook signing secrets: write-only; a blank box keeps the stored one."""
    page = f"/console/connectors/{connector_id}"

    async def save(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        found = _known(svc, connector_id)
        primary = form.get("signing_secret", "").strip()[:2000] or None
        secondary = form.get("signing_secret_secondary", "").strip()[:2000] or None
        if primary is None and secondary is None:
            raise InputError("Give the signing secret the provider shows in its app settings")
        async with svc.db.session() as session:
            await set_signing_secrets(
                session, svc.secrets, who.partner_id, found.key, primary=primary, secondary=secondary
            )
        svc.forget_hooks()  # the next webhook is checked with the new secrets
        return to(page, notice="Signing secret saved.")

    return await handle(request, save, page)


@router.post("/console/connectors/{connector_id}/properties")
async def save_values(request: Request, connector_id: int) -> Response:
    """The partner's property values for every install (the API's ``Properties``): an emptied box clears a plain
    value; a secret one is write-only, so a blank box keeps it and its Clear box removes it."""
    page = f"/console/connectors/{connector_id}"

    async def save(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        found = _known(svc, connector_id)
        given: dict[str, str | None] = {}
        for field in views.partner_fields(found, None):
            value = form.get(f"value.{field.name}")
            if form.get(f"clear.{field.name}") == "true":
                given[field.name] = None
            elif value is None or (field.secret and not value.strip()):
                continue  # not in the form, or a secret's blank box: kept as it is
            elif len(value) > MAX_VALUE_CHARS:
                raise InputError(f"{field.label} is too long: give at most {MAX_VALUE_CHARS} characters")
            else:
                given[field.name] = value
        async with svc.db.session() as session:
            await set_partner_values(session, svc.connections.writes, who.partner_id, found, given)
        svc.connections.writes.forget_all()  # once committed: cached connections carry the partner's values
        return to(page, notice="Values for every install saved.")

    return await handle(request, save, page)
