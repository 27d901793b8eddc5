"""Catalogue and store objects in the Cyclr shapes of ``schemas``."""

from __future__ import annotations

from switchboard.api.schemas import (
    AccountConnectorOut,
    ConnectionHealth,
    ConnectorOut,
    ConnectorProperty,
    ConnectorRef,
    MethodOut,
    ParameterOut,
    PropertyValue,
    RequestFieldOut,
    ResponseFieldOut,
)
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


def connector_out(connector: Connector) -> ConnectorOut:
    definition = connector.definition
    first = definition.auth[0]
    return ConnectorOut(
        id=connector.id,
        name=definition.name,
        description=definition.description,
        version=definition.version,
        status=definition.status,
        auth_type="OAuth2" if first.type == "oauth2" else "ApiKey",
        o_auth2_type="AuthorisationCode" if definition.auth_of("oauth2") else None,
        is_partner_integration_connector=definition.is_partner_integration,
        method_count=len(connector.methods),
        parameters=[
            ConnectorProperty(
                name=p.name,
                display_name=p.display_name or p.name,
                is_optional=not p.required,
                is_secret=p.secret,
                description=p.description,
            )
            for p in definition.properties
        ],
    )


def method_out(method: Method) -> MethodOut:
    definition = method.definition
    return MethodOut(
        id=method.id,
        name=definition.name,
        description=definition.description,
        category=definition.category,
        method_unique_identifier=method.unique_id,
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
    shown = connector.definition.masked(row.properties) if connector else row.properties
    return AccountConnectorOut(
        id=row.id,
        name=row.name,
        description=row.description,
        connector=ConnectorRef(
            id=connector.id if connector else 0,
            name=connector.definition.name if connector else row.connector_key,
            version=connector.definition.version if connector else "",
        ),
        authenticated=row.auth_state == "authenticated",
        auth_state=AUTH_STATES.get(row.auth_state, row.auth_state),
        auth_error=row.auth_error,
        properties=[PropertyValue(name=k, value=v) for k, v in shown.items()],
        health=_health(row),
        created_date=row.created_at,
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
