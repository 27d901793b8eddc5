"""The connector library: ``/v1.0/connectors``, their methods, and installing into an account."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import AccountDep, AnyTokenDep, ServicesDep
from switchboard.api.listing import PAGED, Ascending, Category, PagingDep, Search, matches, same, sorted_by, unfiltered
from switchboard.api.presenters import account_connector_out, connector_out, method_out
from switchboard.api.schemas import AccountConnectorOut, ConnectorOut, Id, InstallIn, MethodOut
from switchboard.catalog.registry import Connector, Method
from switchboard.catalog.schema import connector_json_schema
from switchboard.connections import setup

router = APIRouter(prefix="/v1.0/connectors", tags=["Connectors"], route_class=JsonRoute)


# Id breaks ties between equal names, so a page holds the same methods on every request.
_METHOD_ORDER: dict[str, Callable[[Method], Any]] = {
    "Name": lambda m: (m.definition.name.casefold(), m.id),
    "Id": lambda m: m.id,
}
_ORDER: dict[str, Callable[[Connector], Any]] = {
    "Name": lambda c: (c.definition.name.casefold(), c.id),
    "Id": lambda c: c.id,
}


@router.get("", response_model=list[ConnectorOut], responses=PAGED)
async def list_connectors(
    svc: ServicesDep,
    _partner: AnyTokenDep,
    paging: PagingDep,
    response: Response,
    query: Search = None,
    category: Category = None,
    include_custom: Annotated[
        bool, Query(alias="includeCustomConnectors", description="With the connectors a deployment added")
    ] = True,
    order_by: Annotated[Literal["Name", "Id"], Query(alias="orderBy")] = "Name",
    ascending: Ascending = True,
) -> list[ConnectorOut]:
    """A page of the library, by name unless ``orderBy``/``sortOrderAsc`` say otherwise."""
    registry = svc.registry
    found = [
        c
        for c in registry.connectors
        if matches(c.definition.name, query)
        and (unfiltered(category) or any(same(known, category) for known in c.definition.categories))
        and (include_custom or c.key not in registry.custom)
    ]
    return paging.answer(response, [connector_out(c) for c in sorted_by(found, _ORDER[order_by], ascending)])


# Declared before /{connector_id}: routes match in order, and "schema" is not a connector id.
@router.get("/schema", response_model=dict[str, Any])
async def get_connector_schema(_partner: AnyTokenDep) -> dict[str, Any]:
    """The JSON Schema of a connector definition (``connector.yaml``), as exported from the models."""
    return _connector_schema()


@cache
def _connector_schema() -> dict[str, Any]:
    # Built once per process: the models do not change while it runs.
    return connector_json_schema()


@router.get("/{connector_id}", response_model=ConnectorOut)
async def get_connector(svc: ServicesDep, _partner: AnyTokenDep, connector_id: Id) -> ConnectorOut:
    return connector_out(svc.registry.connector(connector_id))


@router.get("/{connector_id}/methods", response_model=list[MethodOut], responses=PAGED)
async def list_methods(
    svc: ServicesDep,
    _partner: AnyTokenDep,
    connector_id: Id,
    paging: PagingDep,
    response: Response,
    query: Search = None,
    category: Category = None,
    order_by: Annotated[Literal["Name", "Id"], Query(alias="orderBy")] = "Name",
    ascending: Ascending = True,
) -> list[MethodOut]:
    """A page of the connector's methods, by name as Cyclr lists them; ``query`` and ``category`` filter them."""
    methods = svc.registry.connector(connector_id).methods
    found = [m for m in methods if matches(m.definition.name, query) and same(m.definition.category, category)]
    return paging.answer(response, [method_out(m) for m in sorted_by(found, _METHOD_ORDER[order_by], ascending)])


@router.get("/{connector_id}/methods/{method_id}", response_model=MethodOut)
async def get_method(svc: ServicesDep, _partner: AnyTokenDep, connector_id: Id, method_id: str) -> MethodOut:
    return method_out(svc.registry.connector(connector_id).method(method_id))


@router.post("/{connector_id}/install", response_model=AccountConnectorOut)
async def install(
    svc: ServicesDep, account: AccountDep, connector_id: Id, body: InstallIn | None = None
) -> AccountConnectorOut:
    """Install into the account in ``X-Cyclr-Account`` (200, as Cyclr); ``AuthValue`` sets an API key at once.

    No body is the same as ``{}``: the connector's name, no properties, not yet authenticated.
    """
    body = body or InstallIn()
    connector = svc.registry.connector(connector_id)
    row = await setup.install(
        svc.db,
        svc.secrets,
        svc.connections.writes,
        connector,
        partner_id=account.partner_id,
        account_id=account.id,
        name=body.name,
        description=body.description,
        auth_value=body.auth_value,
        properties=body.property_map(),
    )
    return account_connector_out(row, connector)
