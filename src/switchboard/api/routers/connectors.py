"""The connector library: ``/v1.0/connectors``, their methods, and installing into an account."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import APIRouter

from switchboard.api.deps import AccountDep, PartnerDep, ServicesDep
from switchboard.api.presenters import account_connector_out, connector_out, method_out
from switchboard.api.schemas import AccountConnectorOut, ConnectorOut, Id, InstallIn, MethodOut
from switchboard.api.services import Services
from switchboard.catalog.registry import Connector
from switchboard.catalog.schema import connector_json_schema
from switchboard.errors import InputError
from switchboard.store.models import AccountConnector
from switchboard.store.oauth import get_settings

router = APIRouter(prefix="/v1.0/connectors", tags=["Connectors"])


@router.get("", response_model=list[ConnectorOut])
async def list_connectors(svc: ServicesDep, _partner: PartnerDep) -> list[ConnectorOut]:
    return [connector_out(c) for c in svc.registry.connectors]


# Declared before /{connector_id}: routes match in order, and "schema" is not a connector id.
@router.get("/schema", response_model=dict[str, Any])
async def get_connector_schema(_partner: PartnerDep) -> dict[str, Any]:
    """The JSON Schema of a connector definition (``connector.yaml``), as exported from the models."""
    return _connector_schema()


@cache
def _connector_schema() -> dict[str, Any]:
    # Built once per process: the models do not change while it runs.
    return connector_json_schema()


@router.get("/{connector_id}", response_model=ConnectorOut)
async def get_connector(svc: ServicesDep, _partner: PartnerDep, connector_id: Id) -> ConnectorOut:
    return connector_out(svc.registry.connector(connector_id))


@router.get("/{connector_id}/methods", response_model=list[MethodOut])
async def list_methods(svc: ServicesDep, _partner: PartnerDep, connector_id: Id) -> list[MethodOut]:
    return [method_out(m) for m in svc.registry.connector(connector_id).methods]


@router.get("/{connector_id}/methods/{method_id}", response_model=MethodOut)
async def get_method(svc: ServicesDep, _partner: PartnerDep, connector_id: Id, method_id: str) -> MethodOut:
    return method_out(svc.registry.connector(connector_id).method(method_id))


@router.post("/{connector_id}/install", response_model=AccountConnectorOut, status_code=201)
async def install(svc: ServicesDep, account: AccountDep, connector_id: Id, body: InstallIn) -> AccountConnectorOut:
    """Install into the account in ``X-Cyclr-Account``; ``AuthValue`` sets an API key at once."""
    connector = svc.registry.connector(connector_id)
    definition = connector.definition
    properties = body.property_map()
    app = await _install_app(svc, account.partner_id, connector, properties, api_key_given=body.auth_value is not None)
    known = {p.name for p in definition.properties}
    for name in properties:
        if name not in known:
            raise InputError(
                f"Unknown property {name} for {definition.name}; it takes: {', '.join(sorted(known)) or 'none'}"
            )
    for prop in definition.properties:
        if prop.required and not properties.get(prop.name):
            raise InputError(f"Required property {prop.display_name or prop.name} was not provided")
    row = AccountConnector(
        account_id=account.id,
        connector_key=connector.key,
        name=body.name or definition.name,
        description=body.description,
        properties={k: v for k, v in properties.items() if v is not None},
        credentials_version=0,
        auth_state="unauthenticated",
        oauth_app_encrypted=svc.secrets.encrypt(app) if app else None,
    )
    if body.auth_value is not None:
        if definition.auth_of("api_key") is None:
            raise InputError(f"{definition.name} does not take an API key (AuthValue); authenticate it with OAuth")
        if not body.auth_value.strip():
            raise InputError("AuthValue is empty")
    async with svc.db.session() as session:
        await svc.connections.writes.created(session, row, body.auth_value)
        return account_connector_out(row, connector)


APP_PROPERTIES = ("ClientId", "ClientSecret")


async def _install_app(
    svc: Services, partner_id: int, connector: Connector, properties: dict[str, str | None], *, api_key_given: bool
) -> dict[str, str] | None:
    """The OAuth app given with the install, taken out of ``properties``.

    When the partner has no app for an OAuth connector, each install must bring one (the
    ClientId and ClientSecret properties), unless it authenticates with an API key instead.
    """
    given = {name: properties.pop(name) for name in APP_PROPERTIES if name in properties}
    oauth = connector.definition.auth_of("oauth2")
    if oauth is None:
        if given:
            raise InputError(f"{connector.definition.name} does not use OAuth: ClientId and ClientSecret do not apply")
        return None
    if given.get("ClientId") and given.get("ClientSecret"):
        return {"client_id": str(given["ClientId"]), "client_secret": str(given["ClientSecret"])}
    if given:
        raise InputError("Give both ClientId and ClientSecret, or neither")
    async with svc.db.session() as session:
        settings = await get_settings(session, partner_id, connector.key)
    if settings and settings.client_id and settings.client_secret_encrypted:
        return None
    if api_key_given or connector.definition.auth_of("api_key") is not None:
        return None  # it can authenticate with an API key; OAuth needs the app later
    raise InputError(
        f"{connector.definition.name} needs an OAuth app: set ClientId and ClientSecret in the connector "
        f"settings (PUT /v1.0/connectors/{connector.id}/settings) or pass them as install Properties"
    )
