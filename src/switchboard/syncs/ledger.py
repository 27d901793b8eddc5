"""Writing a run's progress: each page's records and checkpoint in one transaction, fenced by the lease.

Every change takes the next number of the sync's ``change_seq`` (the feed's order). The row
update that takes the numbers also checks the lease (``lease_owner``), so a worker that lost
its lease writes nothing, and on PostgreSQL it locks the sync's row: changes commit in the
order of their numbers, and a reader paging the feed cannot skip one.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.store.sync_models import Sync, SyncRecord
from switchboard.syncs.records import Seen

DELETE_CHUNK = 200  # rows (with their last JSON, for the record.deleted events) held at once


class LeaseLost(Exception):
    """Another worker holds the sync now (this one's lease ran out): stop without writing."""


@dataclass(slots=True)
class Change:
    """A record change, for the ``record.*`` events."""

    action: str  # added, updated, deleted
    key: str
    seq: int
    payload: str | None


@dataclass(slots=True)
class PageChanges:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    changes: list[Change] = field(default_factory=list)


async def take_numbers(
    session: AsyncSession, sync_id: int, owner: str, count: int, lease_seconds: float, **values: Any
) -> int:
    """Reserve ``count`` change numbers and write ``values`` on the sync, if ``owner`` still holds it.

    Returns the first reserved number; raises ``LeaseLost`` otherwise.
    """
    top = (
        await session.execute(
            update(Sync)
            .where(Sync.id == sync_id, Sync.lease_owner == owner)
            .values(change_seq=Sync.change_seq + count, lease_expires_at=time.time() + lease_seconds, **values)
            .returning(Sync.change_seq)
        )
    ).scalar_one_or_none()
    if top is None:
        raise LeaseLost(f"sync {sync_id}: the lease is gone")
    return int(top) - count + 1


async def write_page(
    session: AsyncSession,
    sync_id: int,
    run: int,
    records: list[Seen],
    owner: str,
    lease_seconds: float,
    *,
    checkpoint: dict[str, Any],
    progress: dict[str, Any],
) -> PageChanges:
    """Store one page's records (unchanged ones only marked seen), the checkpoint and the run's counts.

    ``progress`` (the run's counts so far) is updated in place with this page's changes, and ``distinct``
    with the keys no page of this run had before (a record read twice moved between pages while the run read).
    """
    latest: dict[str, Seen] = {}
    for record in records:  # a key twice on one page: its last copy counts
        latest[record.key] = record
    stored = {
        row.key: row
        for row in (
            await session.execute(
                select(
                    SyncRecord.id, SyncRecord.key, SyncRecord.hash, SyncRecord.deleted_at, SyncRecord.seen_run
                ).where(SyncRecord.sync_id == sync_id, SyncRecord.key.in_(list(latest)))
            )
        ).all()
    }
    plan: list[tuple[str, Seen]] = []
    unchanged: list[int] = []
    for key, record in latest.items():
        old = stored.get(key)
        if record.deleted:
            if old is not None and old.deleted_at is None:
                plan.append(("deleted", record))
            elif old is not None:
                unchanged.append(old.id)
        elif old is None:
            plan.append(("added", record))
        elif old.deleted_at is not None:
            plan.append(("added", record))  # back after a deletion
        elif old.hash != record.hash:
            plan.append(("updated", record))
        else:
            unchanged.append(old.id)
    for action, _ in plan:
        progress[action] = int(progress.get(action, 0)) + 1
    again = sum(1 for key in latest if key in stored and stored[key].seen_run == run)
    progress["distinct"] = int(progress.get("distinct", 0)) + len(latest) - again
    first = await take_numbers(
        session, sync_id, owner, len(plan), lease_seconds, checkpoint=checkpoint, run_progress=dict(progress)
    )
    now = time.time()
    out = PageChanges()
    for offset, (action, record) in enumerate(plan):
        seq = first + offset
        old = stored.get(record.key)
        payload = record.payload  # a deleted record keeps its last payload until retention drops it
        if old is None:
            session.add(
                SyncRecord(
                    sync_id=sync_id,
                    key=record.key,
                    hash=record.hash,
                    payload=payload,
                    action=action,
                    seq=seq,
                    seen_run=run,
                    first_seen_at=now,
                    modified_at=now,
                    deleted_at=None,
                )
            )
        else:
            await session.execute(
                update(SyncRecord)
                .where(SyncRecord.id == old.id)
                .values(
                    hash=record.hash,
                    payload=payload,
                    action=action,
                    seq=seq,
                    seen_run=run,
                    modified_at=now,
                    deleted_at=now if action == "deleted" else None,
                )
            )
        setattr(out, action, getattr(out, action) + 1)
        out.changes.append(Change(action, record.key, seq, payload))
    if unchanged:
        await session.execute(update(SyncRecord).where(SyncRecord.id.in_(unchanged)).values(seen_run=run))
    await session.flush()
    return out


async def count_unseen(session: AsyncSession, sync_id: int, run: int) -> int:
    """The live records run ``run`` did not see."""
    unseen = and_(SyncRecord.sync_id == sync_id, SyncRecord.deleted_at.is_(None), SyncRecord.seen_run < run)
    return int((await session.execute(select(func.count()).select_from(SyncRecord).where(unseen))).scalar_one())


async def delete_unseen(
    session: AsyncSession,
    sync_id: int,
    run: int,
    owner: str,
    lease_seconds: float,
    told: Callable[[list[Change]], Awaitable[object]],
) -> PageChanges:
    """The live records no run since run ``run`` began saw are deleted, a chunk at a time (memory stays flat).

    ``told`` gets each chunk's changes (for the ``record.deleted`` events).
    """
    out = PageChanges()
    now = time.time()
    while True:
        ids = list(
            (
                await session.execute(
                    select(SyncRecord.id, SyncRecord.key, SyncRecord.payload)
                    .where(
                        and_(SyncRecord.sync_id == sync_id, SyncRecord.deleted_at.is_(None), SyncRecord.seen_run < run)
                    )
                    .order_by(SyncRecord.id)
                    .limit(DELETE_CHUNK)
                )
            ).all()
        )
        if not ids:
            return out
        first = await take_numbers(session, sync_id, owner, len(ids), lease_seconds)
        for offset, row in enumerate(ids):
            await session.execute(
                update(SyncRecord)
                .where(SyncRecord.id == row.id)
                .values(action="deleted", seq=first + offset, deleted_at=now, modified_at=now)
            )
            out.changes.append(Change("deleted", row.key, first + offset, row.payload))
        out.deleted += len(ids)
        await told(out.changes)
        out.changes = []
