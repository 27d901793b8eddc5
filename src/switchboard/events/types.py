"""Event types, event ids and signing secrets."""

from __future__ import annotations

import base64
import secrets
import uuid

CONNECTION_EVENTS = (
    "connection.created",
    "connection.authenticated",
    "connection.reauthorization_required",
    "connection.refresh_failed",
    "connection.recovered",
    "connection.deleted",
)
EVENT_TYPES: tuple[str, ...] = (*CONNECTION_EVENTS, "call.failed", "ratelimit.exhausted", "webhook.test")


def new_event_id() -> str:
    """A stable, unique event id (the ``webhook-id`` header; receivers dedupe on it)."""
    return f"evt_{uuid.uuid4().hex}"


def new_secret() -> str:
    """A Standard Webhooks signing secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
