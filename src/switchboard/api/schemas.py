"""The Cyclr-shaped bodies of the public API (PascalCase on the wire)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_pascal
from pydantic_core import PydanticCustomError

from switchboard.store.accounts import API_ID_PATTERN, API_ID_RULE


class Schema(BaseModel):
    """PascalCase on the wire, snake_case in Python; unknown keys in requests are ignored like Cyclr.

    Keys are matched case-insensitively, as Cyclr's server matches them: ``MergeFields`` and
    ``Mergefields`` are one member (an exact spelling wins when a body has both).
    """

    model_config = ConfigDict(alias_generator=to_pascal, populate_by_name=True, serialize_by_alias=True)

    @model_validator(mode="before")
    @classmethod
    def _any_case(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        exact, folded = _member_names(cls)
        if all(key in exact for key in data):  # the usual case, and every object the presenters build
            return data
        matched = {key: value for key, value in data.items() if key in exact}
        for key, value in data.items():
            if key not in exact and isinstance(key, str):
                matched.setdefault(folded.get(key.lower(), key), value)
        return matched


@cache
def _member_names(model: type[BaseModel]) -> tuple[frozenset[str], dict[str, str]]:
    """A model's exact member names (aliases and Python names), and its aliases by their lower case."""
    exact: set[str] = set()
    folded: dict[str, str] = {}
    for name, info in model.model_fields.items():
        alias = info.alias or name
        exact.update((name, alias))
        folded.setdefault(name.lower(), name)
        folded[alias.lower()] = alias
    return frozenset(exact), folded


# Numeric ids in paths: 32-bit like the SQL columns, so an out-of-range number is a 400, not a
# database overflow.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


# --- partner token --------------------------------------------------------------------------


class TokenResponse(BaseModel):
    token_type: str = "bearer"  # noqa: S105 - a token kind, not a secret
    access_token: str
    expires_in: int


# --- accounts -------------------------------------------------------------------------------


class AccountIn(Schema):
    id: str | None = Field(
        None,
        description=f"API ID, {API_ID_RULE}; a GUID is generated when omitted",
        json_schema_extra={"pattern": API_ID_PATTERN},
    )
    name: str = Field(min_length=1, max_length=200)

    @field_validator("name", mode="before")
    @classmethod
    def _named(cls, value: Any) -> Any:
        # An empty name is refused as a missing one, in Cyclr's words: "Name is required".
        if isinstance(value, str) and not value.strip():
            raise PydanticCustomError("missing", "Field required")
        return value

    description: str = Field("", max_length=10_000)
    timezone: str = Field("UTC", max_length=64)

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str | None) -> str | None:
        if value is not None and re.fullmatch(API_ID_PATTERN, value, flags=re.ASCII) is None:
            raise ValueError(f"must be {API_ID_RULE}")
        return value


class AccountUpdate(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    timezone: str | None = Field(None, max_length=64)


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]


class AccountOut(Schema):
    id: str
    name: str
    description: str
    timezone: str
    created_date: UtcDatetime


# --- connectors (the library) ---------------------------------------------------------------


class ConnectorProperty(Schema):
    name: str
    display_name: str
    is_optional: bool
    is_secret: bool
    description: str


class ConnectorOut(Schema):
    id: int
    name: str
    description: str
    version: str
    status: str
    auth_type: str
    o_auth2_type: str | None = Field(None, alias="OAuth2Type")
    is_partner_integration_connector: bool
    method_count: int
    parameters: list[ConnectorProperty]


class ParameterOut(Schema):
    id: int
    name: str
    description: str
    target_type: str
    target_name: str
    is_optional: bool
    data_type: str
    values: list[Any] | None = None


class RequestFieldOut(Schema):
    id: int
    location: str
    display_name: str
    description: str
    is_optional: bool
    data_type: str
    values: list[Any] | None = None


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
    http_method: str
    paginated: bool
    parameters: list[ParameterOut]
    request_fields: list[RequestFieldOut]
    response_fields: list[ResponseFieldOut]


# --- account connectors ---------------------------------------------------------------------


class PropertyValue(Schema):
    name: str = Field(min_length=1, max_length=200)
    value: str | None = Field(None, max_length=10_000)


AUTH_VALUE = (
    "Authenticates at once (write-only: never echoed back). An API key as it is; for HTTP Basic, base64 of "
    'username:password; for OAuth, the token set held elsewhere as a JSON string, {"AccessToken": ..., '
    '"RefreshToken": ..., "Expires": "2030-01-01T00:00:00Z"}, or a bare access token'
)


class InstallIn(Schema):
    name: str | None = Field(None, max_length=200)
    description: str = Field("", max_length=10_000)
    auth_value: str | None = Field(None, max_length=10_000, description=AUTH_VALUE)
    properties: list[PropertyValue] | dict[str, str | None] = Field(default_factory=list)

    def property_map(self) -> dict[str, str | None]:
        if isinstance(self.properties, dict):
            return dict(self.properties)
        return {p.name: p.value for p in self.properties}


class AccountConnectorUpdate(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    auth_value: str | None = Field(None, max_length=10_000, description=AUTH_VALUE)
    properties: list[PropertyValue] | dict[str, str | None] | None = None

    def property_map(self) -> dict[str, str | None] | None:
        if self.properties is None:
            return None
        if isinstance(self.properties, dict):
            return dict(self.properties)
        return {p.name: p.value for p in self.properties}


class ConnectorRef(Schema):
    id: int
    name: str
    version: str


class ConnectionHealth(Schema):
    """Token upkeep: ``Healthy``, ``RefreshFailing`` (retrying), ``NeedsReauthentication`` or ``NotApplicable``."""

    state: str
    last_refreshed: UtcDatetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    next_attempt: UtcDatetime | None = None


class AccountConnectorOut(Schema):
    id: int
    name: str
    description: str
    connector: ConnectorRef
    authenticated: bool
    auth_state: str
    auth_error: str | None = None
    properties: list[PropertyValue]
    health: ConnectionHealth | None = None
    created_date: UtcDatetime
    hook_url: str | None = Field(
        None, description="This connection's own webhook URL, to give the provider's create-webhook method"
    )
    hook_token: str | None = Field(
        None,
        description="The secret the provider signs this connection's webhooks with, where it takes one "
        "(Salesloft's callback_token, Pipedrive's http_auth_password with user switchboard, Jira's secret)",
    )


# --- OAuth -----------------------------------------------------------------------------------


class ConnectorSettingsIn(Schema):
    client_id: str | None = Field(None, max_length=500)
    client_secret: str | None = Field(None, max_length=2_000, description="Write-only; omit to keep, empty to clear")
    scopes: list[str] | None = None
    webhook_signing_secret: str | None = Field(
        None,
        max_length=2_000,
        description="The provider's webhook signing secret; write-only, omit to keep, empty to clear",
    )
    webhook_signing_secret_secondary: str | None = Field(
        None, max_length=2_000, description="A second signing key (Box); write-only, omit to keep, empty to clear"
    )
    enabled: bool | None = Field(
        None, description="Offer this connector to end users on the connect page (default true); omit to keep"
    )


class ConnectorSettingsOut(Schema):
    client_id: str | None
    client_secret_set: bool
    scopes: list[str]
    available_scopes: list[str]
    callback_url: str = Field(description="Register this redirect URI with the provider")
    hook_url: str | None = Field(
        None, description="Register this webhook URL in the provider's app settings (connectors routed by payload)"
    )
    webhook_signing_secret_set: bool = False
    enabled: bool = Field(True, description="Offered to end users on the connect page (when usable)")
    usable: bool = Field(True, description="Whether end users could connect it as set up")
    unusable_reason: str | None = Field(None, description="Why not, when it is not usable")


class SignInTokenOut(Schema):
    token: str
    expires_in: int


# --- IP allow list --------------------------------------------------------------------------


class IpAllowList(Schema):
    """The addresses allowed to call methods; empty allows any."""

    cidrs: list[Annotated[str, Field(max_length=64)]] = Field(
        max_length=10_000, description="CIDRs such as 203.0.113.0/24 or 2001:db8::/32; a bare address is a /32"
    )


# --- method calls ---------------------------------------------------------------------------


class CallById(Schema):
    """``POST .../methods/{methodId}``: values keyed by numeric Id."""

    parameters: dict[str, Any] | None = None
    fields: dict[str, Any] | None = None
    mergefields: dict[str, Any] | None = None


class CallByName(Schema):
    """``POST .../methods/{methodId}/body``: values keyed by TargetName, RequestBody as a string."""

    request_body: str | None = Field(None, description="A JSON (or XML) string whose keys are field Locations")
    parameters: dict[str, Any] | None = None
    mergefields: dict[str, Any] | None = None
    custom_category_id: int | None = None


class ExchangeRequestOut(Schema):
    method: str
    url: str
    headers: dict[str, str]
    body: Any = None


class ExchangeResponseOut(Schema):
    status: int
    headers: dict[str, str]
    body: Any = None


class ExchangeOut(Schema):
    """One request a ``/test/`` call sent, and its answer or the error that replaced it."""

    request: ExchangeRequestOut
    response: ExchangeResponseOut | None
    error: str | None
    elapsed_ms: float


class TestCallOut(Schema):
    """``/test/``: the method's answer beside every exchange with the third party (secrets redacted)."""

    status: int
    response: Any
    exchanges: list[ExchangeOut]
