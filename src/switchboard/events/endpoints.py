"""Webhook endpoints and their delivery log, always scoped to the partner that owns them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.errors import NotFound
from switchboard.store.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

MAX_ID = 2**31 - 1  # an INTEGER column's largest id: anything past it is unknown, never a database error


async def list_endpoints(session: AsyncSession, partner_id: int) -> list[WebhookEndpoint]:
    query = select(WebhookEndpoint).where(WebhookEndpoint.partner_id == partner_id).order_by(WebhookEndpoint.id)
    return list((await session.scalars(query)).all())


async def get_endpoint(session: AsyncSession, partner_id: int, endpoint_id: int) -> WebhookEndpoint:
    """The partner's endpoint; another partner's id is as unknown as a made-up one."""
    if not 0 < endpoint_id <= MAX_ID:  # the console takes ids straight from its paths
        raise NotFound(f"Webhook {endpoint_id} was not found")
    row = await session.scalar(
        select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.partner_id == partner_id)
    )
    if row is None:
        raise NotFound(f"Webhook {endpoint_id} was not found")
    return row


@dataclass(frozen=True, slots=True)
class DeliveryView:
    """A delivery with its event and every attempt, oldest first."""

    delivery: WebhookDelivery
    event_type: str
    attempts: list[WebhookAttempt]


async def list_deliveries(
    session: AsyncSession, endpoint_id: int, *, page: int, per_page: int
) -> tuple[list[DeliveryView], int]:
    """One page of an endpoint's deliveries, newest first, and how many there are."""
    total = await session.scalar(
        select(func.count()).select_from(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    )
    rows = (
        await session.execute(
            select(WebhookDelivery, WebhookEvent.type)
            .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
            .where(WebhookDelivery.endpoint_id == endpoint_id)
            .order_by(WebhookDelivery.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    ).all()
    ids = [r[0].id for r in rows]
    attempts: dict[int, list[WebhookAttempt]] = {i: [] for i in ids}
    if ids:
        query = select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(ids)).order_by(WebhookAttempt.id)
        for attempt in (await session.scalars(query)).all():
            attempts[attempt.delivery_id].append(attempt)
    return [DeliveryView(r[0], r[1], attempts[r[0].id]) for r in rows], int(total or 0)


async def get_delivery(session: AsyncSession, endpoint_id: int, delivery_id: int) -> WebhookDelivery:
    if not 0 < delivery_id <= MAX_ID:
        raise NotFound(f"Delivery {delivery_id} of webhook {endpoint_id} was not found")
    row = await session.scalar(
        select(WebhookDelivery).where(WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == endpoint_id)
    )
    if row is None:
        raise NotFound(f"Delivery {delivery_id} of webhook {endpoint_id} was not found")
    return row
