"""The sync scheduler: claims due syncs under a lease, a few at a time, and runs them.

A claim is one ``UPDATE ... WHERE lease is free RETURNING id`` (SQLite and PostgreSQL alike):
two workers racing for one sync, one wins and the other updates nothing. The lease carries the
worker's id and an expiry the run's heartbeat extends; a worker that dies leaves a lease that
runs out, and another worker takes the run over from its checkpoint. Each round also pauses the
syncs of connections that cannot call (needing re-authorisation) and resumes them once they can.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid

from sqlalchemy import or_, select, update

from switchboard.observability import metrics
from switchboard.store.db import Database
from switchboard.store.models import AccountConnector
from switchboard.store.outage import RoundLog
from switchboard.store.sync_models import Sync, SyncRecord
from switchboard.syncs.run import SyncLimits, SyncRunner, SyncServices

log = logging.getLogger("switchboard.syncs")
RETENTION_EVERY = 3600.0


class SyncWorker:
    """Runs due syncs, at most ``concurrency`` at once; ``wake`` makes it look now (a run asked for)."""

    def __init__(
        self,
        svc: SyncServices,
        limits: SyncLimits,
        *,
        poll_seconds: float,
        concurrency: int,
        deleted_keep_seconds: float,
    ) -> None:
        self._rounds = RoundLog(log, "sync worker")
        self._db: Database = svc.db
        self._poll = poll_seconds
        self._concurrency = max(1, concurrency)
        self._keep = deleted_keep_seconds
        self.owner = f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.runner = SyncRunner(svc, limits, self.owner)
        self._registry = svc.registry
        self._task: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._retention_at = 0.0

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="sync-worker")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._running) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        # Let another worker go on at once rather than after the lease runs out.
        async with self._db.session() as session:
            await session.execute(
                update(Sync).where(Sync.lease_owner == self.owner).values(lease_owner=None, lease_expires_at=None)
            )

    async def run_once(self) -> int:
        """One round: pause and resume by connection state, then claim and start due syncs; how many started."""
        now = time.time()
        async with self._db.session() as session:
            if (await session.execute(select(Sync.id).limit(1))).first() is None:
                return 0  # no syncs at all: no writes (SQLite takes its one write lock even for none)
        await self._pause_and_resume(now)
        if now >= self._retention_at:
            self._retention_at = now + RETENTION_EVERY
            await self._drop_old_payloads(now)
        started = 0
        while len(self._running) < self._concurrency:
            claimed = await self.claim()
            if claimed is None:
                break
            sync_id, due = claimed
            metrics.SYNC_LAG_SECONDS.observe(max(0.0, time.time() - due))
            task = asyncio.create_task(self._run(sync_id), name=f"sync-{sync_id}")
            self._running.add(task)
            task.add_done_callback(self._running.discard)
            started += 1
        return started

    async def claim(self) -> tuple[int, float] | None:
        """Take the lease of the most overdue sync that is free; (id, when it was due), or None."""
        now = time.time()
        lease = self.runner.limits.lease_seconds
        free = or_(Sync.lease_expires_at.is_(None), Sync.lease_expires_at < now)
        callable_ = select(AccountConnector.id).where(AccountConnector.auth_state == "authenticated")
        candidate = (
            select(Sync.id)
            .where(
                Sync.enabled.is_(True),
                Sync.state != "paused",
                free,
                or_(Sync.next_run_at <= now, Sync.run_requested.is_(True)),
                Sync.account_connector_id.in_(callable_),
            )
            .order_by(Sync.next_run_at)
            .limit(1)
            .scalar_subquery()
        )
        async with self._db.session() as session:
            row = (
                await session.execute(
                    update(Sync)
                    .where(Sync.id == candidate, free)
                    .values(lease_owner=self.owner, lease_expires_at=now + lease, state="running", run_requested=False)
                    .returning(Sync.id, Sync.next_run_at)
                )
            ).first()
        if row is None:
            return None
        return int(row.id), float(row.next_run_at or now)

    async def _run(self, sync_id: int) -> None:
        started = time.monotonic()
        connector = "unknown"
        try:
            async with self._db.session() as session:
                key = (
                    await session.execute(
                        select(AccountConnector.connector_key)
                        .join(Sync, Sync.account_connector_id == AccountConnector.id)
                        .where(Sync.id == sync_id)
                    )
                ).scalar_one_or_none()
            connector = key or connector
            outcome = await self.runner.run(sync_id)
            metrics.SYNC_RUNS.labels(connector, outcome).inc()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sync %s: attempt failed unexpectedly", sync_id)
        finally:
            metrics.SYNC_RUN_SECONDS.labels(connector).observe(time.monotonic() - started)
            self._wake.set()  # a slot is free

    async def _pause_and_resume(self, now: float) -> None:
        async with self._db.session() as session:
            for state, reason in (
                ("needs_reauth", "The connection needs re-authorisation; the sync resumes when it is re-authorised"),
                ("unauthenticated", "The connection is not authenticated yet; the sync starts when it is"),
            ):
                await session.execute(
                    update(Sync)
                    .where(
                        Sync.state != "paused",
                        or_(Sync.lease_expires_at.is_(None), Sync.lease_expires_at < now),
                        Sync.account_connector_id.in_(
                            select(AccountConnector.id).where(AccountConnector.auth_state == state)
                        ),
                    )
                    .values(state="paused", paused_reason=reason, updated_at=now)
                )
            ready = select(AccountConnector.id).where(AccountConnector.auth_state == "authenticated")
            for resumed, open_run in (("running", True), ("idle", False)):
                await session.execute(
                    update(Sync)
                    .where(
                        Sync.state == "paused",
                        Sync.next_run_at <= now,
                        Sync.run_started_at.is_not(None) if open_run else Sync.run_started_at.is_(None),
                        Sync.account_connector_id.in_(ready),
                    )
                    .values(state=resumed, paused_reason=None, updated_at=now)
                )

    async def _drop_old_payloads(self, now: float) -> None:
        async with self._db.session() as session:
            await session.execute(
                update(SyncRecord)
                .where(SyncRecord.deleted_at < now - self._keep, SyncRecord.payload.is_not(None))
                .values(payload=None)
            )

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
                self._rounds.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._rounds.failed(exc)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll)
