"""The connector library in Cyclr's shapes: Connector (with Authentication, Parameters, Triggers) and Method."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from switchboard.api.schemas import ConnectionHealth, InstalledProperty, Schema, UtcDatetime

# A lookup method's answer, {"result": [{"text": ..., "value": ...}]}, in the notation of Cyclr's trigger keys.
LOOKUP_TEXT = "[result].text"
LOOKUP_VALUE = "[result].value"


class TriggerOut(Schema):
    """A lookup (drop-down) method: ``POST /v1.0/account/connectors/{id}/triggers/{TriggerId}`` answers its options.

    Called as a method, it answers ``{"result": [{"text", "value"}]}``, which ``HumanReadableKey`` and ``IdentifierKey``
    name in Cyclr's notation (step setup's ``[lists].name``, ``[lists].id``)."""

    trigger_id: int = Field(description="The lookup method's Id")
    name: str
    method_unique_identifier: str
    method_id: int = Field(description="Cyclr's name for TriggerId: call .../methods/{MethodId} for the values")
    human_readable_key: str = Field(LOOKUP_TEXT, description="Where the answer holds what to show the user")
    identifier_key: str = Field(LOOKUP_VALUE, description="Where the answer holds the value to send")
    sub_triggers: list[dict[str, Any]] = Field([], description="Always empty: no lookup depends on another")


class AuthenticationOut(Schema):
    """One way a connector authenticates; pass its ``Id`` as ``AuthenticationId`` on install."""

    id: str
    auth_name: str
    auth_description: str | None = None
    auth_type: str
    o_auth2_type: str = Field("Unknown", alias="OAuth2Type")
    auth_scheme: str | None = None


class ConnectorParameterOut(Schema):
    """An account connector property: ``Name`` is its label, ``TargetName`` the name installs give it by."""

    id: int
    name: str
    target_name: str
    target_type: str
    is_account_connector_property: bool = True
    is_sensitive: bool
    is_optional: bool
    description: str
    data_type: str = "Text"
    values: list[Any] | None = None
    trigger_name: str | None = None
    triggers: list[TriggerOut] = []
    display_name: str = Field(description="Switchboard's earlier name for the label: the same as Name")
    is_secret: bool = Field(description="Switchboard's earlier name for IsSensitive")


class ConnectorOut(Schema):
    id: int
    name: str
    description: str
    version: str
    status: str = Field(description="Approved, Beta or Deprecated")
    icon: str = Field(
        description="Base64 of a PNG image, with no data: prefix (Cyclr's \"Base64 image data for the connector "
        "icon\"): the connector's logo.png, else a 64x64 letter tile"
    )
    categories: list[str]
    auth_description: str | None = None
    auth_type: str
    o_auth2_type: str = Field("Unknown", alias="OAuth2Type")
    auth_scheme: str | None = None
    authentication: list[AuthenticationOut]
    is_partner_integration_connector: bool
    method_count: int
    parameters: list[ConnectorParameterOut]
    triggers: list[TriggerOut]


class ParameterOut(Schema):
    id: int
    name: str
    description: str
    target_type: str
    target_name: str
    is_optional: bool
    data_type: str
    values: list[Any] | None = None
    trigger_name: str | None = None
    triggers: list[TriggerOut] = []


class RequestFieldOut(Schema):
    id: int
    location: str
    display_name: str
    description: str
    is_optional: bool
    data_type: str
    values: list[Any] | None = None
    trigger_name: str | None = None
    triggers: list[TriggerOut] = []


class ResponseFieldOut(Schema):
    id: int
    location: str
    display_name: str
    description: str
    data_type: str


class MethodOut(Schema):
    id: int
    name: str
    description: str
    category: str
    method_unique_identifier: str
    method_type: str = Field(description="Action (Cyclr's Webhook methods have no counterpart here)")
    end_point: str = Field(description="The third party's URL; {placeholders} are merge fields and properties")
    http_method: str
    paginated: bool
    parameters: list[ParameterOut]
    request_fields: list[RequestFieldOut]
    response_fields: list[ResponseFieldOut]


class TriggerOption(Schema):
    """One option of a lookup: what the user sees (``Name``) and what is sent (``Value``)."""

    name: str
    value: Any


class AccountConnectorOut(Schema):
    """An installed connector; its credentials (``AuthValue``) are never echoed."""

    id: int
    name: str
    description: str
    connector: ConnectorOut
    authenticated: bool
    auth_state: str
    auth_error: str | None = None
    verified: bool | None = Field(
        None,
        description="How the connector's credentials check went when these credentials were saved: true passed, "
        "false could not be made (the provider unreachable; VerificationError says why), null not made",
    )
    verification_error: str | None = Field(None, description="Why the credentials check could not be made")
    is_partner_integration_connector: bool
    auth_value: None = Field(None, description="Always null: credentials are write-only, never echoed")
    properties: list[InstalledProperty]
    custom_fields: list[dict[str, Any]] = Field(default_factory=list, description="Always empty: no custom fields")
    health: ConnectionHealth | None = None
    created_date: UtcDatetime
    hook_url: str | None = Field(
        None,
        description="This connection's own webhook URL, to give the provider's create-webhook method; given by GET "
        "/v1.0/account/connectors/{id} only (null in lists and in the install and update answers)",
    )
    hook_token: str | None = Field(
        None,
        description="The secret the provider signs this connection's webhooks with, where it takes one "
        "(Salesloft's callback_token, Pipedrive's http_auth_password with user switchboard, Jira's secret); given by "
        "GET /v1.0/account/connectors/{id} only, which makes it when first asked",
    )
