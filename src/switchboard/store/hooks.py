"""Inbound provider webhooks: hook URLs, their secrets, and the events received."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.store.crypto import SecretBox
from switchboard.store.models import (
    Account,
    AccountConnector,
    ConnectorSetting,
    HookEvent,
    Partner,
    WebhookDelivery,
    WebhookEndpoint,
    new_hook_id,
)
from switchboard.store.upsert import insert_for


@dataclass(frozen=True, slots=True)
class HookConnection:
    """A connection as a hook needs it: whose it is, and its secrets."""

    partner_id: int
    account_id: int
    account_api_id: str
    account_connector_id: int
    connector_key: str
    properties: dict[str, Any]
    hook_secrets_encrypted: str | None
    oauth_app_encrypted: str | None


async def partner_hook_key(session: AsyncSession, partner_id: int) -> str:
    """The partner's hook key, made on first use for partners created without one."""
    key = await session.scalar(select(Partner.hook_key).where(Partner.id == partner_id))
    if key:
        return key
    # Conditional: two workers racing both end with the one value that was written first.
    await session.execute(
        update(Partner).where(Partner.id == partner_id, Partner.hook_key.is_(None)).values(hook_key=new_hook_id())
    )
    key = await session.scalar(select(Partner.hook_key).where(Partner.id == partner_id))
    assert key is not None
    return key


async def partner_by_hook_key(session: AsyncSession, key: str) -> int | None:
    return await session.scalar(select(Partner.id).where(Partner.hook_key == key))


async def connection_hook_id(session: AsyncSession, account_connector_id: int) -> str:
    """The connection's hook id, made on first use (rows that predate it)."""
    row = await session.get(AccountConnector, account_connector_id)
    assert row is not None
    if row.hook_id is None:
        await session.execute(
            update(AccountConnector)
            .where(AccountConnector.id == account_connector_id, AccountConnector.hook_id.is_(None))
            .values(hook_id=new_hook_id())
        )
        await session.refresh(row)
    assert row.hook_id is not None
    return row.hook_id


_CONNECTION = select(
    Account.partner_id,
    Account.id.label("account_id"),
    Account.api_id,
    AccountConnector.id,
    AccountConnector.connector_key,
    AccountConnector.properties,
    AccountConnector.hook_secrets_encrypted,
    AccountConnector.oauth_app_encrypted,
).join(Account, Account.id == AccountConnector.account_id)


def _connection(row: Any) -> HookConnection:
    return HookConnection(
        partner_id=row.partner_id,
        account_id=row.account_id,
        account_api_id=row.api_id,
        account_connector_id=row.id,
        connector_key=row.connector_key,
        properties=dict(row.properties or {}),
        hook_secrets_encrypted=row.hook_secrets_encrypted,
        oauth_app_encrypted=row.oauth_app_encrypted,
    )


async def connection_by_hook_id(session: AsyncSession, hook_id: str) -> HookConnection | None:
    row = (await session.execute(_CONNECTION.where(AccountConnector.hook_id == hook_id))).first()
    return _connection(row) if row is not None else None


async def connection_by_id(session: AsyncSession, account_connector_id: int) -> HookConnection | None:
    row = (await session.execute(_CONNECTION.where(AccountConnector.id == account_connector_id))).first()
    return _connection(row) if row is not None else None


async def partner_connections(session: AsyncSession, partner_id: int, connector_key: str) -> list[HookConnection]:
    """The partner's connections of one connector: an event at the partner URL is one of these."""
    query = _CONNECTION.where(Account.partner_id == partner_id, AccountConnector.connector_key == connector_key)
    return [_connection(row) for row in (await session.execute(query.order_by(AccountConnector.id))).all()]


async def set_connection_secrets(session: AsyncSession, account_connector_id: int, encrypted: str) -> None:
    await session.execute(
        update(AccountConnector)
        .where(AccountConnector.id == account_connector_id)
        .values(hook_secrets_encrypted=encrypted)
    )


async def settings_secrets(session: AsyncSession, partner_id: int, connector_key: str) -> ConnectorSetting | None:
    return await session.get(ConnectorSetting, (partner_id, connector_key))


async def put_settings_secrets(
    session: AsyncSession, partner_id: int, connector_key: str, encrypted: str | None
) -> None:
    """Set (or, with None, clear) the signing secrets, leaving the rest of the settings as they are."""
    insert = insert_for(session)(ConnectorSetting).values(
        partner_id=partner_id, connector_key=connector_key, hook_secrets_encrypted=encrypted
    )
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=["partner_id", "connector_key"], set_={"hook_secrets_encrypted": encrypted}
        )
    )


async def add_events(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert received events, skipping any whose provider id was seen already; returns how many were new."""
    return (await add_event_groups(session, [rows]))[0] if rows else 0


INSERT_ROWS = 500  # rows per INSERT statement: far under SQLite's and PostgreSQL's bound parameters


async def add_event_groups(session: AsyncSession, groups: list[list[dict[str, Any]]]) -> list[int]:
    """Insert the events of several requests in this transaction, skipping provider ids seen already;
    how many of each request's events were new (the first request to carry an id gets it)."""
    rows = [row for group in groups for row in group]
    inserted: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), INSERT_ROWS):
        statement = (
            insert_for(session)(HookEvent)
            .values(rows[start : start + INSERT_ROWS])
            .on_conflict_do_nothing()
            .returning(HookEvent.partner_id, HookEvent.connector_key, HookEvent.provider_event_id)
        )
        inserted.extend(tuple(r) for r in (await session.execute(statement)).all())
    return new_counts(groups, inserted)


def event_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What de-duplicates a received event: its partner, connector and provider id."""
    return (row["partner_id"], row["connector_key"], row["provider_event_id"])


def new_counts(groups: list[list[dict[str, Any]]], inserted: list[tuple[Any, ...]]) -> list[int]:
    """How many of each group's rows are new, given the keys an insert returned (the first to carry an id gets it)."""
    left = Counter(inserted)
    counts = []
    for group in groups:
        new = 0
        for row in group:
            key = event_key(row)
            if row["provider_event_id"] is None:
                new += 1  # no id to de-duplicate by: always new
            elif left[key] > 0:
                left[key] -= 1
                new += 1
        counts.append(new)
    return counts


async def add_refusal(
    session: AsyncSession, partner_id: int, connector_key: str, account_connector_id: int | None, reason: str
) -> None:
    """A refused request, without its body: the console shows that it came and why it was refused."""
    session.add(
        HookEvent(
            partner_id=partner_id,
            connector_key=connector_key,
            account_connector_id=account_connector_id,
            verified=False,
            status="refused",
            refusal=reason[:200],
            received_at=time.time(),
        )
    )


async def pending_events(session: AsyncSession, limit: int) -> list[HookEvent]:
    query = select(HookEvent).where(HookEvent.status == "pending").order_by(HookEvent.id).limit(limit)
    return list((await session.scalars(query)).all())


async def claim_many(session: AsyncSession, event_ids: list[int]) -> set[int]:
    """Claim pending events for this transaction; those another worker claimed first are left out.

    The rows are marked ``routing`` only inside this transaction: its commit sets each one's final status.
    """
    if not event_ids:
        return set()
    result = await session.execute(
        update(HookEvent)
        .where(HookEvent.id.in_(event_ids), HookEvent.status == "pending")
        .values(status="routing")
        .returning(HookEvent.id)
    )
    return {int(r[0]) for r in result.all()}


async def set_routed(session: AsyncSession, outcomes: list[dict[str, Any]]) -> None:
    """Each claimed event's outcome (``id``, ``status``, ``account_connector_id``, ``forwarded_event_id``,
    ``forwarded_at``), as one executemany by primary key."""
    if outcomes:
        await session.execute(update(HookEvent), outcomes)


async def expire_events(session: AsyncSession, before: float) -> int:
    """Delete handled events received before ``before`` (pending ones wait for the forwarder)."""
    result = await session.execute(
        delete(HookEvent).where(HookEvent.received_at < before, HookEvent.status != "pending")
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def list_events(
    session: AsyncSession, partner_id: int, *, account_connector_id: int | None = None, limit: int = 50
) -> list[HookEvent]:
    """The newest received events of a partner (or of one of its connections), newest first."""
    query = select(HookEvent).where(HookEvent.partner_id == partner_id)
    if account_connector_id is not None:
        query = query.where(HookEvent.account_connector_id == account_connector_id)
    return list((await session.scalars(query.order_by(HookEvent.id.desc()).limit(limit))).all())


async def destinations(session: AsyncSession, event_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Where each forwarded event went: (endpoint URL, delivery status) per outbox event id."""
    if not event_ids:
        return {}
    rows = (
        await session.execute(
            select(WebhookDelivery.event_id, WebhookEndpoint.url, WebhookDelivery.status)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(WebhookDelivery.event_id.in_(event_ids))
            .order_by(WebhookDelivery.id)
        )
    ).all()
    found: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        found.setdefault(row.event_id, []).append((row.url, row.status))
    return found


async def set_signing_secrets(
    session: AsyncSession,
    box: SecretBox,
    partner_id: int,
    connector_key: str,
    *,
    primary: str | None,
    secondary: str | None,
) -> None:
    """Set the partner's signing secrets for a connector: None keeps one, "" clears it."""
    settings = await settings_secrets(session, partner_id, connector_key)
    stored = box.decrypt(settings.hook_secrets_encrypted) if settings and settings.hook_secrets_encrypted else {}
    for name, value in (("primary", primary), ("secondary", secondary)):
        if value is not None:
            stored[name] = value
    kept = {k: v for k, v in stored.items() if v}
    await put_settings_secrets(session, partner_id, connector_key, box.encrypt(kept) if kept else None)


async def signing_secret_set(session: AsyncSession, partner_id: int, connector_key: str) -> bool:
    settings = await settings_secrets(session, partner_id, connector_key)
    return bool(settings and settings.hook_secrets_encrypted)
