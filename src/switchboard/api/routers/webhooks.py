"""Webhooks to the partner: ``/v1.0/webhooks`` (endpoints, secrets, the delivery log, tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import PartnerDep, ServicesDep
from switchboard.api.schemas import Id
from switchboard.api.webhook_schemas import (
    AttemptOut,
    DeliveryOut,
    DeliveryPage,
    EventQueued,
    SecretOut,
    WebhookIn,
    WebhookOut,
    WebhookUpdate,
    WebhookWithSecret,
)
from switchboard.events import manage
from switchboard.events.endpoints import DeliveryView, get_endpoint, list_deliveries, list_endpoints
from switchboard.store.models import Account, WebhookEndpoint

router = APIRouter(prefix="/v1.0/webhooks", tags=["Webhooks"], route_class=JsonRoute)


@router.get("", response_model=list[WebhookOut])
async def list_webhooks(svc: ServicesDep, partner: PartnerDep) -> list[WebhookOut]:
    async with svc.db.session() as session:
        rows = await list_endpoints(session, partner)
        return [await _out(session, r) for r in rows]


@router.post("", status_code=201, response_model=WebhookWithSecret)
async def create_webhook(svc: ServicesDep, partner: PartnerDep, body: WebhookIn) -> WebhookWithSecret:
    """Register a receiver; the answer carries the signing ``Secret``, shown this once."""
    svc.webhook_targets.check_url(body.url)
    async with svc.db.session() as session:
        row, secret = await manage.create_endpoint(
            session,
            svc.secrets,
            partner,
            url=body.url,
            events=body.events,
            description=body.description,
            enabled=body.enabled,
            account_api_id=body.account_id,
        )
        out = await _out(session, row)
    return WebhookWithSecret(**out.model_dump(), secret=secret)


@router.get("/{webhook_id}", response_model=WebhookOut)
async def read_webhook(svc: ServicesDep, partner: PartnerDep, webhook_id: Id) -> WebhookOut:
    async with svc.db.session() as session:
        return await _out(session, await get_endpoint(session, partner, webhook_id))


@router.put("/{webhook_id}", response_model=WebhookOut)
async def update_webhook(svc: ServicesDep, partner: PartnerDep, webhook_id: Id, body: WebhookUpdate) -> WebhookOut:
    """Change what is given; enabling an endpoint clears why it was disabled."""
    async with svc.db.session() as session:
        row = await get_endpoint(session, partner, webhook_id)
        if body.url is not None:
            svc.webhook_targets.check_url(body.url)
            row.url = body.url
        if body.events is not None:
            row.events = body.events
        if body.description is not None:
            row.description = body.description
        if body.enabled is not None:
            row.enabled = body.enabled
            row.disabled_reason = None if body.enabled else "Disabled by the partner"
        await session.flush()
        return await _out(session, row)


@router.delete("/{webhook_id}", status_code=204)
async def delete_webhook(svc: ServicesDep, partner: PartnerDep, webhook_id: Id) -> Response:
    """Remove the endpoint with its pending deliveries and log."""
    async with svc.db.session() as session:
        await manage.delete_endpoint(session, partner, webhook_id)
    return Response(status_code=204)


@router.post("/{webhook_id}/rotatesecret", response_model=SecretOut)
async def rotate_secret(svc: ServicesDep, partner: PartnerDep, webhook_id: Id) -> SecretOut:
    """A new signing secret, used from the next attempt on; the old one stops at once."""
    async with svc.db.session() as session:
        secret = await manage.rotate_secret(session, svc.secrets, partner, webhook_id)
    return SecretOut(secret=secret)


@router.get("/{webhook_id}/deliveries", response_model=DeliveryPage)
async def deliveries(
    svc: ServicesDep,
    partner: PartnerDep,
    webhook_id: Id,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> DeliveryPage:
    """Deliveries newest first, each with every attempt (status code or error, duration, time)."""
    async with svc.db.session() as session:
        await get_endpoint(session, partner, webhook_id)
        views, total = await list_deliveries(session, webhook_id, page=page, per_page=per_page)
    return DeliveryPage(page=page, per_page=per_page, total=total, deliveries=[_delivery(v) for v in views])


@router.post("/{webhook_id}/deliveries/{delivery_id}/redeliver", status_code=202, response_model=EventQueued)
async def redeliver_one(svc: ServicesDep, partner: PartnerDep, webhook_id: Id, delivery_id: Id) -> EventQueued:
    """Send the delivery's event again (a new delivery, due now), whatever became of the first."""
    async with svc.db.session() as session:
        again = await manage.redeliver_one(session, partner, webhook_id, delivery_id)
    svc.wake_delivery()
    return EventQueued(event_id=again.event_id, delivery_id=again.id)


@router.post("/{webhook_id}/test", status_code=202, response_model=EventQueued)
async def send_test(svc: ServicesDep, partner: PartnerDep, webhook_id: Id) -> EventQueued:
    """Queue a ``webhook.test`` event for this endpoint only (it must be enabled).

    The answer names the event and the delivery queued for it (``GET .../deliveries`` follows it);
    the delivery worker sends it.
    """
    async with svc.db.session() as session:
        event_id, delivery_id = await manage.queue_test(session, svc.outbox, partner, webhook_id)
    svc.wake_delivery()
    return EventQueued(event_id=event_id, delivery_id=delivery_id)


async def _out(session: AsyncSession, row: WebhookEndpoint) -> WebhookOut:
    account = await session.get(Account, row.account_id) if row.account_id is not None else None
    return WebhookOut(
        id=row.id,
        url=row.url,
        events=list(row.events),
        description=row.description,
        enabled=row.enabled,
        disabled_reason=row.disabled_reason,
        account_id=account.api_id if account else None,
        created_date=row.created_at,
    )


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def _delivery(view: DeliveryView) -> DeliveryOut:
    row = view.delivery
    return DeliveryOut(
        id=row.id,
        event_id=row.event_id,
        event_type=view.event_type,
        status=row.status.capitalize(),
        attempts=[
            AttemptOut(
                attempted_at=_at(a.attempted_at),
                status_code=a.status_code,
                error=a.error,
                duration_ms=round(a.duration_ms, 2),
            )
            for a in view.attempts
        ],
        next_attempt_at=_at(row.next_attempt_at) if row.status == "pending" else None,
        created_date=_at(row.created_at),
    )
