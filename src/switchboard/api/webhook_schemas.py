"""The bodies of ``/v1.0/webhooks`` (PascalCase on the wire, like the rest of the API)."""

from __future__ import annotations

from pydantic import Field, field_validator

from switchboard.api.schemas import Schema, UtcDatetime
from switchboard.events import EVENT_TYPES
from switchboard.events.types import check_events, check_url

_EVENTS = ", ".join(EVENT_TYPES)


def _url(value: str | None) -> str | None:
    return None if value is None else check_url(value)


def _events(value: list[str] | None) -> list[str] | None:
    return None if value is None else check_events(value)


class WebhookIn(Schema):
    url: str = Field(max_length=2_000, description="Where events are POSTed")
    events: list[str] = Field(default_factory=list, max_length=50, description=f"Empty for all: {_EVENTS}")
    description: str = Field("", max_length=2_000)
    enabled: bool = True
    account_id: str | None = Field(
        None, max_length=64, description="An account's API ID: this URL replaces the partner-wide ones for it"
    )

    _check_url = field_validator("url")(_url)
    _check_events = field_validator("events")(_events)


class WebhookUpdate(Schema):
    url: str | None = Field(None, max_length=2_000)
    events: list[str] | None = Field(None, max_length=50)
    description: str | None = Field(None, max_length=2_000)
    enabled: bool | None = None

    _check_url = field_validator("url")(_url)
    _check_events = field_validator("events")(_events)


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    description: str
    enabled: bool
    disabled_reason: str | None = None
    account_id: str | None = None
    created_date: UtcDatetime


class WebhookWithSecret(WebhookOut):
    secret: str = Field(description="The signing secret (whsec_...): shown only now, keep it safe")


class SecretOut(Schema):
    secret: str


class AttemptOut(Schema):
    attempted_at: UtcDatetime
    status_code: int | None
    error: str | None
    duration_ms: float


class DeliveryOut(Schema):
    id: int
    event_id: str
    event_type: str
    status: str = Field(description="Pending, Delivered or Failed")
    attempts: list[AttemptOut]
    next_attempt_at: UtcDatetime | None
    created_date: UtcDatetime


class DeliveryPage(Schema):
    page: int
    per_page: int
    total: int
    deliveries: list[DeliveryOut]


class EventQueued(Schema):
    event_id: str = Field(description="The event's id, its deliveries' webhook-id")
    delivery_id: int = Field(description="The delivery queued: GET /v1.0/webhooks/{id}/deliveries follows it")
