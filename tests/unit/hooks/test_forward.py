"""The forwarder on a real SQLite store: routing by property, provider.event and provider.unrouted, listeners."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from switchboard.catalog.registry import Registry
from switchboard.events import Outbox
from switchboard.hooks import HookForwarder, RoutedEvent
from switchboard.settings import Settings
from switchboard.store.accounts import create_account
from switchboard.store.db import Database
from switchboard.store.hooks import add_events, list_events
from switchboard.store.models import AccountConnector, WebhookEvent
from switchboard.store.partners import create_partner
from tests.unit.hook_rows import hook_row


def pending(partner_id: int, provider_id: str, portal: int) -> dict[str, Any]:
    return hook_row(partner_id, provider_id, payload={"eventId": provider_id, "portalId": portal})


async def test_routes_by_property_and_tells_listeners(db: Database) -> None:
    registry = Registry.load(Settings().connector_dirs)
    outbox = Outbox(db, lambda key: c.id if (c := registry.by_key.get(key)) else None)
    woken: list[bool] = []
    forwarder = HookForwarder(db, registry, outbox, poll_seconds=1.0, wake_delivery=lambda: woken.append(True))
    heard: list[RoutedEvent] = []

    async def listener(event: RoutedEvent) -> None:
        heard.append(event)

    forwarder.listeners.append(listener)
    async with db.session() as session:
        partner = (await create_partner(session, "p")).id
        account = await create_account(session, partner, api_id="a1", name="A", description="", timezone="UTC")
        connection = AccountConnector(
            account_id=account.id, connector_key="hubspot", name="h", properties={"hub_id": "42"}
        )
        session.add(connection)
        await session.flush()
        await add_events(session, [pending(partner, "1", 42), pending(partner, "2", 7)])

    assert await forwarder.run_once() == 2
    assert await forwarder.run_once() == 0  # nothing is forwarded twice
    async with db.session() as session:
        events = {e.type: e.payload for e in (await session.scalars(select(WebhookEvent))).all()}
        rows = {r.provider_event_id: r for r in await list_events(session, partner)}
    assert events["provider.event"]["AccountConnectorId"] == connection.id
    assert events["provider.event"]["AccountId"] == "a1" and events["provider.event"]["Payload"]["portalId"] == 42
    assert events["provider.unrouted"]["Payload"]["portalId"] == 7 and "AccountId" not in events["provider.unrouted"]
    assert rows["1"].status == "forwarded" and rows["1"].account_connector_id == connection.id
    assert rows["2"].status == "unrouted" and rows["2"].forwarded_event_id is not None
    assert heard == [RoutedEvent(connection.id, "hubspot", "contact.creation")] and woken
