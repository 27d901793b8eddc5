"""Standard Webhooks signatures, made by the reference library so any of its verifiers agree."""

from __future__ import annotations

from datetime import UTC, datetime

from standardwebhooks import Webhook


def signed_headers(secret: str, event_id: str, timestamp: float, body: bytes) -> dict[str, str]:
    """The three headers of a delivery: id, timestamp and ``v1,<HMAC-SHA256 of id.timestamp.body>``."""
    moment = datetime.fromtimestamp(int(timestamp), tz=UTC)
    signature = Webhook(secret).sign(event_id, moment, body.decode())
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(timestamp)),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": "Switchboard-Webhooks/1",
    }
