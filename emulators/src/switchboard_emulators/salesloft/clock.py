"""Timestamps as Salesloft writes them: ISO 8601, UTC, microseconds, ``Z`` suffix."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

# Seeded records get fixed timestamps so seeding is deterministic; live writes use the wall clock,
# which is always later, so "newest first" lists show API-created records before seeded ones.
SEED_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def format_ts(moment: datetime) -> str:
    """``2024-01-01T00:00:00.000000Z``: fixed width, so strings compare like the instants they name."""
    # isoformat is several times faster than strftime, which matters when seeding 10k records.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_ts(value: object) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 string or date, or None if it is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def normalize_ts(value: object) -> str | None:
    """``value`` re-rendered in the stored format, or None if it is not a timestamp."""
    moment = parse_ts(value)
    return None if moment is None else format_ts(moment)


def seed_ts(index: int) -> str:
    """The deterministic timestamp of the ``index``-th seeded record (one minute apart)."""
    return format_ts(SEED_EPOCH + timedelta(minutes=index))


class MonotonicClock:
    """Wall-clock timestamps that never repeat, so ``updated_at`` orders writes strictly.

    ``offset``: how far this clock is from the machine's (negative: behind), as a provider's servers may be
    from their clients'; the answers' ``Date`` header tells the same time.
    """

    def __init__(self) -> None:
        self._last = datetime.min.replace(tzinfo=UTC)
        self._lock = threading.Lock()
        self.offset = timedelta(0)

    def now_dt(self) -> datetime:
        with self._lock:
            moment = datetime.now(UTC) + self.offset
            if moment <= self._last:
                moment = self._last + timedelta(microseconds=1)
            self._last = moment
            return moment

    def now(self) -> str:
        return format_ts(self.now_dt())

    def date_header(self) -> dict[str, str]:
        """An answer's ``Date`` header on this clock, when it is set apart from the machine's (else the server's)."""
        if not self.offset:
            return {}
        return {"Date": format_datetime(datetime.now(UTC) + self.offset, usegmt=True)}
