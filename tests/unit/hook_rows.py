"""Received provider events as the hook receiver stores them, for unit tests of the store and forwarding."""

from __future__ import annotations

import time
from typing import Any


def hook_row(partner_id: int, provider_id: str | None, **changes: Any) -> dict[str, Any]:
    """A received HubSpot event as the hook receiver stores it (pending), with ``changes`` applied."""
    row = {
        "partner_id": partner_id,
        "connector_key": "hubspot",
        "account_connector_id": None,
        "verified": True,
        "provider_event_id": provider_id,
        "event_type": "contact.creation",
        "payload": {"eventId": provider_id},
        "status": "pending",
        "received_at": time.time(),
    }
    return {**row, **changes}
