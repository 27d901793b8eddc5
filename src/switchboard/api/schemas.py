"""The Cyclr-shaped bodies of the public API (PascalCase on the wire)."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_pascal
from pydantic_core import PydanticCustomError

from switchboard.numbers import signed_int
from switchboard.store.accounts import API_ID_PATTERN, API_ID_RULE
from switchboard.store.properties import MAX_NAME_CHARS, MAX_VALUE_CHARS


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
    """Cyclr's (OWIN's) token answer: ``.issued`` and ``.expires`` are HTTP dates (RFC 7231)."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    token_type: str = "bearer"  # noqa: S105 - a token kind, not a secret
    access_token: str
    expires_in: int
    client_id: str = Field(alias="clientId")
    issued: str = Field(alias=".issued")
    expires: str = Field(alias=".expires")


class MessageOut(Schema):
    """An answer that is only a sentence, as Cyclr's are."""

    message: str


# --- accounts -------------------------------------------------------------------------------


_HOURS_KEYS = ("stepdatasuccessretentionhours", "stepdataerroredretentionhours")


class AccountSettings(Schema):
    """Cyclr's account settings; ``api.account_settings`` validates them with Cyclr's messages."""

    step_data_success_retention_hours: int | None = Field(None, description="0 to 744; more is taken as 744")
    step_data_errored_retention_hours: int | None = Field(None, description="0 to 744; more is taken as 744")
    transaction_error_webhook_enabled: bool | None = None
    transaction_error_webhook_url: str | None = Field(
        None, max_length=2_000, description="Where call.failed events for this account go; https:// when no scheme"
    )
    transaction_error_webhook_include_warnings: bool | None = Field(
        None, description="Also send ratelimit.exhausted events"
    )
    audit_info: str | None = Field(None, max_length=10_000)
    task_audit_info: str | None = Field(None, max_length=10_000)

    @model_validator(mode="before")
    @classmethod
    def _lenient_hours(cls, data: Any) -> Any:
        """A retention value that is not a number is ignored (no change), as Cyclr's server does."""
        if not isinstance(data, dict):
            return data
        return {
            k: v
            for k, v in data.items()
            if not (str(k).lower() in _HOURS_KEYS and isinstance(v, str) and signed_int(v) is None)
        }


@cache
def _zones() -> frozenset[str]:
    """The IANA time zone names this machine knows (its tz database, or the tzdata package); empty: none known."""
    return frozenset(zoneinfo.available_timezones())


def _iana(value: str | None) -> str | None:
    """``value`` when it names an IANA time zone (Cyclr's ``Timezone``: "Europe/London"), else a 400."""
    zones = _zones()
    if value is not None and zones and value not in zones and value != "UTC":
        raise ValueError(f"{value[:64]!r} is no IANA time zone name, such as Europe/London or UTC")
    return value


class AccountIn(AccountSettings):
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
    timezone: Annotated[str, AfterValidator(_iana)] = Field("UTC", max_length=64)
    parent_account_id: str | None = Field(
        None, max_length=200, description="Cyclr's sub-accounts, which Switchboard does not have: refused, not ignored"
    )

    @field_validator("parent_account_id")
    @classmethod
    def _no_sub_accounts(cls, value: str | None) -> str | None:
        # Ignored, it would make a top-level account that silently lacks its parent's connectors.
        if value is not None:
            raise ValueError("sub-accounts are not supported; create the account without ParentAccountId")
        return value

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str | None) -> str | None:
        if value is not None and re.fullmatch(API_ID_PATTERN, value, flags=re.ASCII) is None:
            raise ValueError(f"must be {API_ID_RULE}")
        return value


class AccountUpdate(AccountSettings):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    timezone: Annotated[str | None, AfterValidator(_iana)] = Field(None, max_length=64)


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
    audit_info: str | None
    task_audit_info: str | None
    step_data_success_retention_hours: int | None
    step_data_errored_retention_hours: int | None
    transaction_error_webhook_enabled: bool
    transaction_error_webhook_url: str | None
    transaction_error_webhook_include_warnings: bool


# --- account connectors ---------------------------------------------------------------------


def _one_value(value: Any) -> Any:
    """A property's value; an array of one is that one: Cyclr's "Install the connector" page types ``Value`` as
    ``array[string]`` ("Enter a value from the options in ``Parameters.Values``"), its example as a string."""
    if not isinstance(value, list):
        return value
    if len(value) == 1 and (value[0] is None or isinstance(value[0], str)):
        return value[0]
    raise PydanticCustomError("one_value", "a property holds one value: send it as a string (or an array of one)")


# A property's value as requests give it: a string, or an array of one string.
PropertyInput = Annotated[str | None, BeforeValidator(_one_value)]
VALUE_DESCRIPTION = "A string; an array of one string (as Cyclr's install page types Value) is taken as that string"


class PropertyValue(Schema):
    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    value: PropertyInput = Field(None, max_length=MAX_VALUE_CHARS, description=VALUE_DESCRIPTION)


# Properties as install, an update and the connector settings take them: [{Name, Value}] or {name: value}, each
# form held to the same lengths.
PropertiesIn = (
    list[PropertyValue]
    | dict[
        Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)],
        Annotated[str | None, Field(max_length=MAX_VALUE_CHARS)],
    ]
)


def property_map(given: PropertiesIn | None) -> dict[str, str | None] | None:
    """``{name: value}`` whichever form the caller sent; None when it sent none."""
    if given is None:
        return None
    return dict(given) if isinstance(given, dict) else {p.name: p.value for p in given}


class InstalledProperty(PropertyValue):
    """A property as an account connector shows it, with the ids ``/properties`` takes (Cyclr's shape)."""

    value: str | None = None  # as stored: one string (what a request may give as an array of one)
    id: int | None = Field(None, description="The connector parameter's Id; null for one no longer defined")
    account_connector_id: int


AUTH_VALUE = (
    "Authenticates at once (write-only: never echoed back). An API key as it is; for HTTP Basic, base64 of "
    'username:password; for OAuth, the token set held elsewhere as a JSON string, {"AccessToken": ..., '
    '"RefreshToken": ..., "Expires": "2030-01-01T00:00:00Z"}, or a bare access token'
)


class InstallIn(Schema):
    name: str | None = Field(None, max_length=200)
    description: str = Field("", max_length=10_000)
    authentication_id: str | None = Field(
        None, max_length=64, description="Which of the connector's Authentication entries (its Id) to use"
    )
    auth_value: str | None = Field(None, max_length=10_000, description=AUTH_VALUE)
    properties: PropertiesIn = Field(default_factory=list)

    def property_map(self) -> dict[str, str | None]:
        return property_map(self.properties) or {}


class AccountConnectorUpdate(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    auth_value: str | None = Field(None, max_length=10_000, description=AUTH_VALUE)
    properties: PropertiesIn | None = None

    def property_map(self) -> dict[str, str | None] | None:
        return property_map(self.properties)


class PropertyIn(Schema):
    """An account connector property to set: ``Name`` is the connector parameter's TargetName."""

    name: str | None = Field(None, max_length=200)
    value: PropertyInput = Field(None, max_length=10_000, description=VALUE_DESCRIPTION)
    id: int | None = Field(None, description="Ignored, as Cyclr ignores it: the property is found by Name")


class PropertyOut(Schema):
    """A property's value; a secret one's ``Value`` is always null (write-only)."""

    id: int
    name: str
    value: str | None
    account_connector_id: int
    from_partner: bool = Field(
        False, description="The partner's value for every install (connector settings), which this one leaves unset"
    )


class ConnectionHealth(Schema):
    """Token upkeep: ``Healthy``, ``RefreshFailing`` (retrying), ``NeedsReauthentication`` or ``NotApplicable``."""

    state: str
    last_refreshed: UtcDatetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    next_attempt: UtcDatetime | None = None


# --- OAuth -----------------------------------------------------------------------------------


class SignInTokenIn(Schema):
    """Cyclr's body: the end user's name, echoed in the answer (Switchboard has no per-user accounts)."""

    username: str | None = Field(None, max_length=200)


class SignInTokenOut(Schema):
    token: str
    expires_in: int
    expires_at_utc: UtcDatetime
    username: str | None = None


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
