"""Event types, event ids and signing secrets."""

from __future__ import annotations

import base64
import secrets
import uuid
from urllib.parse import urlsplit

CONNECTION_EVENTS = (
    "connection.created",
    "connection.authenticated",
    "connection.reauthorization_required",
    "connection.refresh_failed",
    "connection.recovered",
    "connection.deauthenticated",
    "connection.deleted",
)
# A provider's own webhook, verified and routed to a connection (or to none: unrouted).
PROVIDER_EVENTS = ("provider.event", "provider.unrouted")
SYNC_EVENTS = ("sync.completed", "sync.failed")
# Sent only to endpoints that name them: a sync's first run may change every record it has.
RECORD_EVENTS = ("record.created", "record.updated", "record.deleted")
EVENT_TYPES: tuple[str, ...] = (
    *CONNECTION_EVENTS,
    *PROVIDER_EVENTS,
    "call.failed",
    "ratelimit.exhausted",
    "webhook.test",
    *SYNC_EVENTS,
    *RECORD_EVENTS,
)


def new_event_id() -> str:
    """A stable, unique event id (the ``webhook-id`` header; receivers dedupe on it)."""
    return f"evt_{uuid.uuid4().hex}"


def new_secret() -> str:
    """A Standard Webhooks signing secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def check_url(value: str) -> str:
    """An endpoint URL must be absolute http(s) with a host a request can go to; ``ValueError`` says what is wrong."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an absolute http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        # It would be stored and shown with the endpoint; a receiver's credentials belong in its own checks.
        raise ValueError("must not hold a user name or password before its host: verify deliveries by their signature")
    if any(c.isspace() or c in '<>\\^`{|}"' for c in parts.hostname):
        raise ValueError(f"has a host with characters no host name has: {parts.hostname!r}")
    try:
        port = parts.port
    except ValueError:  # not a number, or past 65535
        port = 0
    if port == 0:
        raise ValueError("has a port that is not a number from 1 to 65535")
    return value


def check_events(value: list[str]) -> list[str]:
    """Known event types, sorted and deduplicated (empty means all); ``ValueError`` names the unknown."""
    unknown = sorted(set(value) - set(EVENT_TYPES))
    if unknown:
        raise ValueError(f"unknown event types {', '.join(unknown)}; known: {', '.join(EVENT_TYPES)}")
    return sorted(set(value))
