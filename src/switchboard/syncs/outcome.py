"""How a run ends: the next incremental value, a rate limit's wait, a failed attempt's summary."""

from __future__ import annotations

import math
from typing import Any

from switchboard.catalog.models import SyncDef
from switchboard.errors import RateLimited, SwitchboardError, UpstreamError
from switchboard.numbers import is_digits
from switchboard.store.sync_models import Sync
from switchboard.syncs import records

# How a pause the provider's rate limit asked for begins: it ends when the provider said, whatever asks sooner.
RATE_LIMITED = "The provider's rate limit asks for a wait"


def confirms(last_run: dict[str, Any] | None) -> int | None:
    """The number of the full run whose missed records the next run confirms (``last_run`` left deletions pending):
    a record it missed is deleted only if the next full run misses it too. A confirming run's own misses wait."""
    last = last_run or {}
    if not last.get("DeletionsPending") or last.get("Confirming"):
        return None
    found = last.get("PendingRun", last.get("Run"))
    return found if isinstance(found, int) else None


def failed_summary(row: Sync, message: str, kind: str, now: float) -> dict[str, Any]:
    """``LastRun`` after a failed attempt: what the open run has done so far, and why it stopped."""
    progress = row.run_progress or {}
    summary: dict[str, Any] = {
        "Outcome": "failed",
        "Full": row.run_full,
        "StartedAt": row.run_started_at,
        "FinishedAt": now,
        "DurationMs": round((now - (row.run_started_at or now)) * 1000, 1),
        "Pages": progress.get("pages", 0),
        "Records": progress.get("records", 0),
        "Added": progress.get("added", 0),
        "Updated": progress.get("updated", 0),
        "Deleted": progress.get("deleted", 0),
        "Attempts": progress.get("attempts", 1),
        "Error": message,
        "ErrorType": kind,
    }
    owed = confirms(row.last_run)
    if owed is not None:  # a confirming run that failed is still owed: its retry confirms (the deletions stay pending)
        summary.update(DeletionsPending=(row.last_run or {}).get("DeletionsPending"), PendingRun=owed)
    return summary


def next_cursor(spec: SyncDef, current: str | None, best: Any, started: float) -> str | None:
    """The value the next incremental run asks with, less the overlap when it is a time.

    ``best``: the highest cursor field value seen at or before the run's start. Without a cursor
    field (or when a first run saw none), the run's start time (``started``: ``began``'s, on the
    provider's clock where it tells it).
    """
    if spec.cursor is None:
        return current
    overlap = spec.cursor.overlap_seconds
    when = records.parse_time(best, spec.cursor.format)
    if when is not None:
        return records.format_time(when - overlap, spec.cursor.format)
    if best is not None:
        return str(best)
    if spec.cursor.field and current is not None:
        return current
    return records.format_time(started - overlap, spec.cursor.format)


def began(started: float, progress: dict[str, Any]) -> float:
    """When the run began, for the values the provider compares with its own times: the earlier of our clock at
    the run's start and the provider's when it answered the run's first page (its ``Date`` header).

    A provider whose clock is behind ours stamps a record changed during the run with a time before our start:
    counted as seen, or asked after, it would be passed for good. One ahead of ours changes nothing: a value
    past our start is read again next time, as it always was.
    """
    theirs = progress.get("provider_started")
    return min(started, float(theirs)) if isinstance(theirs, int | float) else started


def note_page(progress: dict[str, Any], total: int | None, date: float | None, received: float) -> None:
    """What a page tells beside its records: the run's first sets the provider's clock when it answered (``date``,
    its ``Date`` header, and ``received``, ours) and the list's ``total``; each later one, whether that held."""
    if int(progress.get("pages", 0)) == 0:
        progress["provider_started"], progress["clock_skew"] = date, clock_skew(date, received)
        progress["total"], progress["total_steady"] = total, total is not None
    elif total != progress.get("total"):
        progress["total_steady"] = False


def clock_skew(date: float | None, received: float) -> int | None:
    """How far the provider's clock is ahead of ours (behind: negative), in whole seconds, from an answer's
    ``Date`` (whole seconds, so taken at the middle of its second) and when it came; None without one."""
    return None if date is None else round(date + 0.5 - received)


def held_back(spec: SyncDef, progress: dict[str, Any], reached: str | None) -> tuple[str | None, str | None]:
    """The value the next run asks with, and ``reached`` (this run's own next value) when that is held back.

    A list paged by position (page numbers, offsets) that changes during a run moves records between its pages: one
    updated or deleted on a page already read takes the next page's first record onto that page, unseen, however old
    its cursor value. So a run that read several such pages is not trusted alone: the next run asks for its window
    again (from the value it asked with, or past the run before's window, which this run read again). A record is
    then missed only if it slips past the pages of two runs in a row (the next full run finds it).

    A full run asks with no value, but the records it may miss that way and that the copy does not hold yet (so no
    confirming run comes for them) changed after the value the sync had when it began: the next run asks with that.
    A full run that began with none (the first, or after the definition changed) is read whole again next time,
    unless the list held still: every page gave the same total, and the run read that many records, none twice.
    """
    if spec.cursor is None or not progress.get("by_position") or int(progress.get("pages", 0)) <= 1:
        return reached, None  # every run full, a list paged by value (a cursor, a link) or one page: nothing slips
    asked = progress.get("asked_with")
    if progress.get("full"):
        asked = progress.get("began_with")
        if asked is None and held_still(progress):
            return reached, None
    elif asked is None:
        return reached, None  # a full run opened before full runs were held back
    form = spec.cursor.format
    before = progress.get("reached_before")  # the run before's own next value, its window read twice now
    if asked is None:
        held = None if before is None else str(before)  # None: the next run is a full one
    else:
        held = str(before) if before is not None and _later(str(before), str(asked), form) else str(asked)
    if held is not None and reached is not None and not _later(reached, held, form):
        held = reached  # never past the value the run itself would move to
    return held, reached


def held_still(progress: dict[str, Any]) -> bool:
    """Whether a run's list held still as far as its counts tell: each page gave the same total, and the run read
    that many records, each once. (A record created as another is deleted, between the same two pages, hides.)"""
    total = progress.get("total")
    return bool(progress.get("total_steady")) and total == progress.get("records") == progress.get("distinct")


def _later(value: str, than: str, form: str) -> bool:
    """Whether cursor value ``value`` comes after ``than``: times as times, digits as numbers, else as text."""
    a, b = (int(v) if is_digits(v) else v for v in (value, than))
    return a != b and records.later_cursor(b, a, math.inf, form) == a


def rate_limit_wait(exc: SwitchboardError) -> float | None:
    """Seconds to wait when the provider (or our limiter) refused for the rate limit; None otherwise."""
    if isinstance(exc, RateLimited) or (isinstance(exc, UpstreamError) and exc.status == 429):
        return max(float(getattr(exc, "retry_after", None) or 60.0), 1.0)
    return None
