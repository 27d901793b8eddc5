"""Account connector properties: ``/v1.0/account/connectors/{id}/properties[/{propertyId}]``.

A property's Id is the connector parameter's Id (``Parameters[].Id`` of the connector); its
``Name`` the parameter's ``TargetName``. Secret properties are write-only: their ``Value`` is null.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import AccountDep, ServicesDep
from switchboard.api.schemas import Id, PropertyIn, PropertyOut
from switchboard.api.services import Services
from switchboard.catalog.registry import Connector
from switchboard.connections import properties as props
from switchboard.connections.partner_properties import filled_in
from switchboard.connections.setup import APP_PROPERTIES
from switchboard.errors import InputError, NotFound
from switchboard.store.account_connectors import get_account_connector
from switchboard.store.models import Account, AccountConnector
from switchboard.store.partner_properties import get_partner_properties

router = APIRouter(prefix="/v1.0/account/connectors", tags=["Account connectors"], route_class=JsonRoute)


def _out(view: props.PropertyView) -> PropertyOut:
    """Cyclr's four members; ``FromPartner`` only on a partner's value (the routes leave out what is not set)."""
    shown = PropertyOut(id=view.id, name=view.name, value=view.value, account_connector_id=view.account_connector_id)
    if view.from_partner:
        shown.from_partner = True
    return shown


async def _target(
    svc: Services, session: AsyncSession, account: Account, connector_id: int
) -> tuple[AccountConnector, Connector]:
    row = await get_account_connector(session, account.id, connector_id)
    connector = svc.registry.by_key.get(row.connector_key)
    if connector is None:
        raise NotFound(f"The connector of account connector {connector_id} is no longer available")
    return row, connector


@router.get("/{connector_id}/properties", response_model=list[PropertyOut], response_model_exclude_unset=True)
async def list_properties(
    svc: ServicesDep,
    account: AccountDep,
    connector_id: Id,
    order_by: Annotated[Literal["Name", "Id"], Query(alias="orderBy")] = "Name",
    sort_order_asc: Annotated[bool, Query(alias="sortOrderAsc")] = True,
) -> list[PropertyOut]:
    """The properties that have a value on this account connector, and (``FromPartner``) the partner's values for
    every install (connector settings) that it leaves unset: together, what its calls use."""
    async with svc.db.session() as session:
        row, connector = await _target(svc, session, account, connector_id)
        partner = await get_partner_properties(session, account.partner_id, connector.key)
        filled = filled_in(connector, row, partner)
        taken = {f.name for f in filled}
        views = [v for v in props.stored(connector, row) if v.name not in taken] + filled
    views.sort(key=lambda v: v.name.casefold() if order_by == "Name" else v.id, reverse=not sort_order_asc)
    return [_out(v) for v in views]


@router.post("/{connector_id}/properties", response_model=PropertyOut, response_model_exclude_unset=True)
async def create_property(svc: ServicesDep, account: AccountDep, connector_id: Id, body: PropertyIn) -> PropertyOut:
    """Set a property by ``Name`` (the parameter's TargetName); 200 with the property, as Cyclr answers.

    ``ClientId`` and ``ClientSecret`` (Cyclr's names for an OAuth app of this account connector's own) are kept as
    its OAuth app, not as properties: answered with ``Id`` 0, the secret's ``Value`` null, and listed nowhere."""
    if not body.name:
        raise InputError("Name is required")
    async with svc.db.session() as session:
        row, connector = await _target(svc, session, account, connector_id)
        if body.name in APP_PROPERTIES and connector.definition.auth_of("oauth2") is not None:
            if body.value is None or not body.value.strip():
                raise InputError(f"Value is required for property '{body.name}'")
            svc.connections.writes.set_app_part(row, body.name, body.value.strip())
            await session.flush()
            shown = body.value.strip() if body.name == "ClientId" else None
            return PropertyOut(id=0, name=body.name, value=shown, account_connector_id=row.id)
        prop = props.by_name(connector, body.name)
        await _set(svc, session, row, connector, prop.definition.name, body.value)
        return _out(props.view(prop, row))


@router.get("/{connector_id}/properties/{property_id}", response_model=PropertyOut, response_model_exclude_unset=True)
async def get_property(svc: ServicesDep, account: AccountDep, connector_id: Id, property_id: Id) -> PropertyOut:
    """One property as the listing shows it: the install's value, else the partner's (``FromPartner``)."""
    async with svc.db.session() as session:
        row, connector = await _target(svc, session, account, connector_id)
        partner = await get_partner_properties(session, account.partner_id, connector.key)
        found = next((v for v in filled_in(connector, row, partner) if v.id == property_id), None)
        return _out(found or props.view(props.by_id(connector, row, property_id), row))


@router.put("/{connector_id}/properties/{property_id}", response_model=PropertyOut, response_model_exclude_unset=True)
async def update_property(
    svc: ServicesDep, account: AccountDep, connector_id: Id, property_id: Id, body: PropertyIn
) -> PropertyOut:
    """Change a property's ``Value`` (a ``Name`` in the body, if any, must be this property's); one the partner
    sets for every install becomes this install's own."""
    async with svc.db.session() as session:
        row, connector = await _target(svc, session, account, connector_id)
        partner = await get_partner_properties(session, account.partner_id, connector.key)
        listed = any(v.id == property_id for v in filled_in(connector, row, partner))  # this install's own, now
        prop = props.by_id(connector, row, property_id, with_value=not listed)
        if body.name and body.name.strip() != prop.definition.name:
            raise InputError(f"Property {property_id} is '{prop.definition.name}', not '{body.name}'")
        await _set(svc, session, row, connector, prop.definition.name, body.value)
        return _out(props.view(prop, row))


@router.delete(
    "/{connector_id}/properties/{property_id}", response_model=PropertyOut, response_model_exclude_unset=True
)
async def delete_property(svc: ServicesDep, account: AccountDep, connector_id: Id, property_id: Id) -> PropertyOut:
    """Remove a property's value; a required one cannot go (set another value instead) unless the partner's value
    for every install takes its place."""
    async with svc.db.session() as session:
        row, connector = await _target(svc, session, account, connector_id)
        prop = props.by_id(connector, row, property_id)
        partner = await get_partner_properties(session, account.partner_id, connector.key)
        if prop.definition.required and not (partner and partner.properties.get(prop.definition.name)):
            raise InputError(f"Property '{prop.definition.name}' is required; give it another value instead")
        svc.connections.writes.remove_properties(row, {prop.definition.name})
        await session.flush()
        return PropertyOut(id=prop.id, name=prop.definition.name, value=None, account_connector_id=row.id)


async def _set(
    svc: Services, session: AsyncSession, row: AccountConnector, connector: Connector, name: str, value: str | None
) -> None:
    if value is None or not value.strip():
        raise InputError(f"Value is required for property '{name}'")
    writes = svc.connections.writes
    await writes.check_hosts(connector.definition, {**writes.properties_of(row), name: value})
    writes.set_properties(row, connector.definition.secret_properties, {name: value})
    await session.flush()
