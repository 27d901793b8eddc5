"""The outbox: an event and its deliveries, written in the caller's transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.events.types import new_event_id
from switchboard.store.db import Database
from switchboard.store.models import Account, AccountConnector, WebhookDelivery, WebhookEndpoint, WebhookEvent


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
        return await self.record(session, row.partner_id, row.id, f"connection.{kind}", data, account_connector_id)

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
    ) -> str:
        """One event and a pending delivery to each endpoint that wants it; returns the event id.

        ``explicit``: only endpoints that name ``event_type`` get it (not those that take every event).
        """
        now = time.time()
        event_id = new_event_id()
        session.add(WebhookEvent(id=event_id, partner_id=partner_id, type=event_type, payload=data, created_at=now))
        for endpoint_id in await _targets(session, partner_id, account_id, event_type, only_endpoint, explicit):
            session.add(
                WebhookDelivery(
                    event_id=event_id,
                    endpoint_id=endpoint_id,
                    ordering_key=str(ordering),
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
        await session.flush()
        self.recorded += 1
        return event_id

    async def subscribed(self, session: AsyncSession, partner_id: int, account_id: int | None, event_type: str) -> bool:
        """Whether any endpoint names ``event_type`` (events too many to send everyone: ``record.*``)."""
        return bool(await _targets(session, partner_id, account_id, event_type, None, True))

    async def record_alone(
        self, partner_id: int, account_id: int | None, event_type: str, data: dict[str, Any], ordering: int | str
    ) -> str:
        """An event that no other write comes with (a failed call), in a transaction of its own."""
        async with self._db.session() as session:
            return await self.record(session, partner_id, account_id, event_type, data, ordering)


async def _targets(
    session: AsyncSession,
    partner_id: int,
    account_id: int | None,
    event_type: str,
    only: int | None,
    explicit: bool = False,
) -> list[int]:
    """Enabled endpoints subscribed to ``event_type``; an account's own endpoints replace the partner's."""
    rows = (
        await session.execute(
            select(WebhookEndpoint.id, WebhookEndpoint.account_id, WebhookEndpoint.events).where(
                WebhookEndpoint.partner_id == partner_id, WebhookEndpoint.enabled.is_(True)
            )
        )
    ).all()
    if only is not None:
        return [r.id for r in rows if r.id == only]
    wanted = [r for r in rows if (not r.events and not explicit) or event_type in r.events]
    own = [r.id for r in wanted if account_id is not None and r.account_id == account_id]
    if own:
        return own
    return [r.id for r in wanted if r.account_id is None]
