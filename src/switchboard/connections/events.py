"""The one place a connection's state changes are announced.

Every credential write in ``writes.py`` announces what it changed, inside the same database
transaction, so whatever listens (a log line today; the webhook outbox) sees each change
exactly when it is committed and never one that was rolled back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

ChangeKind = Literal[
    "created",
    "authenticated",
    "reauthorization_required",
    "refresh_failed",
    "recovered",
    "deauthenticated",
    "deleted",
]

log = logging.getLogger("switchboard.connections")


@dataclass(frozen=True, slots=True)
class ConnectionChange:
    """What happened to an account connector; ``reason`` never holds a secret."""

    kind: ChangeKind
    account_connector_id: int
    reason: str | None = None
    # For ``refresh_failed``: when the next refresh will be tried (epoch seconds).
    next_attempt_at: float | None = None


class Announcer(Protocol):
    async def announce(self, session: AsyncSession, change: ConnectionChange) -> None:
        """Record ``change`` in the transaction of ``session`` (the one that made the change)."""
        ...


class LogAnnouncer:
    """The default listener: one log line per change."""

    async def announce(self, session: AsyncSession, change: ConnectionChange) -> None:
        reason = f" ({change.reason})" if change.reason else ""
        log.info("account connector %s %s%s", change.account_connector_id, change.kind, reason)
