"""A connector definition (``connectors/<key>/connector.yaml``) and its install-time properties."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from switchboard.catalog.models.auth import AuthDef, ClientCredentialsAuth, OAuth2Auth
from switchboard.catalog.models.base import BodyFormat, Model, QueryStyle
from switchboard.catalog.models.methods import MethodDef, check_field_styles
from switchboard.catalog.models.outputs import DdlOutput, OutputDef, StaticOutput
from switchboard.catalog.models.pagination import MethodPagination, PaginationDef
from switchboard.catalog.models.rate_limits import RateLimitDef
from switchboard.catalog.models.retry import RetryDef
from switchboard.catalog.models.syncs import CursorCarriers, SyncDef
from switchboard.catalog.models.verify import VerifyDef
from switchboard.catalog.models.webhooks import WebhooksDef

_ABSOLUTE_URL = re.compile(r"^https?://[^/\s]+")


class PropertySource(Model):
    """Where the vendor tells a property's value after OAuth consent, for installs that leave it out.

    ``{token: api_domain, pattern: "^https://([a-z0-9-]+)[.]pipedrive[.]com/?$"}``: the token
    answer's ``api_domain``. ``{url: https://api.xero.com/connections, path: tenantId}``: a GET with
    the new access token (of a list answer, its first item; a list on the path is read at its first
    item: ``accounts.base_uri``). ``{callback: realmId}``: a query parameter of the provider's
    redirect back to Switchboard (QuickBooks names the company there). A value must match
    ``pattern`` when one is given; its first group, if it has one, is the value kept.
    """

    token: str | None = None
    url: str | None = None
    path: str | None = None
    pattern: str | None = None
    callback: str | None = None

    @model_validator(mode="after")
    def _one_place(self) -> PropertySource:
        if [self.token, self.url, self.callback].count(None) != 2:
            raise ValueError(
                "a property source is one of token (a path in the token answer), url (plus path) "
                "or callback (a query parameter of the redirect back)"
            )
        if self.url is not None and not (self.path and _ABSOLUTE_URL.match(self.url)):
            raise ValueError("a url source needs an absolute http(s) url and the path of the value in its answer")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"bad pattern {self.pattern!r}: {exc}") from exc
        return self


class PropertyDef(Model):
    """A value set on each account connector at install (such as a subdomain).

    ``{name: subdomain, display_name: Subdomain, required: true}``; with a ``source``, an OAuth
    install may leave it out and the sign-in fills it (Pipedrive's domain, Jira's cloud id).
    """

    name: str
    display_name: str = ""
    required: bool = False
    secret: bool = False
    description: str = ""
    source: PropertySource | None = None


class SuccessRule(Model):
    """Success read from the body of a 2xx answer (Slack answers ``{"ok": false, "error": ...}`` with 200).

    ``{path: ok, equals: true, error: error, status: 400}``: when the value at ``path`` is not
    ``equals``, the call fails with ``status`` and the text at ``error`` in its message.
    ``auth_errors: [invalid_auth, token_expired]``: those errors mean the credentials were refused,
    as a 401 would: the call refreshes once and goes again, and fails with 401 if it still is refused.
    """

    path: str
    equals: str | int | bool = True
    error: str | None = None
    status: int = Field(400, ge=400, le=599)
    auth_errors: list[str] = []


_PLACEHOLDERS = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)}")


# Validation context for a definition whose methods were checked with it before and are left out
# (``catalog/compiled.py``): the checks across methods are skipped, the rest are made.
METHODS_CHECKED = {"methods_checked": True}


def placeholders(template: str) -> list[str]:
    """The ``{property}`` names in a base URL or header template."""
    return _PLACEHOLDERS.findall(template)


class ConnectorDef(Model):
    """A connector: where its API lives, how it authenticates, pages, limits and retries, and its methods.

    ``{key: salesloft, name: Salesloft, version: "2.0", base_url: https://api.salesloft.com, auth: [...],
    methods: [...]}`` (the package docstring has a fuller example)
    """

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: str
    version: str
    description: str = ""
    status: Literal["Active", "Beta", "Deprecated"] = "Active"
    # Cyclr's connector categories (``CRMs``, ``Marketing``): ``GET /v1.0/connectors?category=`` filters on them.
    categories: list[str] = []
    base_url: str
    body_format: BodyFormat = "json"
    # How lists go in the query, and lists of scalars in form bodies (brackets: ``name[]``).
    query_style: QueryStyle = "repeat"
    is_partner_integration: bool = False
    headers: dict[str, str] = {}
    # Query parameters sent on every call, as headers are (Trello's application key: ``{key: "{app_key}"}``);
    # a method's own parameter of the same name wins.
    query: dict[str, str] = {}
    auth: list[AuthDef] = Field(min_length=1)
    properties: list[PropertyDef] = []
    rate_limits: list[RateLimitDef] = []
    pagination: PaginationDef | None = None
    retry: RetryDef = RetryDef()
    success: SuccessRule | None = None
    # The provider's own idempotency header (e.g. Idempotency-Key): a caller's key is sent on as it.
    idempotency_header: str | None = None
    # Upstream requests one call may send (pages, retries, refreshes); unset: the server's limit.
    max_upstream_requests: Annotated[int, Field(ge=1)] | None = None
    # Events the provider pushes: how they are signed, routed and typed (``catalog/models/webhooks.py``).
    webhooks: WebhooksDef | None = None
    # The call that checks credentials when they are saved (``catalog/models/verify.py``).
    verify: VerifyDef | None = None
    methods: list[MethodDef]
    # Syncs a partner may turn on by name (each reads one of the paged list methods above).
    syncs: list[SyncDef] = []
    _folder: Path | None = PrivateAttr(default=None)

    def auth_url(self, url: str) -> str:
        """An auth URL as a template: one that starts with ``/`` (PayPal's client-credentials token URL) is on
        the base URL, so on the host and path the connection's properties give it."""
        return self.base_url + url if url.startswith("/") else url

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not _ABSOLUTE_URL.match(_PLACEHOLDERS.sub("x", value)):
            raise ValueError("base_url must be an absolute http(s) URL")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ConnectorDef:
        # base_url, headers and query may name install-time properties: {cloud_id}, {tenant_id}.
        declared = {p.name for p in self.properties}
        # An OAuth sign-in on the connection's own host (Okta's https://{okta_domain}/oauth2/v1/authorize).
        oauth = [url for a in self.auth if isinstance(a, OAuth2Auth) for url in (a.authorize_url, a.token_url)]
        client = [a.token_url for a in self.auth if isinstance(a, ClientCredentialsAuth)]
        for template in [self.base_url, *self.headers.values(), *self.query.values(), *oauth, *client]:
            missing = sorted(set(placeholders(template)) - declared)
            if missing:
                raise ValueError(f"{template!r} names properties {missing} that the connector does not declare")
        late = sorted(
            {name for url in oauth for name in placeholders(url)} & {p.name for p in self.properties if p.source}
        )
        if late:
            raise ValueError(f"the OAuth URLs name properties {late} that only the sign-in itself fills")
        route = self.webhooks.route if self.webhooks else None
        if route is not None and route.property not in declared:
            raise ValueError(f"webhooks.route names property {route.property!r} that the connector does not declare")
        types = [a.type for a in self.auth]
        if len(set(types)) != len(types):
            raise ValueError("each auth type may appear once")
        sourced = [p.name for p in self.properties if p.source is not None]
        if sourced and "oauth2" not in types:
            raise ValueError(f"properties {sourced} come from the OAuth sign-in, but the connector has no oauth2 auth")
        if info.context and info.context.get("methods_checked"):
            return self
        for field in ("name", "unique_id"):
            seen: set[Any] = set()
            for method in self.methods:
                value = getattr(method, field)
                if value in seen:
                    raise ValueError(f"method {field} {value!s} appears twice")
                seen.add(value)
        _check_triggers(self.methods)
        for method in self.methods:
            overrides = method.pagination if isinstance(method.pagination, MethodPagination) else None
            if overrides is not None and self.pagination is None:
                raise ValueError(f"method {method.name!r} pages but the connector declares no pagination")
            places_cursor = overrides is not None and overrides.cursor_in is not None
            if places_cursor and self.pagination is not None and self.pagination.type != "cursor":
                raise ValueError(f"method {method.name!r} sets cursor_in, but the connector's pagination has no cursor")
            for template in _templates(method.output):
                _check_template(template, method.name)
            check_field_styles(method, self.body_format)
        _check_syncs(self)
        return self

    @property
    def secret_properties(self) -> frozenset[str]:
        """Names of the properties marked ``secret: true`` (encrypted at rest, redacted from traces)."""
        return frozenset(p.name for p in self.properties if p.secret)

    def masked(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """An account connector's property ``values``, the secret ones shown as ``********``."""
        secret = self.secret_properties
        return {name: "********" if name in secret else value for name, value in values.items()}

    @property
    def folder(self) -> Path | None:
        """The folder the definition was loaded from (its logo lives there), when loaded from a file."""
        return self._folder

    def located(self, folder: Path) -> ConnectorDef:
        """This definition, knowing the folder it came from."""
        self._folder = folder
        return self

    def __eq__(self, other: object) -> bool:
        # Where a definition was read from is not part of it: a file's load equals its import.
        if not isinstance(other, ConnectorDef):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(self.key)

    def auth_of(self, kind: str) -> AuthDef | None:
        """The auth definition of type ``kind``, if the connector supports it."""
        return next((a for a in self.auth if a.type == kind), None)


def _check_syncs(connector: ConnectorDef) -> None:
    paged = {m.unique_id: m for m in connector.methods if m.pagination is not None}
    names: set[str] = set()
    for sync in connector.syncs:
        if sync.name in names:
            raise ValueError(f"sync {sync.name!r} appears twice")
        names.add(sync.name)
        if sync.method not in paged:
            raise ValueError(
                f"sync {sync.name!r} reads method {sync.method}, which is not a paged method of this connector"
            )
        if sync.cursor is not None:
            method = paged[sync.method]
            own = None if isinstance(method.pagination, MethodPagination) else method.pagination
            carriers = CursorCarriers.of(method, own or connector.pagination, connector.query_style)
            refused = carriers.refusal(sync.cursor.param, "cursor.param")
            if refused is not None:
                raise ValueError(f"sync {sync.name!r}: {refused}")


def is_lookup(method: MethodDef) -> bool:
    """A method whose answer is a drop-down list (``ddl`` or ``static`` output): a Cyclr trigger."""
    return isinstance(method.output, DdlOutput | StaticOutput)


def _check_triggers(methods: list[MethodDef]) -> None:
    lookups = {m.name for m in methods if is_lookup(m)}
    for method in methods:
        named: list[str | None] = [p.trigger for p in method.parameters] + [f.trigger for f in method.fields]
        for trigger in named:
            if trigger is not None and trigger not in lookups:
                raise ValueError(
                    f"method {method.name!r}: trigger {trigger!r} is not a lookup method (ddl or static output)"
                )


def _templates(output: OutputDef | None) -> list[str]:
    return [output.text, output.value] if isinstance(output, DdlOutput) else []


def _check_template(template: str, method: str) -> None:
    try:
        list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"method {method!r}: bad template {template!r}: {exc}") from exc
