"""Cyclr's account settings on create and update: checked with Cyclr's messages, stored, and the
transaction-error webhook kept in step (``events.manage.sync_transaction_error_webhook``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.api.schemas import AccountOut, AccountSettings
from switchboard.errors import InputError
from switchboard.events import manage
from switchboard.events.targets import TargetPolicy
from switchboard.store.crypto import SecretBox
from switchboard.store.models import Account

MAX_RETENTION_HOURS = 744  # Cyclr's limit (31 days): a larger value is taken as this, not refused
_HOURS = {
    "step_data_success_retention_hours": "StepDataSuccessRetentionHours",
    "step_data_errored_retention_hours": "StepDataErroredRetentionHours",
}
_FLAGS = ("transaction_error_webhook_enabled", "transaction_error_webhook_include_warnings")
_URL_NEEDED = "Transaction Error Webhook enabled: Transaction Error Webhook URL must be defined"


async def apply(
    session: AsyncSession, secrets: SecretBox, targets: TargetPolicy, account: Account, body: AccountSettings
) -> None:
    """Set what the body gives (an explicit null clears a value), then sync the webhook endpoint."""
    given = body.model_fields_set
    for name, label in _HOURS.items():
        if name in given:
            value = getattr(body, name)
            if value is not None and value < 0:
                raise InputError(f"{label} ({value}): must be non negative")
            setattr(account, name, None if value is None else min(value, MAX_RETENTION_HOURS))
    for name in ("audit_info", "task_audit_info"):
        if name in given:
            setattr(account, name, getattr(body, name))
    url = body.transaction_error_webhook_url
    if body.transaction_error_webhook_enabled and not url:
        raise InputError(_URL_NEEDED)  # turning it on names where, in the same request
    if "transaction_error_webhook_url" in given:
        account.transaction_error_webhook_url = _checked_url(url, targets) if url else None
    for name in _FLAGS:
        if getattr(body, name) is not None:
            setattr(account, name, getattr(body, name))
    if account.transaction_error_webhook_enabled and not account.transaction_error_webhook_url:
        raise InputError(_URL_NEEDED)
    await session.flush()
    await manage.sync_transaction_error_webhook(session, secrets, account)


def _checked_url(value: str, targets: TargetPolicy) -> str:
    """``https://`` is added when no scheme is given, as Cyclr does; the result must be an http(s) URL."""
    url = value if "://" in value else f"https://{value}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise InputError(f"{url} is not a valid URL")
    targets.check_url(url)  # never at this machine's own or private networks
    return url


def account_out(account: Account) -> AccountOut:
    return AccountOut(
        id=account.api_id,
        name=account.name,
        description=account.description,
        timezone=account.timezone,
        created_date=account.created_at,
        audit_info=account.audit_info,
        task_audit_info=account.task_audit_info,
        step_data_success_retention_hours=account.step_data_success_retention_hours,
        step_data_errored_retention_hours=account.step_data_errored_retention_hours,
        transaction_error_webhook_enabled=account.transaction_error_webhook_enabled,
        transaction_error_webhook_url=account.transaction_error_webhook_url,
        transaction_error_webhook_include_warnings=account.transaction_error_webhook_include_warnings,
    )
