"""Partner-level connector settings: ``/v1.0/connectors/{id}/settings`` (the partner's OAuth app, signing secrets,
whether it is offered, and property values for every install)."""

from __future__ import annotations

from fastapi import APIRouter

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import PartnerDep, ServicesDep
from switchboard.api.schemas import Id
from switchboard.api.services import Services
from switchboard.api.settings_schemas import ConnectorSettingsIn, ConnectorSettingsOut, PartnerPropertyOut
from switchboard.catalog.models import OAuth2Auth
from switchboard.catalog.registry import Connector
from switchboard.connections.offer import is_enabled, unusable_reason
from switchboard.connections.partner_properties import check_names, set_partner_values, shown
from switchboard.connections.setup import check_app, put_app
from switchboard.store.hooks import partner_hook_key, set_signing_secrets
from switchboard.store.models import ConnectorSetting
from switchboard.store.oauth import get_settings, set_enabled
from switchboard.store.partner_properties import PartnerProperties, get_partner_properties

_APP_FIELDS = {"client_id", "client_secret", "scopes"}
_OTHER_FIELDS = {"webhook_signing_secret", "webhook_signing_secret_secondary", "enabled", "properties"}

router = APIRouter(prefix="/v1.0/connectors", tags=["Connectors"], route_class=JsonRoute)


def settings_out(
    svc: Services,
    connector: Connector,
    row: ConnectorSetting | None,
    hook_key: str,
    values: PartnerProperties | None = None,
) -> ConnectorSettingsOut:
    oauth = connector.definition.auth_of("oauth2")
    hooks = connector.definition.webhooks
    reason = unusable_reason(connector, row)
    return ConnectorSettingsOut(
        client_id=row.client_id if row else None,
        client_secret_set=bool(row and row.client_secret_encrypted),
        scopes=row.scopes
        if row and row.scopes is not None
        else (oauth.scopes if isinstance(oauth, OAuth2Auth) else []),
        available_scopes=oauth.scopes if isinstance(oauth, OAuth2Auth) else [],
        callback_url=svc.callback_url,
        hook_url=svc.hook_url(hook_key, connector.key) if hooks is not None and hooks.route is not None else None,
        webhook_signing_secret_set=bool(row and row.hook_secrets_encrypted),
        enabled=is_enabled(row),
        usable=reason is None,
        unusable_reason=reason,
        properties=[PartnerPropertyOut(id=v.id, name=v.name, value=v.value) for v in shown(connector, values)],
    )


@router.get("/{connector_id}/settings", response_model=ConnectorSettingsOut)
async def read_settings(svc: ServicesDep, partner: PartnerDep, connector_id: Id) -> ConnectorSettingsOut:
    """The partner's OAuth app for this connector and its property values for every install; secrets are never
    shown, only whether they are set."""
    connector = svc.registry.connector(connector_id)
    async with svc.db.session() as session:
        row = await get_settings(session, partner, connector.key)
        hook_key = await partner_hook_key(session, partner)
        values = await get_partner_properties(session, partner, connector.key)
    return settings_out(svc, connector, row, hook_key, values)


@router.put("/{connector_id}/settings", response_model=ConnectorSettingsOut)
async def write_settings(
    svc: ServicesDep, partner: PartnerDep, connector_id: Id, body: ConnectorSettingsIn
) -> ConnectorSettingsOut:
    """Set ClientId, ClientSecret (write-only; omit it to keep the stored one, "" to clear) and Scopes,
    the provider's webhook signing secrets (write-only likewise), Enabled (offered to end users) and Properties
    (values for every install, an install's own winning; secret ones write-only). A body with only the signing
    secrets, Enabled or Properties leaves the OAuth app as it is."""
    connector = svc.registry.connector(connector_id)
    given = body.property_map()
    app = bool(body.model_fields_set & _APP_FIELDS or not body.model_fields_set & _OTHER_FIELDS)
    signing = body.webhook_signing_secret is not None or body.webhook_signing_secret_secondary is not None
    # Every part checked before any is written, then all written in one transaction: a refused part leaves the
    # stored settings as they were, never half of the body applied.
    if given is not None:
        check_names(connector, list(given))
    if app:
        check_app(connector, body.scopes)
    writes = svc.connections.writes
    async with svc.db.session() as session:
        if given is not None:  # the hosts its values fill are checked (reads only) before its first write
            await set_partner_values(session, writes, partner, connector, given)
        if app:
            await put_app(
                session,
                svc.secrets,
                partner,
                connector,
                client_id=body.client_id,
                client_secret=body.client_secret,
                scopes=body.scopes,
            )
        if signing:
            await set_signing_secrets(
                session,
                svc.secrets,
                partner,
                connector.key,
                primary=body.webhook_signing_secret,
                secondary=body.webhook_signing_secret_secondary,
            )
        if body.enabled is not None:
            await set_enabled(session, partner, connector.key, body.enabled)
    # Once committed: cached connections carry the partner's values and app; cached hook keys its client secret
    # and signing secrets.
    if given is not None or app:
        writes.forget_all()
    if app or signing:
        svc.forget_hooks()
    return await read_settings(svc, partner, connector_id)
