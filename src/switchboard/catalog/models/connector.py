"""Connector definitions: the pydantic models that ``connectors/*/connector.yaml`` must satisfy.

Validate at the edge, then trust the types: every model forbids unknown keys and is frozen,
and cross-field rules (path placeholders, unique names) live in model validators. A trimmed
example::

    key: salesloft
    name: Salesloft
    version: "2.0"
    base_url: https://api.salesloft.com
    auth:
      - {type: api_key, header: Authorization, format: "Bearer {key}"}
    rate_limits:
      - {name: team_minute, limit: 600, per: 60s, scope: account_connector,
         cost: {type: page_depth, param: page, tiers: [{from_page: 101, cost: 3}]}}
    pagination: {type: page_number, page_param: page, size_param: per_page, size: 100,
                 records: data, next: metadata.paging.next_page}
    methods:
      - name: Get person
        unique_id: 5b0d0c1e-4d2a-4c61-9d55-2f4f8f0b7a10
        http: GET /v2/people/{person_id}
        parameters:
          - {target: person_id, in: path, name: Person ID, type: integer, required: true}
"""

from __future__ import annotations

import re
import string
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DataType = Literal["string", "integer", "number", "boolean", "datetime", "date", "object", "array", "any"]
HttpVerb = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
BodyFormat = Literal["json", "form", "xml"]
QueryStyle = Literal["repeat", "brackets", "comma", "space"]

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h|d)$")
_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PLACEHOLDER = re.compile(r"{([^{}]+)}")


def parse_duration(value: str | float | int) -> float:
    """Seconds from ``250ms``, ``1s``, ``60s``, ``1m``, ``1d`` or a plain number."""
    if isinstance(value, int | float):
        return float(value)
    match = _DURATION.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a duration such as 1s, 60s, 1m or 1d")
    return float(match.group(1)) * _DURATION_UNITS[match.group(2)]


class Model(BaseModel):
    """Base of every definition model: unknown keys are errors and values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- authentication ------------------------------------------------------------------------


class ApiKeyAuth(Model):
    """An API key that the account connector's ``AuthValue`` supplies.

    ``{type: api_key, in: header, name: Authorization, format: "Bearer {key}"}``
    """

    type: Literal["api_key"]
    in_: Literal["header", "query"] = Field("header", alias="in")
    name: str = "Authorization"
    format: str = "Bearer {key}"

    @field_validator("format")
    @classmethod
    def _has_key(cls, value: str) -> str:
        if "{key}" not in value:
            raise ValueError("format must contain {key}")
        return value


class OAuth2Auth(Model):
    """OAuth2 authorization-code flow with refreshable tokens.

    ``{type: oauth2, authorize_url: ..., token_url: ..., scopes: [a, b], client_auth: basic}``
    """

    type: Literal["oauth2"]
    authorize_url: str
    token_url: str
    scopes: list[str] = []
    scope_separator: str = " "
    client_auth: Literal["basic", "body"] = "body"
    rotating_refresh_tokens: bool = False
    pkce: bool = False
    default_expires_in: int = 3600
    header_format: str = "Bearer {token}"


AuthDef = Annotated[ApiKeyAuth | OAuth2Auth, Field(discriminator="type")]


# --- rate limits ----------------------------------------------------------------------------


class CostTier(Model):
    """From page ``from_page`` on, a request costs ``cost``."""

    from_page: int = Field(ge=1)
    cost: int = Field(ge=1)


class PageDepthCost(Model):
    """Requests for deep pages cost more: ``{type: page_depth, param: page, tiers: [...]}``."""

    type: Literal["page_depth"]
    param: str = "page"
    tiers: list[CostTier]


class RateLimitDef(Model):
    """``limit`` units per ``per`` seconds, counted per account connector or per partner app.

    ``scope: partner_app`` counts every account of a partner that uses the partner's own OAuth
    app together (Constant Contact counts per API key); ``account_connector`` counts each
    connection alone (Salesloft counts per team).
    """

    name: str
    limit: int = Field(ge=1)
    per: float
    scope: Literal["account_connector", "partner_app"] = "account_connector"
    window: Literal["sliding", "utc_day"] = "sliding"
    cost: PageDepthCost | None = None

    @field_validator("per", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> float:
        return parse_duration(value)


# --- pagination -----------------------------------------------------------------------------


class PageNumberPagination(Model):
    """Numbered pages: ``?page=N&per_page=S``; stop when ``next`` reads null.

    ``{type: page_number, page_param: page, size_param: per_page, size: 100, records: data,
    next: metadata.paging.next_page}``
    """

    type: Literal["page_number"]
    page_param: str = "page"
    size_param: str = "per_page"
    size: int = Field(100, ge=1)
    first_page: int = 1
    records: str
    next: str


class CursorLinkPagination(Model):
    """A link to the next page in the body: ``{type: cursor_link, size_param: limit, size: 500,
    records: contacts, next: _links.next.href}``. Host-relative links are resolved against the
    connector's base URL; links to another host are refused."""

    type: Literal["cursor_link"]
    size_param: str | None = None
    size: int | None = Field(None, ge=1)
    cursor_param: str = "cursor"
    records: str
    next: str


PaginationDef = Annotated[PageNumberPagination | CursorLinkPagination, Field(discriminator="type")]


class MethodPagination(Model):
    """A method's pagination: the connector's strategy, with these keys overridden."""

    records: str | None = None
    size: int | None = Field(None, ge=1)


# --- outputs --------------------------------------------------------------------------------


class DdlOutput(Model):
    """Normalize records to ``{"result": [{"text": ..., "value": ...}]}`` (dynamic drop-downs).

    ``text`` and ``value`` are dot paths into each record, or templates such as
    ``"{first_name} {last_name}"``.
    """

    type: Literal["ddl"]
    records: str | None = None
    text: str
    value: str


class RawHttpOutput(Model):
    """Answer ``{"response": {"status_code", "headers", "body"}}`` (Raw HTTP request methods)."""

    type: Literal["raw_http"]


class StaticOption(Model):
    text: str
    value: str | int | float | bool


class StaticOutput(Model):
    """A fixed drop-down list answered without calling the third party:
    ``{type: static, options: [{text: Account, value: account}, {text: Person, value: person}]}``"""

    type: Literal["static"]
    options: list[StaticOption] = Field(min_length=1)


OutputDef = Annotated[DdlOutput | RawHttpOutput | StaticOutput, Field(discriminator="type")]


# --- method inputs --------------------------------------------------------------------------


class ParameterDef(Model):
    """A value sent in the path (a MergeField), the query string or a header.

    ``target`` is the TargetName callers use; ``api_name`` the name on the wire when it differs.
    """

    target: str
    name: str
    in_: Literal["path", "query", "header"] = Field(alias="in")
    type: DataType = "string"
    required: bool = False
    description: str = ""
    values: list[str | int | float | bool] | None = None
    default: str | int | float | bool | None = None
    api_name: str | None = None
    style: QueryStyle | None = None

    @property
    def wire_name(self) -> str:
        return self.api_name or self.target


class FieldDef(Model):
    """A request body value at ``location`` (dot notation), sent at ``api_name`` when it differs.

    ``transform: key_value_object`` turns ``[{"key": k, "value": v}]`` into ``{k: v}``.
    """

    location: str
    name: str
    type: DataType = "string"
    required: bool = False
    description: str = ""
    values: list[str | int | float | bool] | None = None
    api_name: str | None = None
    transform: Literal["key_value_object"] | None = None

    @property
    def wire_location(self) -> str:
        return self.api_name or self.location


class ResponseFieldDef(Model):
    """A documented value of the answer, at ``location`` (dot notation)."""

    location: str
    name: str
    type: DataType = "string"
    description: str = ""


class MethodDef(Model):
    """One callable operation of a connector."""

    name: str
    unique_id: uuid.UUID
    description: str = ""
    category: str = ""
    http: str | None = None
    parameters: list[ParameterDef] = []
    fields: list[FieldDef] = []
    response_fields: list[ResponseFieldDef] = []
    body_format: BodyFormat | None = None
    body_root: str | None = None
    pagination: MethodPagination | None = None
    output: OutputDef | None = None
    raw_http: bool = False

    @property
    def verb(self) -> HttpVerb:
        return (self.http or "GET /").split(" ", 1)[0]  # type: ignore[return-value]

    @property
    def path(self) -> str:
        return (self.http or "GET /").split(" ", 1)[1]

    @property
    def calls_upstream(self) -> bool:
        return not isinstance(self.output, StaticOutput)

    @field_validator("http")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = value.split(" ")
        if len(parts) != 2 or parts[0] not in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
            raise ValueError("http must be '<VERB> /path', e.g. 'GET /v2/people/{person_id}'")
        if not parts[1].startswith("/"):
            raise ValueError("the path must start with /")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> MethodDef:
        if self.http is None and self.calls_upstream:
            raise ValueError("http is required (only methods with a static output call nothing)")
        targets = [p.target for p in self.parameters]
        if len(set(targets)) != len(targets):
            raise ValueError(f"parameter targets repeat: {sorted(t for t in targets if targets.count(t) > 1)}")
        locations = [f.location for f in self.fields]
        if len(set(locations)) != len(locations):
            raise ValueError(f"field locations repeat: {sorted(x for x in locations if locations.count(x) > 1)}")
        placeholders = set(_PLACEHOLDER.findall(self.path))
        path_params = {p.target for p in self.parameters if p.in_ == "path"}
        if placeholders != path_params:
            raise ValueError(
                f"path placeholders {sorted(placeholders)} must match the 'in: path' parameters {sorted(path_params)}"
            )
        if self.fields and self.verb in {"GET", "DELETE"} and not self.raw_http:
            raise ValueError(f"{self.verb} methods take parameters, not body fields")
        return self


# --- connector ------------------------------------------------------------------------------


class PropertyDef(Model):
    """A value set on each account connector at install (such as a subdomain)."""

    name: str
    display_name: str = ""
    required: bool = False
    secret: bool = False
    description: str = ""


class ConnectorDef(Model):
    """A connector: where its API lives, how it authenticates, pages and limits, and its methods."""

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: str
    version: str
    description: str = ""
    status: Literal["Active", "Beta", "Deprecated"] = "Active"
    base_url: str
    body_format: BodyFormat = "json"
    query_style: QueryStyle = "repeat"
    is_partner_integration: bool = False
    headers: dict[str, str] = {}
    auth: list[AuthDef] = Field(min_length=1)
    properties: list[PropertyDef] = []
    rate_limits: list[RateLimitDef] = []
    pagination: PaginationDef | None = None
    methods: list[MethodDef]

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("base_url must be an absolute http(s) URL")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _consistent(self) -> ConnectorDef:
        types = [a.type for a in self.auth]
        if len(set(types)) != len(types):
            raise ValueError("each auth type may appear once")
        for field in ("name", "unique_id"):
            seen: set[Any] = set()
            for method in self.methods:
                value = getattr(method, field)
                if value in seen:
                    raise ValueError(f"method {field} {value!s} appears twice")
                seen.add(value)
        for method in self.methods:
            if method.pagination is not None and self.pagination is None:
                raise ValueError(f"method {method.name!r} pages but the connector declares no pagination")
            for template in _templates(method.output):
                _check_template(template, method.name)
        return self

    def auth_of(self, kind: str) -> AuthDef | None:
        """The auth definition of type ``kind``, if the connector supports it."""
        return next((a for a in self.auth if a.type == kind), None)


def _templates(output: OutputDef | None) -> list[str]:
    return [output.text, output.value] if isinstance(output, DdlOutput) else []


def _check_template(template: str, method: str) -> None:
    try:
        list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"method {method!r}: bad template {template!r}: {exc}") from exc
