"""A connection's token upkeep as the API and the console show it (pure, from the stored row)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from switchboard.store.models import AccountConnector


@dataclass(frozen=True, slots=True)
class Health:
    """``state``: ``Healthy``, ``RefreshFailing`` (retrying), ``NeedsReauthentication`` or ``NotApplicable``."""

    state: str
    last_refreshed: datetime | None
    last_error: str | None
    consecutive_failures: int
    next_attempt: datetime | None


def health_of(row: AccountConnector) -> Health:
    """What the health columns say (kept by ``connections.writes``: every credential write and refresh)."""
    if row.auth_state == "needs_reauth":
        state = "NeedsReauthentication"
    elif row.refresh_failures:
        state = "RefreshFailing"
    elif row.next_refresh_at is None and row.last_refreshed_at is None:
        state = "NotApplicable"
    else:
        state = "Healthy"
    return Health(
        state=state,
        last_refreshed=_at(row.last_refreshed_at),
        last_error=row.last_refresh_error,
        consecutive_failures=row.refresh_failures or 0,
        next_attempt=_at(row.next_refresh_at) if row.auth_state == "authenticated" else None,
    )


def _at(epoch: float | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, tz=UTC) if epoch is not None else None
