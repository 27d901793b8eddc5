"""Catalogue and store objects in the Cyclr shapes of ``schemas`` and ``catalog_schemas``."""

from __future__ import annotations

from switchboard.api.catalog_schemas import (
    AccountConnectorOut,
    AuthenticationOut,
    ConnectorOut,
    ConnectorParameterOut,
    MethodOut,
    ParameterOut,
    RequestFieldOut,
    ResponseFieldOut,
    TriggerOut,
)
from switchboard.api.icons import connector_icon, letter_tile
from switchboard.api.schemas import ConnectionHealth, InstalledProperty
from switchboard.catalog.models import ApiKeyAuth, AuthDef
from switchboard.catalog.models.connector import placeholders
from switchboard.catalog.registry import Connector, Method
from switchboard.connections.status import health_of
from switchboard.store.models import AccountConnector

DATA_TYPES = {
    "string": "Text",
    "integer": "Integer",
    "number": "Decimal",
    "boolean": "Boolean",
    "datetime": "DateTime",
    "date": "Date",
    "object": "Object",
    "array": "List",
    "any": "Any",
}
TARGET_TYPES = {"path": "MergeField", "query": "QueryString", "header": "Header"}
AUTH_STATES = {
    "unauthenticated": "Unauthenticated",
    "authenticated": "Authenticated",
    "needs_reauth": "NeedsReauthentication",
}
STATUSES = {"Active": "Approved"}  # Cyclr's word for a connector ready to install


def connector_out(connector: Connector, chosen: AuthDef | None = None) -> ConnectorOut:
    """The catalogue's connector; its ``AuthType`` is ``chosen``'s (an account connector's) or its first auth's."""
    definition = connector.definition
    first = chosen or definition.auth[0]
    in_url = set(placeholders(definition.base_url))
    in_headers = {name for value in definition.headers.values() for name in placeholders(value)}
    return ConnectorOut(
        id=connector.id,
        name=definition.name,
        description=definition.description,
        version=definition.version,
        status=STATUSES.get(definition.status, definition.status),
        icon=connector_icon(connector),
        categories=list(definition.categories),
        auth_type=_auth_type(first),
        o_auth2_type=_oauth2_type(first),
        auth_scheme=_auth_scheme(first),
        authentication=[_authentication(connector, a) for a in definition.auth],
        is_partner_integration_connector=definition.is_partner_integration,
        method_count=connector.method_count,
        parameters=[
            ConnectorParameterOut(
                id=p.id,
                name=p.definition.display_name or p.definition.name,
                target_name=p.definition.name,
                target_type="MergeField"
                if p.definition.name in in_url
                else "HttpHeader"
                if p.definition.name in in_headers
                else "Script",
                is_sensitive=p.definition.secret,
                is_optional=not p.definition.required,
                description=p.definition.description,
                display_name=p.definition.display_name or p.definition.name,
                is_secret=p.definition.secret,
            )
            for p in connector.properties
        ],
        triggers=[_trigger(m) for m in connector.triggers],
    )


def _auth_type(auth: AuthDef) -> str:
    if isinstance(auth, ApiKeyAuth):
        return "Basic" if auth.encoding == "base64" else "ApiKey"
    return "OAuth2"


def _oauth2_type(auth: AuthDef) -> str:
    """Cyclr's OAuth2Type: the grant (client credentials are OAuth2 to Cyclr, as PayPal's are); ``Unknown`` beside
    an API key or Basic, as Cyclr answers (a typed client's enum has no null)."""
    if isinstance(auth, ApiKeyAuth):
        return "Unknown"
    return "ClientCredentials" if auth.type == "client_credentials" else "AuthorisationCode"


def _auth_scheme(auth: AuthDef) -> str | None:
    return auth.name if isinstance(auth, ApiKeyAuth) else None


_AUTH_NAMES = {"OAuth2": "OAuth 2.0", "ApiKey": "API Key", "Basic": "HTTP Basic"}


def _authentication(connector: Connector, auth: AuthDef) -> AuthenticationOut:
    kind = _auth_type(auth)
    return AuthenticationOut(
        id=connector.authentication_id(auth),
        auth_name=_AUTH_NAMES[kind],
        auth_type=kind,
        o_auth2_type=_oauth2_type(auth),
        auth_scheme=_auth_scheme(auth),
    )


def _trigger(method: Method) -> TriggerOut:
    return TriggerOut(
        trigger_id=method.id, name=method.name, method_unique_identifier=method.unique_id, method_id=method.id
    )


def _triggers_of(connector: Connector | None, name: str | None) -> list[TriggerOut]:
    if connector is None or name is None:
        return []
    return [_trigger(m) for m in connector.triggers if m.name == name]


def method_out(method: Method, connector: Connector | None = None) -> MethodOut:
    """``connector`` (the method's own) fills ``EndPoint`` and the parameters' ``Triggers``."""
    definition = method.definition
    base = connector.definition.base_url if connector else ""
    return MethodOut(
        id=method.id,
        name=definition.name,
        description=definition.description,
        category=definition.category,
        method_unique_identifier=method.unique_id,
        method_type="Action",
        end_point=base + definition.path if definition.http else "",
        http_method=definition.verb,
        paginated=method.pagination is not None,
        parameters=[
            ParameterOut(
                id=p.id,
                name=p.definition.name,
                description=p.definition.description,
                target_type=TARGET_TYPES[p.definition.in_],
                target_name=p.definition.target,
                is_optional=not p.definition.required,
                data_type=DATA_TYPES[p.definition.type],
                values=p.definition.values,
                trigger_name=p.definition.trigger,
                triggers=_triggers_of(connector, p.definition.trigger),
            )
            for p in method.parameters
        ],
        request_fields=[
            RequestFieldOut(
                id=f.id,
                location=f.definition.location,
                display_name=f.definition.name,
                description=f.definition.description,
                is_optional=not f.definition.required,
                data_type=DATA_TYPES[f.definition.type],
                values=f.definition.values,
                trigger_name=f.definition.trigger,
                triggers=_triggers_of(connector, f.definition.trigger),
            )
            for f in method.fields
        ],
        response_fields=[
            ResponseFieldOut(
                id=f.id,
                location=f.definition.location,
                display_name=f.definition.name,
                description=f.definition.description,
                data_type=DATA_TYPES[f.definition.type],
            )
            for f in method.response_fields
        ],
    )


def account_connector_out(row: AccountConnector, connector: Connector | None) -> AccountConnectorOut:
    """``connector`` is None when its definition is no longer loaded: shown by its key, as Deprecated."""
    shown = connector.definition.masked(row.properties) if connector else {k: "********" for k in row.properties}
    ids = {p.definition.name: p.id for p in connector.properties} if connector else {}
    return AccountConnectorOut(
        id=row.id,
        name=row.name,
        description=row.description,
        # The authentication it was installed or signed in with, as Cyclr's account connector shows it.
        connector=connector_out(connector, connector.definition.auth_of(row.auth_type or ""))
        if connector
        else _missing(row.connector_key),
        authenticated=row.auth_state == "authenticated",
        auth_state=AUTH_STATES.get(row.auth_state, row.auth_state),
        auth_error=row.auth_error,
        verified=row.verified,
        verification_error=row.verification_error,
        is_partner_integration_connector=connector.definition.is_partner_integration if connector else False,
        properties=[
            InstalledProperty(name=k, value=v, id=ids.get(k), account_connector_id=row.id) for k, v in shown.items()
        ],
        health=_health(row),
        created_date=row.created_at,
    )


def _missing(key: str) -> ConnectorOut:
    return ConnectorOut(
        id=0,
        name=key,
        description="",
        version="",
        status="Deprecated",
        icon=letter_tile(key, key),
        categories=[],
        auth_type="",
        authentication=[],
        is_partner_integration_connector=False,
        method_count=0,
        parameters=[],
        triggers=[],
    )


def _health(row: AccountConnector) -> ConnectionHealth:
    h = health_of(row)
    return ConnectionHealth(
        state=h.state,
        last_refreshed=h.last_refreshed,
        last_error=h.last_error,
        consecutive_failures=h.consecutive_failures,
        next_attempt=h.next_attempt,
    )
