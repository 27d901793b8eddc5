"""Webhooks: the partner's endpoints, their secrets (shown once), test events, deliveries and redelivery."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from switchboard.console.routes.common import handle, handle_shown, show, to
from switchboard.console.session import ConsoleSession, current, services, to_sign_in
from switchboard.errors import InputError, NotFound
from switchboard.events import EVENT_TYPES, manage
from switchboard.events.endpoints import get_endpoint, list_deliveries, list_endpoints
from switchboard.events.types import check_events, check_url
from switchboard.numbers import is_digits
from switchboard.store import accounts as store_accounts
from switchboard.store.models import Account

router = APIRouter()
PAGE = "/console/webhooks"
PER_PAGE = 20


def _page(webhook_id: int) -> str:
    return f"{PAGE}/{webhook_id}"


@router.get(PAGE)
async def webhooks(request: Request) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    async with services(request).db.session() as session:
        rows = await list_endpoints(session, who.partner_id)
        accounts = await store_accounts.list_accounts(session, who.partner_id)
    names = {a.id: a.api_id for a in accounts}
    return show(
        request, who, "webhooks.html", title="Webhooks", hooks=rows, names=names, accounts=accounts, kinds=EVENT_TYPES
    )


@router.post(PAGE)
async def create(request: Request) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> Response:
        url = form.get("url", "").strip()
        if not url or len(url) > 2_000:
            raise InputError("Enter the receiver's URL (up to 2000 characters)")
        try:
            check_url(url)
            kinds = check_events([k for k in EVENT_TYPES if form.get(f"event:{k}")])
        except ValueError as exc:
            raise InputError(f"Url {exc}") from None
        svc = services(request)
        svc.webhook_targets.check_url(url)
        async with svc.db.session() as session:
            row, secret = await manage.create_endpoint(
                session,
                svc.secrets,
                who.partner_id,
                url=url,
                events=kinds,
                description=form.get("description", "").strip()[:2_000],
                enabled=True,
                account_api_id=form.get("account", "").strip()[:64] or None,
            )
        return _secret_page(request, who, row.id, url, secret, "Webhook created.")

    return await handle_shown(request, act, PAGE)


@router.get(PAGE + "/{webhook_id}")
async def webhook(request: Request, webhook_id: int) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    number = request.query_params.get("page", "1")
    page = min(int(number), 1_000_000) if is_digits(number) and int(number) > 0 else 1
    async with services(request).db.session() as session:
        try:
            row = await get_endpoint(session, who.partner_id, webhook_id)
        except NotFound:
            return show(request, who, "missing.html", title="Not found", what="That webhook", status=404)
        account = await session.get(Account, row.account_id) if row.account_id is not None else None
        deliveries, total = await list_deliveries(session, row.id, page=page, per_page=PER_PAGE)
    return show(
        request,
        who,
        "webhook.html",
        title=f"Webhook {row.id}",
        hook=row,
        account=account,
        page=_page(row.id),
        deliveries=deliveries,
        total=total,
        number=page,
        pages=max(1, -(-total // PER_PAGE)),
    )


@router.post(PAGE + "/{webhook_id}/rotate")
async def rotate(request: Request, webhook_id: int) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> Response:
        svc = services(request)
        async with svc.db.session() as session:
            secret = await manage.rotate_secret(session, svc.secrets, who.partner_id, webhook_id)
            url = (await get_endpoint(session, who.partner_id, webhook_id)).url
        return _secret_page(request, who, webhook_id, url, secret, "Secret rotated: the old one no longer signs.")

    return await handle_shown(request, act, _page(webhook_id))


@router.post(PAGE + "/{webhook_id}/test")
async def test(request: Request, webhook_id: int) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        async with svc.db.session() as session:
            event_id, delivery_id = await manage.queue_test(session, svc.outbox, who.partner_id, webhook_id)
        svc.wake_delivery()
        return to(_page(webhook_id), notice=f"Test event {event_id} queued as delivery {delivery_id}.")

    return await handle(request, act, _page(webhook_id))


@router.post(PAGE + "/{webhook_id}/enabled")
async def enabled(request: Request, webhook_id: int) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        on = form.get("enabled") == "true"
        async with services(request).db.session() as session:
            row = await get_endpoint(session, who.partner_id, webhook_id)
            row.enabled = on
            row.disabled_reason = None if on else "Disabled by the partner"
        return to(_page(webhook_id), notice="Webhook enabled." if on else "Webhook disabled.")

    return await handle(request, act, _page(webhook_id))


@router.post(PAGE + "/{webhook_id}/deliveries/{delivery_id}/redeliver")
async def redeliver(request: Request, webhook_id: int, delivery_id: int) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        svc = services(request)
        async with svc.db.session() as session:
            again = await manage.redeliver_one(session, who.partner_id, webhook_id, delivery_id)
        svc.wake_delivery()
        return to(_page(webhook_id), notice=f"Delivery {delivery_id} queued again as delivery {again.id}.")

    return await handle(request, act, _page(webhook_id))


@router.post(PAGE + "/{webhook_id}/delete")
async def delete(request: Request, webhook_id: int) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        async with services(request).db.session() as session:
            await manage.delete_endpoint(session, who.partner_id, webhook_id)
        return to(PAGE, notice=f"Webhook {webhook_id} deleted.")

    return await handle(request, act, _page(webhook_id))


def _secret_page(
    request: Request, who: ConsoleSession, webhook_id: int, url: str, secret: str, notice: str
) -> Response:
    # The answer to the POST itself: the secret never travels in a URL, and the page is not cached.
    return show(
        request,
        who,
        "webhook_secret.html",
        title="Signing secret",
        hook_id=webhook_id,
        url=url,
        secret=secret,
        done=notice,
    )
