"""The connector library: ``/v1.0/connectors``, their methods, and installing into an account."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import APIRouter

from switchboard.api.deps import AccountDep, AnyTokenDep, ServicesDep
from switchboard.api.presenters import account_connector_out, connector_out, method_out
from switchboard.api.schemas import AccountConnectorOut, ConnectorOut, Id, InstallIn, MethodOut
from switchboard.catalog.schema import connector_json_schema
from switchboard.connections import setup

router = APIRouter(prefix="/v1.0/connectors", tags=["Connectors"])


@router.get("", response_model=list[ConnectorOut])
async def list_connectors(svc: ServicesDep, _partner: AnyTokenDep) -> list[ConnectorOut]:
    return [connector_out(c) for c in svc.registry.connectors]


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


@router.get("/{connector_id}/methods", response_model=list[MethodOut])
async def list_methods(svc: ServicesDep, _partner: AnyTokenDep, connector_id: Id) -> list[MethodOut]:
    return [method_out(m) for m in svc.registry.connector(connector_id).methods]


@router.get("/{connector_id}/methods/{method_id}", response_model=MethodOut)
async def get_method(svc: ServicesDep, _partner: AnyTokenDep, connector_id: Id, method_id: str) -> MethodOut:
    return method_out(svc.registry.connector(connector_id).method(method_id))


@router.post("/{connector_id}/install", response_model=AccountConnectorOut, status_code=201)
async def install(svc: ServicesDep, account: AccountDep, connector_id: Id, body: InstallIn) -> AccountConnectorOut:
    """Install into the account in ``X-Cyclr-Account``; ``AuthValue`` sets an API key at once."""
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
