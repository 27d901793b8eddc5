"""SQLAlchemy tables. Secrets live only in ``*_encrypted`` columns; partner secrets only hashed."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uid() -> str:
    """A row's creation nonce: names the row in tickets and keys so that they die with it."""
    return uuid.uuid4().hex


# SQLite gives a deleted row's id to the next row unless the table says AUTOINCREMENT, and an id
# that comes back would hand the old row's tickets, tokens and stored answers to a stranger.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}
_ONLY_MARKED: dict[str, Any] = {"postgresql_where": "made_for_sign_in", "sqlite_where": "made_for_sign_in = 1"}
# An INTEGER id column's largest value: a larger id is unknown, never a database error (PostgreSQL cannot compare it).
MAX_ID = 2**31 - 1


def new_hook_id() -> str:
    """An unguessable id for a hook URL (``/hooks/{partner key}/...``, ``/hooks/c/{connection id}``)."""
    return secrets.token_urlsafe(24)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, list[int]: JSON, list[Any]: JSON}


class Partner(Base):
    """A company running integrations; authenticates with client credentials."""

    __tablename__ = "partners"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    client_secret_hash: Mapped[str] = mapped_column(String(64))
    ip_allow_list: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The first segment of the partner's provider hook URLs (/hooks/{hook_key}/{connector key}).
    hook_key: Mapped[str | None] = mapped_column(String(48), unique=True, index=True, default=new_hook_id)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PartnerToken(Base):
    """A bearer token issued to a partner; only its SHA-256 is stored."""

    __tablename__ = "partner_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[float] = mapped_column(Float)
    # ``scope=account:{id}``: the one account the token may reach (None: the whole partner); it goes with its account.
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE", name="fk_partner_tokens_account_id"), index=True, default=None
    )


class Account(Base):
    """One of a partner's customers, addressed by its API ID in ``X-Cyclr-Account``."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("partner_id", "api_id", name="uq_accounts_partner_api_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    api_id: Mapped[str] = mapped_column(String(64))
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Cyclr's account settings, kept and echoed. Retention hours are stored, not enforced (no step data here).
    step_data_success_retention_hours: Mapped[int | None] = mapped_column(Integer, default=None)
    step_data_errored_retention_hours: Mapped[int | None] = mapped_column(Integer, default=None)
    audit_info: Mapped[str | None] = mapped_column(Text, default=None)
    task_audit_info: Mapped[str | None] = mapped_column(Text, default=None)
    # The transaction-error webhook: an account-scoped call.failed endpoint (events.manage keeps it in step).
    transaction_error_webhook_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    transaction_error_webhook_url: Mapped[str | None] = mapped_column(Text, default=None)
    transaction_error_webhook_include_warnings: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # The webhook endpoint that carries it (no foreign key: endpoints already point at accounts).
    transaction_error_webhook_id: Mapped[int | None] = mapped_column(Integer, default=None)


class AccountConnector(Base):
    """A connector installed into an account, with its (encrypted) credentials."""

    __tablename__ = "account_connectors"
    __table_args__ = (Index("ix_account_connectors_made_for_sign_in", "id", **_ONLY_MARKED), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    connector_key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The properties marked ``secret: true`` (store/properties.py): ``properties`` holds a mask for each.
    secret_properties_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    credentials_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    # Bumped on every credential write: the fencing token that stops a late refresher from overwriting a newer set.
    credentials_version: Mapped[int] = mapped_column(Integer, default=0)
    auth_state: Mapped[str] = mapped_column(String(32), default="unauthenticated")
    auth_error: Mapped[str | None] = mapped_column(Text, default=None)
    # The authentication chosen (Cyclr's AuthenticationId at install) or last signed in with: api_key, oauth2 or
    # client_credentials, as the credentials' type; None: neither yet (the connector's first is shown).
    auth_type: Mapped[str | None] = mapped_column(String(32), default=None)
    # The credentials check (``verify:``) when they were saved: True passed, False could not be made
    # (``verification_error`` says why), None not made (no check named, or no credentials).
    verified: Mapped[bool | None] = mapped_column(Boolean, default=None)
    verification_error: Mapped[str | None] = mapped_column(Text, default=None)
    # The OAuth app (client id and secret) given at install when the partner set none.
    oauth_app_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    # Installed by the connect page for a sign-in (never through the API): swept once empty and every attempt expired.
    made_for_sign_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Connection health (epoch seconds): the proactive refresher's schedule and its failures.
    last_refreshed_at: Mapped[float | None] = mapped_column(Float, default=None)
    next_refresh_at: Mapped[float | None] = mapped_column(Float, default=None, index=True)
    refresh_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_refresh_error: Mapped[str | None] = mapped_column(Text, default=None)
    # This connection's own hook URL (/hooks/c/{hook_id}) and its per-subscription secrets
    # (the token handed to the provider, and those learned in handshakes), encrypted.
    hook_id: Mapped[str | None] = mapped_column(String(48), unique=True, index=True, default=new_hook_id)
    hook_secrets_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ConnectorSetting(Base):
    """A partner's own OAuth app for a connector (the "Application Connector Library" settings)."""

    __tablename__ = "connector_settings"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    connector_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str | None] = mapped_column(String(500), default=None)
    client_secret_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    scopes: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    # The provider's webhook signing secrets (primary, secondary), encrypted.
    hook_secrets_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    # Whether the partner offers this connector to its end users (the connect page).
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class SignInToken(Base):
    """A single-use token that lets an end user's browser start the OAuth flow (hash only)."""

    __tablename__ = "sign_in_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[float] = mapped_column(Float)
    used_at: Mapped[float | None] = mapped_column(Float, default=None)
    # Minted by a connect page (POST /connect/oauth): that session's start, which a ticket made
    # from this token keeps (a connect session's whole life is bounded from it).
    session_started_at: Mapped[float | None] = mapped_column(Float, default=None)
    # The account connector that page installed for this sign-in: a denied consent removes it (api oauth_flow).
    installed_connector_id: Mapped[int | None] = mapped_column(Integer, default=None)


class OAuthState(Base):
    """One authorization attempt: what the provider's redirect back must match (single use)."""

    __tablename__ = "oauth_states"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_connector_id: Mapped[int] = mapped_column(
        ForeignKey("account_connectors.id", ondelete="CASCADE"), index=True
    )
    target_origin: Mapped[str | None] = mapped_column(Text, default=None)
    post_message: Mapped[bool] = mapped_column(default=False)
    # Cyclr's callbackMessage: posted as it is to the window that opened or frames the page.
    callback_message: Mapped[str | None] = mapped_column(Text, default=None)
    code_verifier: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[float] = mapped_column(Float)
    used_at: Mapped[float | None] = mapped_column(Float, default=None)
    # Remove the connect page's install if this sign-in ends unconnected: its own duty, or one passed on to it.
    drop_if_denied: Mapped[bool] = mapped_column(default=False, server_default=false())


class Branding(Base):
    """How a partner's connect page looks to its end users, and which sites may embed it."""

    __tablename__ = "branding"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    logo_url: Mapped[str | None] = mapped_column(Text, default=None)
    colour: Mapped[str] = mapped_column(String(7), default="#1f5fbf")
    # Origins (scheme://host[:port]) that may frame the connect page and receive its postMessage.
    allowed_origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class McpToken(Base):
    """An account-scoped token for agents (MCP, tools): hash only; its scope limits which tools it sees."""

    __tablename__ = "mcp_tokens"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # None: every account connector of the account, present and future.
    account_connector_ids: Mapped[list[int] | None] = mapped_column(JSON, default=None)
    methods: Mapped[list[str]] = mapped_column(JSON, default=list)  # MethodUniqueIdentifiers, or ["*"]
    read_only: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[float | None] = mapped_column(Float, default=None)
    revoked_at: Mapped[float | None] = mapped_column(Float, default=None)


class WebhookEndpoint(Base):
    """Where a partner (or, with ``account_id``, one of its accounts) wants events sent."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    # Set: this endpoint replaces the partner-wide ones for that account's events.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), default=None)
    url: Mapped[str] = mapped_column(Text)
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text, default=None)
    secret_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebhookEvent(Base):
    """One event, written in the transaction of the change that caused it (the outbox)."""

    __tablename__ = "webhook_events"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[float] = mapped_column(Float)


class WebhookDelivery(Base):
    """An event on its way to one endpoint: pending (due at ``next_attempt_at``), delivered or failed."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_order", "endpoint_id", "ordering_key", "status"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    # Deliveries with one key (an account connector) reach an endpoint in the order they were made.
    ordering_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[float] = mapped_column(Float)
    last_status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[float] = mapped_column(Float)
    finished_at: Mapped[float | None] = mapped_column(Float, default=None)


class WebhookAttempt(Base):
    """One HTTP attempt of a delivery: what the receiver answered, or why it could not."""

    __tablename__ = "webhook_attempts"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    attempted_at: Mapped[float] = mapped_column(Float)
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    duration_ms: Mapped[float] = mapped_column(Float)


class HookEvent(Base):
    """An event a provider pushed: kept on arrival, then routed and forwarded (or refused, body unkept).

    ``status``: pending (to route), forwarded (``provider.event``), unrouted (``provider.unrouted``),
    refused (a bad or missing signature: no payload kept). ``provider_event_id`` de-duplicates.
    """

    __tablename__ = "hook_events"
    __table_args__ = (
        UniqueConstraint("partner_id", "connector_key", "provider_event_id", name="uq_hook_events_provider_id"),
        Index("ix_hook_events_status", "status", "id"),
        Index("ix_hook_events_partner_id_id", "partner_id", "id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    connector_key: Mapped[str] = mapped_column(String(64))
    account_connector_id: Mapped[int | None] = mapped_column(
        ForeignKey("account_connectors.id", ondelete="SET NULL"), default=None, index=True
    )
    verified: Mapped[bool] = mapped_column(Boolean)
    provider_event_id: Mapped[str | None] = mapped_column(String(200), default=None)
    event_type: Mapped[str | None] = mapped_column(String(200), default=None)
    payload: Mapped[Any | None] = mapped_column(JSON, default=None)
    status: Mapped[str] = mapped_column(String(16))
    refusal: Mapped[str | None] = mapped_column(String(200), default=None)
    forwarded_event_id: Mapped[str | None] = mapped_column(String(40), default=None)
    received_at: Mapped[float] = mapped_column(Float)
    forwarded_at: Mapped[float | None] = mapped_column(Float, default=None)


class IdempotentAnswer(Base):
    """The stored answer to a call made with an ``Idempotency-Key``, replayed to repeats until it expires.

    ``key_hash`` is the SHA-256 of partner, account and key, so a key names nothing outside its account.
    """

    __tablename__ = "idempotent_answers"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(200))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class CallRecord(Base):
    """One method call, as the call log keeps it: who, what, how it ended, what it spent.

    ``exchanges`` (redacted, bodies cut) is dropped at ``exchanges_expire_at``; the row at ``expires_at``.
    """

    __tablename__ = "call_log"
    # Not unique: a caller may send the same X-Request-Id twice; /v1.0/calls/{id} shows the newest.
    __table_args__ = (
        Index("ix_call_log_partner_id_id", "partner_id", "id"),
        Index("ix_call_log_partner_id_request_id", "partner_id", "request_id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(String(64))
    partner_id: Mapped[int] = mapped_column(Integer)
    account_api_id: Mapped[str] = mapped_column(String(64))
    account_connector_id: Mapped[int] = mapped_column(Integer, index=True)
    connector_key: Mapped[str] = mapped_column(String(64))
    method_id: Mapped[str] = mapped_column(String(64))
    method_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[int] = mapped_column(Integer)
    ok: Mapped[bool] = mapped_column(default=True)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    error_type: Mapped[str | None] = mapped_column(String(64), default=None)
    upstream_status: Mapped[int | None] = mapped_column(Integer, default=None)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    duration_ms: Mapped[float] = mapped_column(Float)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    records: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    retries: Mapped[int] = mapped_column(Integer, default=0)
    throttled: Mapped[int] = mapped_column(Integer, default=0)
    limiter_ms: Mapped[float] = mapped_column(Float, default=0.0)
    exchanges: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    exchanges_expire_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
