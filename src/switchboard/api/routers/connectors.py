"""The connector library: ``/v1.0/connectors``, their methods, and installing into an account.

A connector is addressed by its numeric Id or by its name (``/connectors/Salesloft``) and
version (``/connectors/Salesloft/2.0``), as Cyclr's are. A path segment of digits only is an
Id; when no connector has that Id it is tried as a name. By name, ``GET`` answers a list (every
version of that name, as Cyclr does); by Id, the one connector.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response

from switchboard.api.bodies import JsonRoute
from switchboard.api.catalog_schemas import AccountConnectorOut, ConnectorOut, MethodOut
from switchboard.api.deps import AccountDep, AnyTokenDep, ServicesDep
from switchboard.api.listing import PAGED, Ascending, Category, PagingDep, Search, matches, same, sorted_by
from switchboard.api.presenters import account_connector_out, connector_out, method_out
from switchboard.api.schemas import InstallIn
from switchboard.api.services import Services
from switchboard.catalog.registry import Connector, Method
from switchboard.catalog.schema import connector_json_schema
from switchboard.connections import setup
from switchboard.errors import InputError, NotFound
from switchboard.invalid import echoed
from switchboard.numbers import is_digits
from switchboard.store.models import Account

router = APIRouter(prefix="/v1.0/connectors", tags=["Connectors"], route_class=JsonRoute)

# An Id or a name: integer for clients that pass an Id (as before), string for names.
IdOrName = Annotated[
    int | str, Path(description="The connector's numeric Id, or its name (any case; spaces percent-encoded)")
]
MethodOrder = Annotated[Literal["Name", "Id"], Query(alias="orderBy")]


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
        if c.in_library(query, category) and (include_custom or c.key not in registry.custom)
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


@router.get("/{connector_id}", response_model=ConnectorOut | list[ConnectorOut])
async def get_connector(svc: ServicesDep, _partner: AnyTokenDep, connector_id: IdOrName) -> Any:
    """By Id: the connector. By name: a list of the connectors of that name (404 when none)."""
    ref = str(connector_id)
    if is_digits(ref) and not svc.registry.named(ref):
        # An Id, read as every other route reads one: 400 for 0 or past 32 bits, 404 when unknown.
        return connector_out(svc.registry.resolve(ref))
    return [connector_out(c) for c in _named(svc, ref, None)]


@router.get("/{connector_id}/methods", response_model=list[MethodOut], responses=PAGED)
async def list_methods(
    svc: ServicesDep,
    _partner: AnyTokenDep,
    connector_id: IdOrName,
    paging: PagingDep,
    response: Response,
    query: Search = None,
    category: Category = None,
    order_by: MethodOrder = "Name",
    ascending: Ascending = True,
) -> list[MethodOut]:
    """A page of the connector's methods, by name as Cyclr lists them; ``query`` and ``category`` filter them."""
    connector = svc.registry.resolve(str(connector_id))
    return paging.answer(response, _methods(connector, query, category, order_by, ascending))


@router.get("/{connector_id}/methods/{method_id}", response_model=MethodOut)
async def get_method(svc: ServicesDep, _partner: AnyTokenDep, connector_id: IdOrName, method_id: str) -> MethodOut:
    connector = svc.registry.resolve(str(connector_id))
    return method_out(connector.method(method_id), connector)


@router.get("/{name}/{version}", response_model=list[ConnectorOut])
async def get_connector_version(svc: ServicesDep, _partner: AnyTokenDep, name: str, version: str) -> list[ConnectorOut]:
    """The connectors of this name and version (``v2.0`` matches ``2.0``), as a list like Cyclr's."""
    return [connector_out(c) for c in _named(svc, name, version)]


@router.get("/{name}/{version}/methods", response_model=list[MethodOut], responses=PAGED)
async def list_version_methods(
    svc: ServicesDep,
    _partner: AnyTokenDep,
    name: str,
    version: str,
    paging: PagingDep,
    response: Response,
    query: Search = None,
    category: Category = None,
    order_by: MethodOrder = "Name",
    ascending: Ascending = True,
) -> list[MethodOut]:
    """A page of the methods of the connector of this name and version."""
    connector = svc.registry.resolve(name, version)
    return paging.answer(response, _methods(connector, query, category, order_by, ascending))


@router.get("/{name}/{version}/methods/{method_id}", response_model=MethodOut)
async def get_version_method(
    svc: ServicesDep, _partner: AnyTokenDep, name: str, version: str, method_id: str
) -> MethodOut:
    """One method (numeric Id or MethodUniqueIdentifier) of the connector of this name and version."""
    connector = svc.registry.resolve(name, version)
    return method_out(connector.method(method_id), connector)


@router.post("/{connector_id}/install", response_model=AccountConnectorOut)
async def install(
    svc: ServicesDep, account: AccountDep, connector_id: IdOrName, body: InstallIn | None = None
) -> AccountConnectorOut:
    """Install into the account in ``X-Cyclr-Account`` (200, as Cyclr); ``AuthValue`` authenticates it at once.

    No body is the same as ``{}``: the connector's name, no properties, not yet authenticated.
    """
    return await _install(svc, account, svc.registry.resolve(str(connector_id)), body or InstallIn())


@router.post("/{name}/{version}/install", response_model=AccountConnectorOut)
async def install_version(
    svc: ServicesDep, account: AccountDep, name: str, version: str, body: InstallIn | None = None
) -> AccountConnectorOut:
    """Install the connector of this name and version."""
    return await _install(svc, account, svc.registry.resolve(name, version), body or InstallIn())


def _named(svc: Services, name: str, version: str | None) -> list[Connector]:
    found = svc.registry.named(name, version)
    if not found:
        raise NotFound(f"Connector {echoed(name if version is None else f'{name} {version}')} was not found")
    return found


def _methods(
    connector: Connector, query: str | None, category: str | None, order_by: str, ascending: bool
) -> list[MethodOut]:
    found = [
        m for m in connector.methods if matches(m.definition.name, query) and same(m.definition.category, category)
    ]
    return [method_out(m, connector) for m in sorted_by(found, _METHOD_ORDER[order_by], ascending)]


async def _install(svc: Services, account: Account, connector: Connector, body: InstallIn) -> AccountConnectorOut:
    chosen = None
    if body.authentication_id is not None:
        chosen = connector.authentication(body.authentication_id)
        if chosen is None:
            offered = ", ".join(connector.authentication_id(a) for a in connector.definition.auth)
            name = connector.definition.name
            raise InputError(f"AuthenticationId {body.authentication_id} is not one of {name}'s: {offered}")
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
        checks=svc.connections.checks,
        auth_kind=chosen.type if chosen is not None else None,
    )
    return account_connector_out(row, connector)
