"""Managing the partner's webhook endpoints: create, delete, rotate the secret, test, redeliver.

The one place these writes happen, for the API's ``/v1.0/webhooks`` and the console alike;
every function is scoped to the partner (another partner's id is ``NotFound``).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.errors import InputError, NotFound
from switchboard.events.deliveries import redeliver
from switchboard.events.endpoints import get_delivery, get_endpoint
from switchboard.events.outbox import Outbox
from switchboard.events.types import new_secret
from switchboard.store.accounts import get_account
from switchboard.store.crypto import SecretBox
from switchboard.store.models import Account, WebhookDelivery, WebhookEndpoint


async def create_endpoint(
    session: AsyncSession,
    secrets: SecretBox,
    partner_id: int,
    *,
    url: str,
    events: list[str],
    description: str,
    enabled: bool,
    account_api_id: str | None,
) -> tuple[WebhookEndpoint, str]:
    """The new endpoint and its signing secret (the caller shows it once; only its ciphertext is kept)."""
    account_id = None
    if account_api_id is not None:
        try:
            account_id = (await get_account(session, partner_id, account_api_id)).id
        except NotFound:
            raise InputError(f"AccountId {account_api_id} is not one of your accounts") from None
    secret = new_secret()
    row = WebhookEndpoint(
        partner_id=partner_id,
        account_id=account_id,
        url=url,
        events=events,
        description=description,
        enabled=enabled,
        secret_encrypted=secrets.encrypt({"secret": secret}),
    )
    session.add(row)
    await session.flush()
    return row, secret


async def delete_endpoint(session: AsyncSession, partner_id: int, endpoint_id: int) -> None:
    """The endpoint goes with its pending deliveries and log."""
    await session.delete(await get_endpoint(session, partner_id, endpoint_id))


async def rotate_secret(session: AsyncSession, secrets: SecretBox, partner_id: int, endpoint_id: int) -> str:
    """A new signing secret, used from the next attempt on; the old one stops at once."""
    row = await get_endpoint(session, partner_id, endpoint_id)
    secret = new_secret()
    row.secret_encrypted = secrets.encrypt({"secret": secret})
    return secret


async def queue_test(session: AsyncSession, outbox: Outbox, partner_id: int, endpoint_id: int) -> tuple[str, int]:
    """A ``webhook.test`` event for this endpoint only (it must be enabled): its event id and its delivery's.

    The event and its one pending delivery are written in the caller's transaction; the delivery
    worker sends it once that commits, so the caller can follow it in the endpoint's deliveries.
    """
    row = await get_endpoint(session, partner_id, endpoint_id)
    if not row.enabled:
        raise InputError(f"Webhook {endpoint_id} is disabled; enable it first")
    event_id, delivery_ids = await outbox.record(
        session, partner_id, None, "webhook.test", {"WebhookId": row.id}, f"test:{row.id}", only_endpoint=row.id
    )
    if not delivery_ids:  # disabled by another transaction since it was read: this one is rolled back
        raise InputError(f"Webhook {endpoint_id} is disabled; enable it first")
    (delivery_id,) = delivery_ids
    return event_id, delivery_id


async def redeliver_one(session: AsyncSession, partner_id: int, endpoint_id: int, delivery_id: int) -> WebhookDelivery:
    """The delivery's event again (a new delivery, due now), whatever became of the first."""
    await get_endpoint(session, partner_id, endpoint_id)
    return await redeliver(session, await get_delivery(session, endpoint_id, delivery_id))


async def sync_transaction_error_webhook(session: AsyncSession, secrets: SecretBox, account: Account) -> None:
    """Keep the account's Cyclr transaction-error webhook as an account-scoped ``call.failed`` endpoint.

    Its URL and flags live on the account; the endpoint follows them: created on the first URL,
    updated after, enabled with ``TransactionErrorWebhookEnabled``, removed when the URL is cleared.
    Warnings (``IncludeWarnings``) are ``ratelimit.exhausted`` events: a call stopped by a limit.
    """
    row = None
    if account.transaction_error_webhook_id is not None:
        row = await session.get(WebhookEndpoint, account.transaction_error_webhook_id)
        if row is not None and (row.partner_id, row.account_id) != (account.partner_id, account.id):
            row = None  # not ours (ids are never reused, but the check is cheap)
    url = account.transaction_error_webhook_url
    if url is None:
        if row is not None:
            await session.delete(row)
        account.transaction_error_webhook_id = None
        return
    events = ["call.failed", *(["ratelimit.exhausted"] if account.transaction_error_webhook_include_warnings else [])]
    enabled = account.transaction_error_webhook_enabled
    if row is None:
        row, _ = await create_endpoint(
            session,
            secrets,
            account.partner_id,
            url=url,
            events=events,
            description=f"Transaction errors of account {account.api_id}",
            enabled=enabled,
            account_api_id=account.api_id,
        )
        account.transaction_error_webhook_id = row.id
        return
    row.url, row.events = url, events
    if row.enabled != enabled:
        row.enabled = enabled
        row.disabled_reason = None if enabled else "TransactionErrorWebhookEnabled is false"
