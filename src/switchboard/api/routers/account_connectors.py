"""Account connectors: ``/v1.0/account/connectors`` in the account of ``X-Cyclr-Account``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from switchboard.api.bodies import JsonRoute
from switchboard.api.catalog_schemas import AccountConnectorOut
from switchboard.api.deps import AccountDep, ServicesDep
from switchboard.api.listing import PAGED, Ascending, PagingDep, sorted_by
from switchboard.api.presenters import account_connector_out
from switchboard.api.schemas import AccountConnectorUpdate, Id, MessageOut
from switchboard.connections import setup
from switchboard.errors import InputError
from switchboard.hooks.secrets import connection_token
from switchboard.store import hooks as hook_store
from switchboard.store.account_connectors import get_account_connector, list_account_connectors

router = APIRouter(prefix="/v1.0/account/connectors", tags=["Account connectors"], route_class=JsonRoute)


_ORDER: dict[str, Callable[[AccountConnectorOut], Any] | None] = {
    "CreatedDate": None,
    "Name": lambda c: (c.name.casefold(), c.id),
    "Id": lambda c: c.id,
}


@router.get("", response_model=list[AccountConnectorOut], responses=PAGED)
async def list_installed(
    svc: ServicesDep,
    account: AccountDep,
    paging: PagingDep,
    response: Response,
    order_by: Annotated[Literal["CreatedDate", "Name", "Id"], Query(alias="orderBy")] = "CreatedDate",
    ascending: Ascending = True,
) -> list[AccountConnectorOut]:
    """A page of the account's connectors, in install order unless ``orderBy``/``sortOrderAsc`` say otherwise."""
    async with svc.db.session() as session:
        rows = await list_account_connectors(session, account.id)
    listed = [account_connector_out(r, svc.registry.by_key.get(r.connector_key)) for r in rows]
    return paging.answer(response, sorted_by(listed, _ORDER[order_by], ascending))


@router.get("/{connector_id}", response_model=AccountConnectorOut)
async def get_installed(svc: ServicesDep, account: AccountDep, connector_id: Id) -> AccountConnectorOut:
    async with svc.db.session() as session:
        row = await get_account_connector(session, account.id, connector_id)
        connector = svc.registry.by_key.get(row.connector_key)
        out = account_connector_out(row, connector)
        hooks = connector.definition.webhooks if connector else None
        if hooks is not None:  # this connection's own webhook URL, and its token where the provider signs with one
            out.hook_url = svc.hook_url("c", await hook_store.connection_hook_id(session, row.id))
            found = await hook_store.connection_by_id(session, row.id)
            if hooks.signed_by == "subscription" and hooks.handshake is None and found is not None:
                out.hook_token = await connection_token(session, svc.secrets, found)
    svc.forget_hooks()  # a token made just now signs the next webhook
    return out


@router.put("/{connector_id}", response_model=AccountConnectorOut)
async def update_installed(
    svc: ServicesDep, account: AccountDep, connector_id: Id, body: AccountConnectorUpdate
) -> AccountConnectorOut:
    """Rename, change properties, or authenticate with ``AuthValue``: an API key, base64 Basic credentials, or
    an OAuth token set (``{"AccessToken", "RefreshToken", "Expires"}`` as a JSON string). Never echoed back."""
    async with svc.db.session() as session:
        row = await get_account_connector(session, account.id, connector_id)
        svc.connections.writes.forget(row.id)
        connector = svc.registry.by_key.get(row.connector_key)
        if body.name is not None:
            row.name = body.name
        if body.description is not None:
            row.description = body.description
        properties = body.property_map()
        if properties is not None:
            known = {p.name for p in connector.definition.properties} if connector else set()
            unknown = sorted(set(properties) - known)
            if unknown:
                raise InputError(f"Unknown properties: {', '.join(unknown)}")
            secret = connector.definition.secret_properties if connector else frozenset()
            given = {k: v for k, v in properties.items() if v is not None}
            if connector is not None:
                merged = {**svc.connections.writes.properties_of(row), **given}
                await svc.connections.writes.check_hosts(connector.definition, merged)
            svc.connections.writes.set_properties(row, secret, given)
        if body.auth_value is not None:
            if connector is None:
                raise InputError("This connector is no longer in the catalogue: it cannot be authenticated")
            await setup.authenticate(
                session,
                svc.connections.writes,
                connector,
                row,
                account.partner_id,
                body.auth_value,
                svc.connections.checks,
            )
        await session.flush()
        return account_connector_out(row, connector)


@router.delete(
    "/{connector_id}",
    response_class=Response,
    responses={200: {"description": "Removed; the body is empty, as Cyclr's"}},
)
async def uninstall(svc: ServicesDep, account: AccountDep, connector_id: Id) -> Response:
    """Remove the account connector and its credentials (200, as Cyclr)."""
    async with svc.db.session() as session:
        await svc.connections.writes.deleted(session, await get_account_connector(session, account.id, connector_id))
    return Response(status_code=200)


@router.put("/{connector_id}/deauthenticate", response_model=MessageOut)
async def deauthenticate(svc: ServicesDep, account: AccountDep, connector_id: Id) -> MessageOut:
    """Drop the credentials (tokens or API key); the connection is unauthenticated until it signs in again.

    Announced as ``connection.deauthenticated``. Properties and the OAuth app given at install stay.
    """
    async with svc.db.session() as session:
        row = await get_account_connector(session, account.id, connector_id)
        await svc.connections.writes.deauthenticated(session, row)
        name = row.name  # the account connector's name: the connector's unless the install named it
    return MessageOut(message=f"Connector '{name}' successfully de-authenticated.")
