"""Keeping connections alive: refresh tokens before they expire, and idle ones before their refresh tokens do.

Each connection carries ``next_refresh_at`` (set by every credential write, pushed back with
backoff by every failed refresh). The worker refreshes those that are due through the same
``RefreshCoordinator`` calls use, so a refresh here and one from a call never race: one
waits on the lock and finds the new set. Each round also sweeps the connect page's empty installs whose sign-ins
have all expired (``leftovers.LeftoverSweep``): with the refreshes turned off (``SWITCHBOARD_HEALTH_WORKER=false``) the
worker still runs, with only the sweep, so those installs go all the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from sqlalchemy import select

from switchboard.catalog.models import OAuth2Auth
from switchboard.connections.leftovers import LeftoverSweep
from switchboard.connections.service import Connections
from switchboard.errors import ConnectionNotReady, SwitchboardError
from switchboard.store.db import Database
from switchboard.store.models import AccountConnector
from switchboard.store.outage import RoundLog

log = logging.getLogger("switchboard.connections")


# The longest one sweep of leftover installs may take, however slow the store: the next round tries again.
SWEEP_TIMEOUT = 60.0


class HealthWorker:
    """Refreshes due connections every ``poll_seconds``, a bounded batch at a time (unless ``refresh`` is off), then
    sweeps leftover installs."""

    def __init__(
        self, db: Database, connections: Connections, *, poll_seconds: float, batch: int = 20, refresh: bool = True
    ) -> None:
        self._rounds = RoundLog(log, "connection health")
        self._db = db
        self._connections = connections
        self._poll = poll_seconds
        self._batch = batch
        self._refresh_on = refresh
        self._leftovers = LeftoverSweep(db, connections.writes)
        self._task: asyncio.Task[None] | None = None
        self.refreshed = 0
        self.failed = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="connection-health")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def run_once(self) -> int:
        """Refresh the connections due now; how many were tried."""
        async with self._db.session() as session:
            due = (
                await session.execute(
                    select(AccountConnector.id, AccountConnector.account_id)
                    .where(
                        AccountConnector.next_refresh_at <= time.time(),
                        AccountConnector.auth_state == "authenticated",
                    )
                    .order_by(AccountConnector.next_refresh_at)
                    .limit(self._batch)
                )
            ).all()
        for row in due:
            try:
                await self._refresh(row.id, row.account_id)
            except SwitchboardError as exc:  # e.g. an app secret that no longer decrypts
                self.failed += 1
                await self._connections.writes.refresh_failed(row.id, exc.message)
        return len(due)

    async def _refresh(self, connection_id: int, account_id: int) -> None:
        connection = await self._connections.for_sign_in(connection_id, account_id)
        if connection is None:
            return
        definition = connection.connector.definition.auth_of("oauth2")
        app = connection.oauth_app()
        if not isinstance(definition, OAuth2Auth) or app is None:
            await self._connections.writes.refresh_failed(connection_id, "No OAuth app to refresh with")
            return
        try:
            endpoint = self._connections.token_endpoint(connection, definition)
        except ConnectionNotReady as exc:  # its token URL's host is a property no longer set
            await self._connections.writes.refresh_failed(connection_id, exc.message)
            return
        try:
            await asyncio.wait_for(
                self._connections.refresher.fresh(
                    connection_id, endpoint, app, connection.target.credentials_version, force=True
                ),
                timeout=60,
            )
            self.refreshed += 1
        except TimeoutError:
            self.failed += 1
            await self._connections.writes.refresh_failed(connection_id, "The refresh did not finish within 60 s")
        except SwitchboardError as exc:
            # Recorded and announced by the coordinator (refresh_failed or reauthorization_required).
            self.failed += 1
            log.info("proactive refresh of account connector %s failed: %s", connection_id, type(exc).__name__)

    async def _run(self) -> None:
        while True:
            try:
                if self._refresh_on:
                    await self.run_once()
                await asyncio.wait_for(self._leftovers.run_once(), timeout=SWEEP_TIMEOUT)
                self._rounds.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._rounds.failed(exc)
            await asyncio.sleep(self._poll)
