"""Partner-level connector settings: ``/v1.0/connectors/{id}/settings`` (the partner's OAuth app)."""

from __future__ import annotations

from fastapi import APIRouter

from switchboard.api.deps import PartnerDep, ServicesDep
from switchboard.api.schemas import ConnectorSettingsIn, ConnectorSettingsOut, Id
from switchboard.api.services import Services
from switchboard.catalog.models import OAuth2Auth
from switchboard.catalog.registry import Connector
from switchboard.connections.setup import apply_settings
from switchboard.store.models import ConnectorSetting
from switchboard.store.oauth import get_settings

router = APIRouter(prefix="/v1.0/connectors", tags=["Connectors"])


def settings_out(svc: Services, connector: Connector, row: ConnectorSetting | None) -> ConnectorSettingsOut:
    oauth = connector.definition.auth_of("oauth2")
    return ConnectorSettingsOut(
        client_id=row.client_id if row else None,
        client_secret_set=bool(row and row.client_secret_encrypted),
        scopes=row.scopes
        if row and row.scopes is not None
        else (oauth.scopes if isinstance(oauth, OAuth2Auth) else []),
        available_scopes=oauth.scopes if isinstance(oauth, OAuth2Auth) else [],
        callback_url=svc.callback_url,
    )


@router.get("/{connector_id}/settings", response_model=ConnectorSettingsOut)
async def read_settings(svc: ServicesDep, partner: PartnerDep, connector_id: Id) -> ConnectorSettingsOut:
    """The partner's OAuth app for this connector; the secret is never shown, only whether it is set."""
    connector = svc.registry.connector(connector_id)
    async with svc.db.session() as session:
        row = await get_settings(session, partner, connector.key)
    return settings_out(svc, connector, row)


@router.put("/{connector_id}/settings", response_model=ConnectorSettingsOut)
async def write_settings(
    svc: ServicesDep, partner: PartnerDep, connector_id: Id, body: ConnectorSettingsIn
) -> ConnectorSettingsOut:
    """Set ClientId, ClientSecret (write-only; omit it to keep the stored one, "" to clear) and Scopes."""
    connector = svc.registry.connector(connector_id)
    row = await apply_settings(
        svc.db,
        svc.secrets,
        partner,
        connector,
        client_id=body.client_id,
        client_secret=body.client_secret,
        scopes=body.scopes,
    )
    svc.connections.writes.forget_all()  # cached connections carry the partner's app
    return settings_out(svc, connector, row)
