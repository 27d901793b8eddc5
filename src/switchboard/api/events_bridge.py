"""Connections announce, the outbox records: the two meet here, in the composition root's reach."""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.connections import ConnectionChange, LogAnnouncer
from switchboard.events import Outbox

_REASON_KINDS = {"reauthorization_required", "refresh_failed"}


class OutboxAnnouncer:
    """Logs each connection change and writes it to the outbox in the same transaction."""

    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox
        self._log = LogAnnouncer()

    async def announce(self, session: AsyncSession, change: ConnectionChange) -> None:
        await self._log.announce(session, change)
        extra: dict[str, object] = {}
        if change.kind in _REASON_KINDS and change.reason:
            extra["Reason"] = change.reason
            extra["ReasonCode"] = reason_code(change.reason) if change.kind == "reauthorization_required" else None
        if change.next_attempt_at is not None:
            extra["NextAttemptAt"] = _iso(change.next_attempt_at)
        await self._outbox.connection_event(session, change.kind, change.account_connector_id, **extra)


def reason_code(reason: str) -> str:
    """``invalid_grant``, ``revoked`` or ``refresh_token_expired``, from the provider's words."""
    text = reason.lower()
    if "revoked" in text:
        return "revoked"
    if "expired" in text:
        return "refresh_token_expired"
    return "invalid_grant"


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
