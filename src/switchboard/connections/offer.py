"""Which connectors a partner offers its end users: enabled, and able to work as set up."""

from __future__ import annotations

from switchboard.catalog.registry import Connector
from switchboard.store.models import ConnectorSetting


def has_app(settings: ConnectorSetting | None) -> bool:
    """Whether the partner set its own OAuth app (ClientId and ClientSecret) for the connector."""
    return settings is not None and bool(settings.client_id) and settings.client_secret_encrypted is not None


def unusable_reason(connector: Connector, settings: ConnectorSetting | None) -> str | None:
    """Why an end user could not connect (said to the partner in the console), or None.

    An OAuth-only connector needs the partner's OAuth app; one that also takes an API key works without.
    """
    definition = connector.definition
    if definition.is_partner_integration:
        return "A partner integration: not for end users"
    if definition.auth_of("api_key") is None and definition.auth_of("oauth2") is not None and not has_app(settings):
        return "Needs an OAuth app: set ClientId and ClientSecret"
    return None


def is_enabled(settings: ConnectorSetting | None) -> bool:
    return settings is None or settings.enabled


def offered(connector: Connector, settings: ConnectorSetting | None) -> bool:
    """Shown on the connect page: the partner enabled it and it can work."""
    return is_enabled(settings) and unusable_reason(connector, settings) is None
