"""The outbox: an event and its deliveries, written in the caller's transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.events.types import new_event_id
from switchboard.store.db import Database
from switchboard.store.models import Account, AccountConnector, WebhookDelivery, WebhookEndpoint, WebhookEvent


@dataclass(frozen=True, slots=True)
class NewEvent:
    """One event of ``Outbox.record_many``: ``record``'s arguments."""

    partner_id: int
    account_id: int | None
    event_type: str
    data: dict[str, Any]
    ordering: int | str


class Recorded(NamedTuple):
    """An event ``Outbox.record`` wrote: its id, and the ids of its pending deliveries (one per endpoint)."""

    event_id: str
    delivery_ids: list[int]


class Outbox:
    """Writes events; ``connector_id`` maps a connector key to its public numeric id."""

    def __init__(self, db: Database, connector_id: Callable[[str], int | None]) -> None:
        self._db = db
        self._connector_id = connector_id
        self.recorded = 0  # events written by this process (for metrics later)

    async def connection_event(
        self, session: AsyncSession, kind: str, account_connector_id: int, **extra: Any
    ) -> str | None:
        """``connection.<kind>`` for an account connector, in the transaction of ``session``."""
        row = (
            await session.execute(
                select(Account.partner_id, Account.id, Account.api_id, AccountConnector.connector_key)
                .join(AccountConnector, AccountConnector.account_id == Account.id)
                .where(AccountConnector.id == account_connector_id)
            )
        ).first()
        if row is None:
            return None  # gone in this very transaction: nobody left to tell
        data = self.subject(row.api_id, account_connector_id, row.connector_key)
        data.update({k: v for k, v in extra.items() if v is not None})
        recorded = await self.record(session, row.partner_id, row.id, f"connection.{kind}", data, account_connector_id)
        return recorded.event_id

    def subject(self, account_api_id: str, account_connector_id: int, connector_key: str) -> dict[str, Any]:
        """The ids every connection and call event carries."""
        return {
            "AccountId": account_api_id,
            "AccountConnectorId": account_connector_id,
            "ConnectorId": self._connector_id(connector_key),
            "ConnectorKey": connector_key,
        }

    async def record(
        self,
        session: AsyncSession,
        partner_id: int,
        account_id: int | None,
        event_type: str,
        data: dict[str, Any],
        ordering: int | str,
        *,
        only_endpoint: int | None = None,
        explicit: bool = False,
    ) -> Recorded:
        """One event and a pending delivery to each endpoint that wants it; their ids, as written.

        ``explicit``: only endpoints that name ``event_type`` get it (not those that take every event).
        """
        now = time.time()
        event_id = new_event_id()
        session.add(WebhookEvent(id=event_id, partner_id=partner_id, type=event_type, payload=data, created_at=now))
        deliveries = [
            WebhookDelivery(
                event_id=event_id,
                endpoint_id=endpoint_id,
                ordering_key=str(ordering),
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
            for endpoint_id in await _targets(session, partner_id, account_id, event_type, only_endpoint, explicit)
        ]
        session.add_all(deliveries)
        await session.flush()  # gives the deliveries their ids
        self.recorded += 1
        return Recorded(event_id, [d.id for d in deliveries])

    async def record_many(self, session: AsyncSession, events: Sequence[NewEvent]) -> list[str]:
        """``record`` for several events in the caller's transaction, in order; their ids.

        One read of each partner's endpoints and two multi-row inserts for the lot (the forwarder's
        batches): per event, a read and an ORM flush cost about as much as the rest of forwarding.
        """
        now = time.time()
        endpoints: dict[int, list[_Endpoint]] = {}
        event_rows: list[dict[str, Any]] = []
        delivery_rows: list[dict[str, Any]] = []
        for e in events:
            if e.partner_id not in endpoints:
                endpoints[e.partner_id] = await _endpoints(session, e.partner_id)
            event_id = new_event_id()
            event_rows.append(
                {"id": event_id, "partner_id": e.partner_id, "type": e.event_type, "payload": e.data, "created_at": now}
            )
            for endpoint_id in _choose(endpoints[e.partner_id], e.account_id, e.event_type, None, False):
                delivery_rows.append(
                    {
                        "event_id": event_id,
                        "endpoint_id": endpoint_id,
                        "ordering_key": str(e.ordering),
                        "status": "pending",
                        "attempts": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                )
        if event_rows:
            await session.execute(insert(_table(WebhookEvent)), event_rows)
        if delivery_rows:  # in the events' order: a key's deliveries are sent in id order
            await session.execute(insert(_table(WebhookDelivery)), delivery_rows)
        self.recorded += len(event_rows)
        return [row["id"] for row in event_rows]

    async def subscribed(self, session: AsyncSession, partner_id: int, account_id: int | None, event_type: str) -> bool:
        """Whether any endpoint names ``event_type`` (events too many to send everyone: ``record.*``)."""
        return bool(await _targets(session, partner_id, account_id, event_type, None, True))

    async def record_alone(
        self, partner_id: int, account_id: int | None, event_type: str, data: dict[str, Any], ordering: int | str
    ) -> str:
        """An event that no other write comes with (a failed call), in a transaction of its own."""
        async with self._db.session() as session:
            return (await self.record(session, partner_id, account_id, event_type, data, ordering)).event_id


class _Endpoint(NamedTuple):
    id: int
    account_id: int | None
    events: list[str]


async def _endpoints(session: AsyncSession, partner_id: int) -> list[_Endpoint]:
    """The partner's enabled endpoints (its accounts' own among them)."""
    rows = (
        await session.execute(
            select(WebhookEndpoint.id, WebhookEndpoint.account_id, WebhookEndpoint.events).where(
                WebhookEndpoint.partner_id == partner_id, WebhookEndpoint.enabled.is_(True)
            )
        )
    ).all()
    return [_Endpoint(r.id, r.account_id, r.events) for r in rows]


def _choose(
    rows: list[_Endpoint], account_id: int | None, event_type: str, only: int | None, explicit: bool
) -> list[int]:
    """Those of ``rows`` subscribed to ``event_type``; an account's own endpoints replace the partner's."""
    if only is not None:
        return [r.id for r in rows if r.id == only]
    wanted = [r for r in rows if (not r.events and not explicit) or event_type in r.events]
    own = [r.id for r in wanted if account_id is not None and r.account_id == account_id]
    if own:
        return own
    return [r.id for r in wanted if r.account_id is None]


async def _targets(
    session: AsyncSession,
    partner_id: int,
    account_id: int | None,
    event_type: str,
    only: int | None,
    explicit: bool = False,
) -> list[int]:
    """Enabled endpoints subscribed to ``event_type``; an account's own endpoints replace the partner's."""
    return _choose(await _endpoints(session, partner_id), account_id, event_type, only, explicit)


def _table(model: type[WebhookEvent] | type[WebhookDelivery]) -> Table:
    """The Core table of a model: a multi-row insert needs Core, not the ORM's unit of work."""
    return model.__table__  # type: ignore[return-value]
