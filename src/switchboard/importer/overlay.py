"""The overlay: what a spec does not say, written beside it (``connectors/<key>/overlay.yaml``).

Validated like connector definitions (unknown keys are errors); its JSON Schema is exported to
``importer/overlay.schema.json``. Operations are named by ``operationId`` or ``"VERB /path"``
(the spec's path, before any base path). A trimmed example::

    name: Slack
    version: "2"
    auth: [{type: oauth2, authorize_url: https://slack.com/oauth/v2/authorize, ...}]
    rate_limits: [{name: tier3, limit: 50, per: 1m}]
    pagination: {type: cursor, cursor_param: cursor, size_param: limit, size: 200,
                 records: channels, next: response_metadata.next_cursor}
    success: {path: ok, equals: true, error: error}
    methods:
      conversations.list: {name: List conversations, pagination: {records: channels}}
      "POST /admin.apps.approve": {hide: true, reason: Enterprise Grid only}
      "POST /apps.manifest.export": {headers: {X-Slack-Example: "1"}}   # always sent with this method
    extra_methods: [{name: List channels (DDL), unique_id: ..., http: GET /conversations.list, ...}]
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

import yaml
from pydantic import ValidationError, field_validator, model_validator

from switchboard.catalog.models import (
    AuthDef,
    BodyFormat,
    MethodDef,
    MethodPagination,
    Model,
    OutputDef,
    PaginationDef,
    PropertyDef,
    QueryStyle,
    RateLimitDef,
    RetryDef,
    SuccessRule,
    SyncDef,
    VerifyDef,
    WebhooksDef,
)
from switchboard.errors import ConfigurationError


class MethodOverlay(Model):
    """What to change about one operation's method.

    ``definition`` replaces the generated method whole (a curated method kept as it was);
    ``hide`` leaves the operation out, with ``reason`` in the import report.
    """

    unique_id: uuid.UUID | None = None
    name: str | None = None
    category: str | None = None
    description: str | None = None
    hide: bool = False
    reason: str = ""
    # False: do not page this method even though it looks like a list. True: page it although
    # the spec leaves its page parameters out (Intercom's GET /contacts; the vendor's docs page it).
    paged: bool | None = None
    # The connector's strategy with these keys changed, or, given with a ``type``, a strategy of the method's
    # own (a list that pages unlike the others); either way the method is paged.
    pagination: PaginationDef | MethodPagination | None = None
    body_format: BodyFormat | None = None
    # The body's media type where the spec's is wrong (Dropbox's RPC bodies are JSON, not its text/plain).
    content_type: str | None = None
    # Another host of the API for this method (Stripe's uploads: https://files.stripe.com).
    base_url: str | None = None
    # Headers the method always sends, where the spec leaves them out (Confluence's attachment uploads:
    # X-Atlassian-Token: no-check): header parameters with that default, replacing any of the same name.
    headers: dict[str, str] = {}
    output: OutputDef | None = None
    definition: MethodDef | None = None


class Overlay(Model):
    """Connector-level facts and per-operation changes; every key is optional."""

    name: str | None = None
    version: str | None = None
    description: str | None = None
    status: Literal["Active", "Beta", "Deprecated"] | None = None
    categories: list[str] = []  # the connector's Categories (Cyclr's library filter)
    # Replaces the spec's servers/host (may name properties: https://api.atlassian.com/ex/jira/{cloud_id}).
    base_url: str | None = None
    body_format: BodyFormat | None = None
    query_style: QueryStyle | None = None
    # Sent on every call; values may name properties ({tenant_id}). Header parameters of the same
    # name are dropped from the methods.
    headers: dict[str, str] = {}
    # Query parameters sent on every call, as headers are (Trello's key: {app_key}); query parameters
    # of the same name are dropped from the methods.
    query: dict[str, str] = {}
    properties: list[PropertyDef] = []
    # Replaces the auth read from the security schemes.
    auth: list[AuthDef] | None = None
    # The format of the API key read from the security schemes, where the spec says it only in words
    # (Apideck's apiKey header Authorization, "Bearer <key>": "Bearer {key}"); the rest of the auth, and the
    # headers asked for beside the key, are still read from the spec. Not with ``auth``, which says it itself.
    api_key_format: str | None = None
    rate_limits: list[RateLimitDef] = []
    # Replaces the detected pagination; methods whose query has its page parameter are paged.
    pagination: PaginationDef | None = None
    retry: RetryDef | None = None
    success: SuccessRule | None = None
    # The provider's inbound webhooks, copied as they are (no spec describes signatures).
    webhooks: WebhooksDef | None = None
    # The call that checks credentials when they are saved: {http: GET /me}.
    verify: VerifyDef | None = None
    # Query and header parameters left out of every method (handled by auth or headers).
    drop_parameters: list[str] = []
    methods: dict[str, MethodOverlay] = {}
    # Methods no operation describes: DDLs, curated extras.
    extra_methods: list[MethodDef] = []
    # Default syncs (the connector's ``syncs:``), each naming the list operation it reads.
    syncs: list[SyncOverlay] = []

    @field_validator("api_key_format")
    @classmethod
    def _has_key(cls, value: str | None) -> str | None:
        if value is not None and "{key}" not in value:
            raise ValueError("api_key_format must contain {key}")
        return value

    @model_validator(mode="after")
    def _one_auth(self) -> Overlay:
        if self.auth is not None and self.api_key_format is not None:
            raise ValueError("api_key_format formats the auth read from the spec: with auth given, give it there")
        return self


class SyncOverlay(SyncDef):
    """A default sync; ``method`` names the operation it reads (``operationId`` or ``"GET /path"``)."""

    method: str  # type: ignore[assignment]


def parse_overlay(text: str, source: str = "overlay") -> Overlay:
    """An overlay from YAML text; ``ConfigurationError`` names the file and each bad key."""
    try:
        raw: Any = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{source}: not YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{source}: an overlay must be a mapping")
    try:
        return Overlay.model_validate(raw)
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ConfigurationError(f"{source}: invalid overlay:\n" + "\n".join(lines)) from exc
