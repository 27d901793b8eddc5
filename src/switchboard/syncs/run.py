"""One run of a sync, page by page through the engine, a checkpoint after each page.

The worker calls ``SyncRunner.run`` holding the sync's lease. A run opens (its number, whether
it is full, the incremental value it asks with) and stays open across attempts until it
completes: an attempt that fails, is cut off by the time limit or dies resumes from the saved
checkpoint. Only a completed full run marks unseen records deleted.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from switchboard.catalog.registry import Registry
from switchboard.connections import Connections
from switchboard.engine.call import Engine
from switchboard.engine.inputs import InputsByArguments
from switchboard.engine.stream import Resume
from switchboard.errors import ConnectionNotReady, RateLimited, SwitchboardError, UpstreamError
from switchboard.events import Outbox
from switchboard.observability import CallContext, Recorder, metrics
from switchboard.store.db import Database
from switchboard.store.models import Account, AccountConnector
from switchboard.store.sync_models import Sync
from switchboard.syncs import ledger, outcome, records
from switchboard.syncs.definitions import spec_of
from switchboard.syncs.heartbeat import Heartbeat
from switchboard.syncs.notify import Subject, record_events, sync_event
from switchboard.syncs.outcome import RATE_LIMITED, confirms, failed_summary, held_back, next_cursor, rate_limit_wait

log = logging.getLogger("switchboard.syncs")


@dataclass(frozen=True, slots=True)
class SyncLimits:
    """What one run may do; each crossing is a clear error (the time limit: the run goes on next attempt)."""

    max_pages: int = 10_000
    max_records: int = 1_000_000
    max_seconds: float = 3_600.0
    max_record_bytes: int = 256 * 1024
    lease_seconds: float = 60.0
    retry_seconds: float = 60.0  # the first wait after a failed attempt; doubles up to the frequency


class SyncServices(Protocol):
    @property
    def db(self) -> Database: ...

    @property
    def registry(self) -> Registry: ...

    @property
    def connections(self) -> Connections: ...

    @property
    def engine(self) -> Engine: ...

    @property
    def recorder(self) -> Recorder: ...

    @property
    def outbox(self) -> Outbox: ...


@dataclass(frozen=True, slots=True)
class SyncParts:
    """The process's parts a sync needs (the composition root hands them over)."""

    db: Database
    registry: Registry
    connections: Connections
    engine: Engine
    recorder: Recorder
    outbox: Outbox


class SyncRunner:
    """Runs syncs whose lease ``owner`` holds."""

    def __init__(self, svc: SyncServices, limits: SyncLimits, owner: str) -> None:
        self._svc = svc
        self.limits = limits
        self.owner = owner

    async def run(self, sync_id: int) -> str:
        """One attempt: ``completed``, ``partial`` (time limit), ``failed``, ``paused`` or ``lost`` (the lease)."""
        loaded = await self._load(sync_id)
        if loaded is None:
            return "lost"
        try:
            return await self._attempt(sync_id, *loaded)
        except (ledger.LeaseLost, StaleDataError):
            # StaleDataError: the run's last write found its row gone (the ORM update matched none).
            if await self._deleted(sync_id):
                log.info("sync %s: deleted during its run; this attempt stops", sync_id)
            else:
                log.warning("sync %s: lease lost to another worker; this attempt stops", sync_id)
            return "lost"

    async def _attempt(self, sync_id: int, row: Sync, subject: Subject) -> str:
        try:
            if row.run_started_at is None or row.reset_requested:
                row = await self._open(row)
            async with Heartbeat(self._svc.db, sync_id, self.owner, self.limits.lease_seconds) as beat:
                outcome = await beat.guard(self._pages(row, subject))
            if outcome == "partial":
                await self._release(sync_id, state="running", next_run_at=time.time())
                return outcome
            await self._complete(sync_id, subject)
            return "completed"
        except (ledger.LeaseLost, StaleDataError):
            raise  # run() says which: the sync deleted, or taken over
        except ConnectionNotReady as exc:
            later = time.time() + self.limits.retry_seconds
            await self._release(sync_id, state="paused", paused_reason=exc.message, next_run_at=later)
            return "paused"
        except (RateLimited, UpstreamError) as exc:
            wait = rate_limit_wait(exc)
            if wait is not None:
                until = time.time() + wait
                at = records.format_time(until, "iso8601")
                reason = f"{RATE_LIMITED}; the sync goes on by itself at {at}"
                await self._release(sync_id, state="paused", paused_reason=reason, next_run_at=until)
                return "paused"
            await self._fail(sync_id, subject, exc.message, type(exc).__name__)
            return "failed"
        except SwitchboardError as exc:
            await self._fail(sync_id, subject, exc.message, type(exc).__name__)
            return "failed"
        except Exception:
            log.exception("sync %s: run failed unexpectedly", sync_id)
            await self._fail(sync_id, subject, "internal error", "InternalError")
            return "failed"

    async def _deleted(self, sync_id: int) -> bool:
        async with self._svc.db.session() as session:
            return (await session.execute(select(Sync.id).where(Sync.id == sync_id))).first() is None

    async def _load(self, sync_id: int) -> tuple[Sync, Subject] | None:
        async with self._svc.db.session() as session:
            found = (
                await session.execute(
                    select(Sync, Account, AccountConnector.connector_key)
                    .join(AccountConnector, AccountConnector.id == Sync.account_connector_id)
                    .join(Account, Account.id == AccountConnector.account_id)
                    .where(Sync.id == sync_id, Sync.lease_owner == self.owner)
                )
            ).first()
        if found is None:
            return None
        row, account, key = found
        subject = Subject(
            account.partner_id, account.id, account.api_id, row.account_connector_id, key, row.id, row.name
        )
        return row, subject

    async def _open(self, row: Sync) -> Sync:
        spec = spec_of(row)
        reset = row.reset_requested
        number = row.runs + 1
        every = spec.deletes.full_every
        full = reset or spec.cursor is None or row.cursor_value is None or bool(every and number % every == 0)
        full = full or confirms(row.last_run) is not None  # the last full run missed records: read all again now
        progress: dict[str, Any] = {
            "added": 0,
            "updated": 0,
            "deleted": 0,
            "pages": 0,
            "records": 0,
            "from_seq": row.change_seq,
            "full": full,
            "asked_with": None if full else row.cursor_value,
            "began_with": row.cursor_value,  # a full run's next value is held back to it (outcome.held_back)
            "reached_before": (row.last_run or {}).get("Reached"),  # its window read again now
            "max_cursor": None,
            "attempts": 0,
        }
        values: dict[str, Any] = dict(
            runs=number,
            run_started_at=time.time(),
            run_full=full,
            run_reset=reset,
            reset_requested=False,
            run_requested=False,
            checkpoint=None,
            run_progress=progress,
            state="running",
        )
        async with self._svc.db.session() as session:
            await ledger.take_numbers(session, row.id, self.owner, 0, self.limits.lease_seconds, **values)
        for name, value in values.items():
            setattr(row, name, value)
        return row

    async def _pages(self, row: Sync, subject: Subject) -> str:
        """Read the pages from the checkpoint on; ``partial`` when the time limit stops it first."""
        svc = self._svc
        spec = spec_of(row)
        progress = dict(row.run_progress)
        checkpoint = row.checkpoint
        if checkpoint is not None and checkpoint.get("complete"):
            return "complete"
        progress["attempts"] = int(progress.get("attempts", 0)) + 1
        async with svc.db.session() as session:  # counted as it starts: one failing before its first page counts too
            await ledger.take_numbers(session, row.id, self.owner, 0, self.limits.lease_seconds, run_progress=progress)
        started = time.monotonic()
        assert row.run_started_at is not None
        form = spec.cursor.format if spec.cursor else "iso8601"
        connection = await svc.connections.open(
            subject.partner_id, subject.account_api_id, subject.account_connector_id
        )
        paging = connection.connector.method(row.method_id).pagination
        progress["by_position"] = paging is not None and paging.type in ("page_number", "offset")
        asked_with = progress.get("asked_with")
        query = {spec.cursor.param: str(asked_with)} if spec.cursor is not None and asked_with is not None else None
        context = CallContext(
            f"sync-{row.id}-{row.runs}-{uuid.uuid4().hex[:8]}", subject.partner_id, subject.account_api_id, "sync"
        )
        limits = replace(
            svc.engine.limits,
            call_timeout=self.limits.max_seconds + 300.0,
            max_pages=self.limits.max_pages,
            max_records=self.limits.max_records,
            max_response_bytes=1 << 62,
            max_upstream_requests=self.limits.max_pages * 4,
        )
        stream = svc.recorder.pages(
            svc.engine,
            context,
            connection,
            row.method_id,
            InputsByArguments(row.parameters),
            query=query,
            resume=Resume.from_json(checkpoint) if checkpoint else None,
            limits=limits,
        )
        async for page in stream:
            if int(progress["pages"]) >= self.limits.max_pages:
                raise SwitchboardError(f"The run read {self.limits.max_pages} pages (the per-run limit)")
            outcome.note_page(progress, page.total, page.date, page.received)
            ceiling = outcome.began(row.run_started_at, progress)  # a value past it changed during the run
            seen = [
                records.seen(
                    raw,
                    key_path=spec.key,
                    excluded=spec.exclude_from_hash,
                    deleted_field=spec.deletes.field if spec.deletes.mode == "flag" else None,
                    cursor_field=spec.cursor.field if spec.cursor else None,
                    max_bytes=self.limits.max_record_bytes,
                )
                for raw in page.records
            ]
            for record in seen:
                progress["max_cursor"] = records.later_cursor(progress["max_cursor"], record.cursor, ceiling, form)
            progress["pages"] = int(progress["pages"]) + 1
            progress["records"] = int(progress["records"]) + len(seen)
            if int(progress["records"]) > self.limits.max_records:
                raise SwitchboardError(f"The run read more than {self.limits.max_records} records (the per-run limit)")
            checkpoint = page.next.to_json() if page.next is not None else {"complete": True}
            async with svc.db.session() as session:
                changes = await ledger.write_page(
                    session,
                    row.id,
                    row.runs,
                    seen,
                    self.owner,
                    self.limits.lease_seconds,
                    checkpoint=checkpoint,
                    progress=progress,
                )
                await record_events(svc.outbox, session, subject, changes.changes)
            del seen
            if page.next is not None and time.monotonic() - started > self.limits.max_seconds:
                await stream.aclose()  # type: ignore[attr-defined]
                return "partial"
        return "complete"

    async def _complete(self, sync_id: int, subject: Subject) -> None:
        svc = self._svc
        now = time.time()
        async with svc.db.session() as session:
            row = (await session.execute(select(Sync).where(Sync.id == sync_id))).scalar_one_or_none()
            if row is None or row.lease_owner != self.owner:  # deleted, or taken over, meanwhile
                raise ledger.LeaseLost(f"sync {sync_id}: the lease is gone")
            spec = spec_of(row)
            progress = dict(row.run_progress)
            deleted = pending = 0
            confirming = confirms(row.last_run)
            if row.run_full and spec.deletes.mode == "full":
                # A record one full run misses may only have moved between pages while it read them (a page-numbered
                # list changing under it): deleted only when the next full run, at once, misses it too.
                if confirming is not None:
                    found = await ledger.delete_unseen(
                        session,
                        sync_id,
                        confirming,
                        self.owner,
                        self.limits.lease_seconds,
                        lambda changes: record_events(svc.outbox, session, subject, changes),
                    )
                    deleted = found.deleted
                    await session.refresh(row)
                pending = await ledger.count_unseen(session, sync_id, row.runs)
            started = row.run_started_at or now
            reached = next_cursor(spec, row.cursor_value, progress.get("max_cursor"), outcome.began(started, progress))
            cursor_value, held = held_back(spec, progress, reached)
            summary = {
                "Outcome": "completed",
                "Full": row.run_full,
                "Reset": row.run_reset,
                "StartedAt": started,
                "FinishedAt": now,
                "DurationMs": round((now - started) * 1000, 1),
                "Pages": progress.get("pages", 0),
                "Records": progress.get("records", 0),
                "Added": progress.get("added", 0),
                "Updated": progress.get("updated", 0),
                "Deleted": int(progress.get("deleted", 0)) + deleted,
                "DeletionsPending": pending,
                "Confirming": confirming is not None,
                "ReadAgain": held is not None,  # the next run asks for this run's window again (no value: reads all)
                "Reached": held,
                "ClockSkewSeconds": progress.get("clock_skew"),  # the provider's clock less ours, where it tells
                "Run": row.runs,
                "Attempts": progress.get("attempts", 1),
                "CursorFrom": str(progress.get("from_seq", 0)),
                "CursorTo": str(row.change_seq),
                "Error": None,
            }
            row.cursor_value = cursor_value
            row.last_run = summary
            row.last_run_at = now
            row.next_run_at = max(now, started + row.frequency_minutes * 60)
            if confirms(summary) is not None:
                row.next_run_at = now  # the confirming full run
            row.run_started_at = None
            row.checkpoint = None
            row.run_progress = {}
            row.failures = 0
            row.state = "idle"
            row.paused_reason = None
            row.lease_owner = None
            row.lease_expires_at = None
            row.updated_at = now
            for action in ("Added", "Updated", "Deleted"):
                if summary[action]:
                    metrics.SYNC_RECORDS.labels(subject.connector_key, action.lower()).inc(int(summary[action]))
            event = {k: v for k, v in summary.items() if k not in ("StartedAt", "FinishedAt", "Error", "Reached")}
            await sync_event(svc.outbox, session, subject, "completed", event)

    async def _fail(self, sync_id: int, subject: Subject, message: str, kind: str) -> None:
        svc = self._svc
        now = time.time()
        async with svc.db.session() as session:
            row = (await session.execute(select(Sync).where(Sync.id == sync_id))).scalar_one_or_none()
            if row is None or row.lease_owner != self.owner:
                return
            row.failures += 1
            wait = min(self.limits.retry_seconds * 2 ** (row.failures - 1), row.frequency_minutes * 60.0)
            row.next_run_at = now + wait
            row.last_run = failed_summary(row, message, kind, now)
            row.last_run_at = now
            row.state = "failing"
            row.lease_owner = None
            row.lease_expires_at = None
            row.updated_at = now
            await sync_event(
                svc.outbox,
                session,
                subject,
                "failed",
                {
                    "Error": message,
                    "ErrorType": kind,
                    "Failures": row.failures,
                    "NextAttemptAt": records.format_time(row.next_run_at, "iso8601"),
                },
            )

    async def _release(self, sync_id: int, **values: Any) -> None:
        async with self._svc.db.session() as session:
            await session.execute(
                Sync.__table__.update()  # type: ignore[attr-defined]
                .where(Sync.id == sync_id, Sync.lease_owner == self.owner)
                .values(lease_owner=None, lease_expires_at=None, updated_at=time.time(), **values)
            )
