"""Off the request path: route each stored provider event to its connection and forward it.

Routed events become ``provider.event`` (one per matching connection), the rest one
``provider.unrouted``, both through the outbox, so delivery, retries and redelivery are the
existing webhook machinery's. Listeners (incremental syncs) hear of routed events after commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.catalog.registry import Registry
from switchboard.events import NewEvent, Outbox
from switchboard.hooks.payloads import route_value
from switchboard.observability.metrics import HOOK_EVENTS
from switchboard.store import Database, Inbox
from switchboard.store.hooks import (
    HookConnection,
    claim_many,
    connection_by_id,
    expire_events,
    partner_connections,
    pending_events,
    set_routed,
)
from switchboard.store.inbox import move_batch
from switchboard.store.models import HookEvent
from switchboard.store.outage import RoundLog

log = logging.getLogger("switchboard.hooks")

LISTENER_SECONDS = 10.0  # a listener (a sync trigger) that takes longer is given up on


@dataclass(frozen=True)
class RoutedEvent:
    """A provider event that reached a connection (what a sync trigger needs)."""

    account_connector_id: int
    connector_key: str
    event_type: str | None


class HookListener(Protocol):
    """Told of each routed event once it is committed (the hook point for incremental syncs)."""

    def __call__(self, event: RoutedEvent) -> Awaitable[None]: ...


class HookForwarder:
    """One per process. A batch is claimed and forwarded in one transaction, in the order received
    (so per connection too); the claim keeps two workers from forwarding one event twice. With an
    inbox (SQLite), each round first moves what the server received into ``hook_events``."""

    def __init__(
        self,
        db: Database,
        registry: Registry,
        outbox: Outbox,
        *,
        poll_seconds: float,
        wake_delivery: Callable[[], None],
        keep_seconds: float = 30 * 86400.0,
        batch: int = 100,
        round_seconds: float = 5.0,
        inbox: Inbox | None = None,
    ) -> None:
        self._rounds = RoundLog(log, "hook forwarding")
        self._db = db
        self._inbox = inbox
        self._registry = registry
        self._outbox = outbox
        self._poll = poll_seconds
        self._wake_delivery = wake_delivery
        self._batch = batch
        self._round_seconds = round_seconds
        self._keep = keep_seconds
        self._next_expiry = 0.0  # monotonic: the first round expires at once
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.listeners: list[HookListener] = []

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="hook-forwarder")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, drain: float = 0.0) -> None:
        """Stop; with ``drain``, first forward what is pending for up to that many seconds (the rest waits in
        the store for the next start: nothing is lost either way)."""
        if self._task is None:
            return
        if drain > 0:
            self._stopping = True
            self._wake.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._task), drain)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def move(self) -> int:
        """Move a batch of received events from the inbox into ``hook_events`` (none without an inbox)."""
        return await move_batch(self._db, self._inbox, self._batch) if self._inbox is not None else 0

    async def run_once(self) -> int:
        """Route and forward one batch of pending events in one transaction; the number handled.

        Bounded by ``batch`` events and ``round_seconds`` of routing: what is left waits for the next round.
        """
        deadline = time.monotonic() + self._round_seconds
        plan: list[tuple[HookEvent, list[HookConnection]]] = []
        async with self._db.session() as session:  # reads apart: the write transaction starts with its claim
            rows = await pending_events(session, self._batch)
            found: dict[Any, Any] = {}
            for row in rows:
                plan.append((row, await self._targets(session, row, found)))
                if time.monotonic() > deadline:
                    break
        if not plan:
            return 0
        routed: dict[RoutedEvent, None] = {}  # ordered, and one telling per connection and type a batch
        async with self._db.writing(), self._db.session() as session:  # a turn: see Database.writing
            claimed = await claim_many(session, [row.id for row, _ in plan])
            mine = [(row, targets) for row, targets in plan if row.id in claimed]  # others: another worker's
            events: list[NewEvent] = []
            firsts = []  # each row's first outbox event, by its index in ``events``
            for row, targets in mine:
                firsts.append(len(events))
                events.extend(self._events(row, targets))
                for target in targets:
                    routed[RoutedEvent(target.account_connector_id, row.connector_key, row.event_type)] = None
            ids = await self._outbox.record_many(session, events)
            now = time.time()
            outcomes = [
                {
                    "id": row.id,
                    "status": "forwarded" if targets else "unrouted",
                    "account_connector_id": targets[0].account_connector_id if targets else None,
                    "forwarded_event_id": ids[first],
                    "forwarded_at": now,
                }
                for (row, targets), first in zip(mine, firsts, strict=True)
            ]
            await set_routed(session, outcomes)
        for row, targets in plan:
            if row.id in claimed:
                HOOK_EVENTS.labels(row.connector_key, "routed" if targets else "unrouted").inc()
        if claimed:
            self._wake_delivery()
        for event in routed:
            for listener in self.listeners:
                try:
                    await asyncio.wait_for(listener(event), LISTENER_SECONDS)
                except Exception:  # a listener's failure (or hang) must not stop forwarding
                    log.exception("hook listener failed")
        return len(plan)

    def _events(self, row: HookEvent, targets: list[HookConnection]) -> list[NewEvent]:
        """One ``provider.event`` per connection, or one ``provider.unrouted``."""
        if not targets:
            connector = self._registry.by_key.get(row.connector_key)
            data = {"ConnectorId": connector.id if connector else None, "ConnectorKey": row.connector_key}
            return [NewEvent(row.partner_id, None, "provider.unrouted", {**data, **_event(row)}, row.connector_key)]
        return [
            NewEvent(
                t.partner_id,
                t.account_id,
                "provider.event",
                {**self._outbox.subject(t.account_api_id, t.account_connector_id, row.connector_key), **_event(row)},
                t.account_connector_id,
            )
            for t in targets
        ]

    async def _targets(self, session: AsyncSession, row: HookEvent, found: dict[Any, Any]) -> list[HookConnection]:
        """The connections an event belongs to: the one its URL named, or those whose property matches.

        ``found`` keeps this batch's reads: one per connection, or per partner and connector.
        """
        if row.account_connector_id is not None:
            key: tuple[Any, ...] = ("id", row.account_connector_id)
            if key not in found:
                found[key] = await connection_by_id(session, row.account_connector_id)
            return [found[key]] if found[key] is not None else []
        connector = self._registry.by_key.get(row.connector_key)
        spec = connector.definition.webhooks if connector else None
        if spec is None or spec.route is None:
            return []
        value = route_value(spec, row.payload)
        if value is None:
            return []
        key = ("partner", row.partner_id, row.connector_key)
        if key not in found:
            found[key] = await partner_connections(session, row.partner_id, row.connector_key)
        prop = spec.route.property
        return [c for c in found[key] if str(c.properties.get(prop, "")) == value]

    async def expire(self) -> int:
        """Delete handled events past the keep window (``SWITCHBOARD_HOOK_KEEP_SECONDS``); replays
        of older events are no longer recognised, which no provider's retry schedule reaches."""
        async with self._db.session() as session:
            return await expire_events(session, time.time() - self._keep)

    async def _run(self) -> None:
        while True:
            self._wake.clear()  # before the round: a wake during it is not lost
            try:
                if time.monotonic() >= self._next_expiry:
                    self._next_expiry = time.monotonic() + 3600.0
                    await self.expire()
                handled = max(await self.move(), await self.run_once())
                self._rounds.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database away for a moment must not stop forwarding for good
                self._rounds.failed(exc)
                handled = 0
            if handled < self._batch:
                if self._stopping:
                    return  # drained
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._poll)


def _event(row: HookEvent) -> dict[str, Any]:
    """What every provider event carries: the provider's type and id, when, and the payload as received."""
    return {
        "EventType": row.event_type,
        "ProviderEventId": row.provider_event_id,
        "ReceivedAt": row.received_at,
        "Payload": row.payload,
    }
