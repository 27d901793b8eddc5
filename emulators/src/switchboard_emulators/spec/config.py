"""What a vendor's spec leaves out, for the spec-driven emulator: a small YAML file per API.

Example (every key optional; unknown keys are refused)::

    spec: hubspot-crm-contacts.json   # the spec file this config goes with
    base_path: /crm/v3            # default: the path of the spec's first server URL
    base_paths: [/api/2.0]        # more paths the API answers under, any operation (besides those of the
                                  # servers its operations name of their own: Box's upload host's)
    records_path: results         # where list answers hold their records (default: found in the schema;
                                  # a list: the first of them each answer has)
    record_path: ""               # where single-record answers hold the record ("": an answer's only member
                                  # when it is an object, Hetzner's {ssh_key: {...}}; else the body itself)
    envelope: data                # the spec's answers are bare records the API wraps in {data: ...}
    id_field: id
    seed_records: 5               # records a collection starts with, generated from the schema
    unknown_ids_404: true         # GET/PUT/PATCH/DELETE /things/{id} of an id no list or create handed out
                                  # answers the operation's declared 404 (its example or schema, else a JSON
                                  # error); only where the emulator keeps /things. Off: answered as found
    relaxed_parameters: [token]   # spec quirks: parameters the emulator treats as optional
    list_operations: [getPage]    # GETs answering lists although their path ends in a parameter, or
                                  # whose answer the spec leaves undescribed (records at records_path);
                                  # a POST named here is a list whose cursor and size are body members
    pagination:
      style: cursor               # page_number | cursor_link | link_header | cursor | offset
      size_param: limit
      size: 10
      max_size: 100
      cursor_param: after
      next_path: paging.next.after
    own_pagination:               # lists that page unlike the API's others, by operationId
      IncrementalTicketExportCursor: {style: cursor, cursor_param: cursor, next_path: after_cursor,
                                      end_path: end_of_stream}
    auth:
      type: oauth2                # oauth2 | api_key | bearer | basic | none
      authorize_path: /oauth/authorize
      token_path: /oauth/v1/token
      refresh_path: /oauth/refresh  # refresh tokens spent here, not at token_path (Figma)
      client_id: emulator-client
      client_secret: emulator-secret
      rotate_refresh: true
      access_token_ttl: 1800
      token_extra: {api_domain: "{origin}"}   # more fields in the token answer; {origin} is the emulator's URL
      callback_extra: {realmId: "4620816365"} # more query parameters on the redirect back (QuickBooks)
      # client_credentials instead: POST token_path with the client id and secret (Basic, form, JSON or query)
      # answers a token at token_field (Personio: data.token), its lifetime at expires_field; grant_type
      # is the grant the form must name (null: none, a vendor's own exchange)
      # api_key instead: key_in (header | query | body), key_name, key, and key_format ("Bot {key}": Discord);
      # with secret_name, a secret sent beside the key (Vonage SMS's api_key and api_secret)
    rate_limits: [{requests: 100, window: 10}]
    required_headers: {User-Agent: "^DiscordBot \\(.+, .+\\)$"}   # a 403 unless each header's value matches
                                  # its pattern (GitHub: any User-Agent; Discord: one naming a bot)
    errors: {style: body, ok_path: ok, error_path: error}   # Slack: failures are HTTP 200 with ok=false
    extra_routes: [{method: GET, path: /connections, body: [{tenantId: t-1}]}]
    webhooks: {collections: [/objects/contacts], scheme: hubspot_v3, batch: true,   # see WebhooksConfig
               event: {subscriptionType: "contact.{action}", objectId: "{id}", eventId: "{n}"}}
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

PaginationStyle = Literal["page_number", "cursor_link", "link_header", "cursor", "offset"]
AuthType = Literal["oauth2", "client_credentials", "api_key", "bearer", "basic", "none"]
ErrorStyle = Literal["status", "body"]
CursorFormat = Literal["opaque", "number"]


@dataclass(frozen=True)
class PaginationConfig:
    """How list operations page; the names and parameters are the ones Switchboard pages with.

    ``page_number``: ``page_param`` (counted from ``first_page``), ``size_param``, ``size``; the next
    page number at ``next_path``, or (without it) the client stops on a short page; the record
    count at ``total_path`` when given. ``cursor_link``:
    a host-relative link to the next page at ``link_path``. ``link_header``: the next page's absolute
    URL in a ``Link: <...>; rel="next"`` header, its ``cursor_param`` an opaque cursor, or the page
    number when ``link_pages`` (GitHub, GitLab); with ``link_results`` every page has a next link,
    marked ``results="false"`` on the last (Sentry). ``cursor``: ``cursor_param``, the next
    cursor at ``next_path`` (empty or absent on the last page; with ``end_path`` or ``more_path``, on every
    page, the flag true on the last or while more follow). ``offset``: ``offset_param``; the next offset at
    ``next_path`` and/or a ``more_path`` boolean and/or the total count at ``total_path``.
    """

    style: PaginationStyle
    size_param: str = "limit"
    size: int = 10
    max_size: int = 100
    page_param: str = "page"
    first_page: int = 1  # page_number: the first page's number (ClickUp counts from 0)
    cursor_param: str = "cursor"
    offset_param: str = "offset"
    next_path: str | None = None
    link_path: str = "_links.next.href"
    link_pages: bool = False
    link_results: bool = False
    more_path: str | None = None
    total_path: str | None = None
    end_path: str | None = None
    # cursor: the record field the cursor names, the page starting after that record; more_path
    # then says whether more follow (Stripe: starting_after=<the last id>, has_more).
    cursor_field: str | None = None
    # cursor, cursor_link: number, a cursor that is the next record's position as a whole number, in the
    # answer and the query (Figma's after, a number in its spec); opaque, one the emulator encodes.
    cursor_format: CursorFormat = "opaque"
    # Operations (operationId) to page even though they do not declare the paging parameters.
    operations: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthConfig:
    """The credentials the emulator accepts and, for OAuth2, where its endpoints are."""

    type: AuthType = "none"
    authorize_path: str = "/oauth/authorize"
    token_path: str = "/oauth/token"  # noqa: S105 (a URL path)
    # oauth2: where refresh tokens are spent, when not at token_path (Figma's /v1/oauth/refresh; token_path
    # then takes codes only, and a non-rotating refresh answers no refresh token).
    refresh_path: str | None = None
    client_id: str = "emulator-client"
    client_secret: str = "emulator-secret"  # noqa: S105 (the emulator's own test credential)
    rotate_refresh: bool = False
    access_token_ttl: int = 3600
    token_extra: dict[str, Any] = field(default_factory=dict)
    callback_extra: dict[str, str] = field(default_factory=dict)  # more query on the redirect back
    # client_credentials: the grant the request names (None: a vendor's own exchange), where the answer has the token.
    grant_type: str | None = "client_credentials"
    token_field: str = "access_token"  # noqa: S105 (a field name)
    expires_field: str | None = "expires_in"
    # oauth2, client_credentials: where calls carry the token; a header other than Authorization
    # holds it bare (Amazon's Selling Partner API: x-amz-access-token).
    token_header: str = "Authorization"  # noqa: S105 (a header name)
    # api_key: where the key goes and its value; bearer: the token; basic: username and password.
    key_in: Literal["header", "query", "body"] = "header"  # body: a member of the form or JSON body
    key_name: str = "Authorization"
    key: str = "emulator-key"
    key_format: str = "{key}"  # how the key is written where it goes (Discord: "Bot {key}")
    # A secret sent beside the key, at secret_name in the same place (Vonage SMS: api_key and api_secret).
    secret_name: str | None = None
    secret: str = "emulator-secret"  # noqa: S105 (the emulator's own test credential)
    username: str = "emulator-user"
    password: str = "emulator-password"  # noqa: S105


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` per ``window`` seconds; past it a 429 with Retry-After."""

    requests: int
    window: float


@dataclass(frozen=True)
class ErrorsConfig:
    """``status``: errors are HTTP statuses. ``body``: HTTP 200 with ``ok_path`` false and the reason."""

    style: ErrorStyle = "status"
    ok_path: str = "ok"
    error_path: str = "error"


@dataclass(frozen=True)
class ExtraRoute:
    """A fixed answer outside the spec (Xero's ``/connections``, Atlassian's accessible resources)."""

    method: str
    path: str
    body: Any
    status: int = 200


@dataclass(frozen=True)
class WebhooksConfig:
    """App webhooks sent when records of ``collections`` change, to URLs given with ``webhooks.subscribe``.

    ``scheme``: ``hubspot_v3`` (base64 HMAC-SHA256 of method, URL, body and a millisecond
    timestamp, in ``header`` and ``timestamp_header``) or ``hmac_body`` (the body alone, written
    ``encoding`` after ``prefix``). ``event`` is each event's template: string values may hold
    ``{action}`` (creation, propertyChange, deletion), ``{id}``, ``{n}`` (a counter) and ``{ms}``;
    ``batch`` sends a JSON array of events.
    """

    collections: tuple[str, ...]
    event: dict[str, Any]
    scheme: Literal["hubspot_v3", "hmac_body"] = "hmac_body"
    header: str = "X-Signature"
    timestamp_header: str = "X-Request-Timestamp"
    algorithm: Literal["sha256", "sha1"] = "sha256"
    encoding: Literal["hex", "base64"] = "hex"
    prefix: str = ""
    batch: bool = False


@dataclass(frozen=True)
class SpecConfig:
    """Everything the spec does not say; see the module docstring for the YAML form."""

    name: str = "spec"
    spec: str | None = None  # the vendor spec's file name (vendors/*.yaml), for finding it in a folder
    base_path: str | None = None
    base_paths: tuple[str, ...] = ()  # more base paths, tried after it (another host of the API)
    # Or a list: each list operation's records at the first of these paths that its answer has.
    records_path: str | tuple[str, ...] | None = None
    record_path: str = ""
    # The spec describes bare records but answers wrap them in {envelope: ...} (Salesloft: data).
    envelope: str | None = None
    id_field: str = "id"
    seed_records: int = 5
    # Off in every shipped vendor config: where it changes an answer, the contract test's item calls (generated
    # ids, no create first) would be 404s (44 vendors); in the other 42 no item operation declares a 404.
    unknown_ids_404: bool = False
    seed: str = "switchboard"
    relaxed_parameters: tuple[str, ...] = ()
    # operationIds of GETs that answer a list though their path ends in a parameter (HubSpot's
    # /objects/{objectType}/{objectId}/associations/{toObjectType}: one record's links of a type),
    # or though the spec declares their answer a bare object (Notion's: records at records_path);
    # a POST named here is a list asked for in its body (Notion's search: start_cursor, page_size).
    list_operations: tuple[str, ...] = ()
    pagination: PaginationConfig | None = None
    # Lists paged unlike the others, by operationId (Zendesk's incremental exports beside its numbered pages).
    own_pagination: dict[str, PaginationConfig] = field(default_factory=dict)
    auth: AuthConfig = field(default_factory=AuthConfig)
    rate_limits: tuple[RateLimit, ...] = ()
    required_headers: tuple[tuple[str, str], ...] = ()  # (header, the pattern its value must match)
    errors: ErrorsConfig = field(default_factory=ErrorsConfig)
    extra_routes: tuple[ExtraRoute, ...] = ()
    webhooks: WebhooksConfig | None = None


class ConfigError(ValueError):
    """The emulator's config file is not what the docstring of ``config`` describes."""


def load_config(path: str | Path) -> SpecConfig:
    """Read and check a config YAML file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return config_from_dict(data, where=str(path))


def config_from_dict(data: dict[str, Any], *, where: str = "config") -> SpecConfig:
    """Build a ``SpecConfig`` from plain data, refusing unknown keys and bad values."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping at the top")
    values = _fields(SpecConfig, data, where)
    if "pagination" in values and values["pagination"] is not None:
        values["pagination"] = _pagination(values["pagination"], f"{where}.pagination")
    own = values.get("own_pagination") or {}
    if not isinstance(own, dict):
        raise ConfigError(f"{where}.own_pagination: expected a mapping of operationIds to paginations")
    values["own_pagination"] = {
        str(op): _pagination(paging, f"{where}.own_pagination.{op}") for op, paging in own.items()
    }
    if "auth" in values:
        auth = _fields(AuthConfig, values["auth"], f"{where}.auth")
        _choice(auth.get("type", "none"), AuthType, f"{where}.auth.type")
        values["auth"] = AuthConfig(**auth)
    if "errors" in values:
        errors = _fields(ErrorsConfig, values["errors"], f"{where}.errors")
        _choice(errors.get("style", "status"), ErrorStyle, f"{where}.errors.style")
        values["errors"] = ErrorsConfig(**errors)
    values["rate_limits"] = tuple(
        RateLimit(**_fields(RateLimit, item, f"{where}.rate_limits")) for item in values.get("rate_limits") or ()
    )
    values["extra_routes"] = tuple(
        ExtraRoute(**_fields(ExtraRoute, item, f"{where}.extra_routes")) for item in values.get("extra_routes") or ()
    )
    values["relaxed_parameters"] = tuple(values.get("relaxed_parameters") or ())
    values["list_operations"] = tuple(values.get("list_operations") or ())
    values["base_paths"] = tuple(values.get("base_paths") or ())
    values["required_headers"] = _patterns(values.get("required_headers") or {}, f"{where}.required_headers")
    if isinstance(values.get("records_path"), list):
        values["records_path"] = tuple(values["records_path"])
    if values.get("webhooks") is not None:
        hooks = _fields(WebhooksConfig, values["webhooks"], f"{where}.webhooks")
        hooks["collections"] = tuple(hooks.get("collections") or ())
        values["webhooks"] = WebhooksConfig(**hooks)
    return SpecConfig(**values)


def _pagination(data: Any, where: str) -> PaginationConfig:
    pagination = _fields(PaginationConfig, data, where)
    _choice(pagination.get("style"), PaginationStyle, f"{where}.style")
    _choice(pagination.get("cursor_format", "opaque"), CursorFormat, f"{where}.cursor_format")
    if "operations" in pagination:
        pagination["operations"] = tuple(pagination["operations"])
    return PaginationConfig(**pagination)


def _fields(cls: type[Any], data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping")
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return dict(data)


def _choice(value: Any, options: Any, where: str) -> None:
    allowed = get_args(options)
    if value not in allowed:
        raise ConfigError(f"{where}: {value!r} is not one of {', '.join(allowed)}")


def _patterns(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """A mapping of header name to a regular expression, checked to compile."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping of header name to the pattern its value must match")
    for name, pattern in value.items():
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise ConfigError(f"{where}.{name}: not a regular expression ({exc})") from None
    return tuple((str(name), str(pattern)) for name, pattern in value.items())
