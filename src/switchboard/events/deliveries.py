"""Delivery rows: claiming due ones (never one attempt twice), recording attempts, redelivery."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, exists, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from switchboard.store.models import Account, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery this worker holds until ``lease`` passes: what to send, where, signed with what."""

    delivery_id: int
    attempt: int
    event_id: str
    event_type: str
    created_at: float
    data: dict[str, Any]
    endpoint_id: int
    url: str
    secret_encrypted: str
    ordering_key: str = ""  # the run it belongs to: its endpoint's deliveries for one connection, in order
    # The account (API ID, name) whose Cyclr transaction-error webhook this endpoint is: sent Cyclr's payload too.
    transaction_errors_of: tuple[str, str] | None = None


async def claim(session: AsyncSession, *, limit: int, lease: float, lock_rows: bool, chain: int = 1) -> list[Claimed]:
    """Up to ``limit`` due deliveries, each the oldest pending one of its endpoint and account connector,
    each followed by up to ``chain - 1`` of the due ones after it on that key, in order (see ``_followers``).

    Claiming pushes ``next_attempt_at`` out by ``lease`` and counts the attempt, in this
    transaction: another worker skips the locked rows now (``SKIP LOCKED`` on PostgreSQL) and
    finds them not due after the commit. A worker that dies mid-send leaves them due again
    once the lease passes (at least once, never lost).
    """
    now = time.time()
    delivery = WebhookDelivery
    earlier = aliased(WebhookDelivery)
    blocked = exists().where(
        earlier.endpoint_id == delivery.endpoint_id,
        earlier.ordering_key == delivery.ordering_key,
        earlier.status == "pending",
        earlier.id < delivery.id,
    )
    query = (
        select(delivery.id, delivery.endpoint_id, delivery.ordering_key)
        .join(WebhookEndpoint, WebhookEndpoint.id == delivery.endpoint_id)
        .where(delivery.status == "pending", delivery.next_attempt_at <= now, WebhookEndpoint.enabled.is_(True))
        .where(~blocked)
        .order_by(delivery.id)
        .limit(limit)
    )
    if lock_rows:
        query = query.with_for_update(skip_locked=True, of=delivery)
    heads = (await session.execute(query)).all()
    if not heads:
        return []
    ids = [h.id for h in heads]
    if chain > 1:
        ids = await _followers(session, [(h.id, h.endpoint_id, h.ordering_key) for h in heads], chain, now)
    await session.execute(
        update(delivery).where(delivery.id.in_(ids)).values(next_attempt_at=now + lease, attempts=delivery.attempts + 1)
    )
    rows = (
        await session.execute(
            select(
                delivery.id,
                delivery.attempts,
                WebhookEvent.id.label("event_id"),
                WebhookEvent.type,
                WebhookEvent.created_at,
                WebhookEvent.payload,
                WebhookEndpoint.id.label("endpoint_id"),
                WebhookEndpoint.url,
                WebhookEndpoint.secret_encrypted,
                delivery.ordering_key,
                Account.api_id,
                Account.name,
            )
            .join(WebhookEvent, WebhookEvent.id == delivery.event_id)
            .join(WebhookEndpoint, WebhookEndpoint.id == delivery.endpoint_id)
            .outerjoin(Account, Account.transaction_error_webhook_id == WebhookEndpoint.id)
            .where(delivery.id.in_(ids))
            .order_by(delivery.id)
        )
    ).all()
    return [
        Claimed(
            r.id,
            r.attempts,
            r.event_id,
            r.type,
            r.created_at,
            dict(r.payload),
            r.endpoint_id,
            r.url,
            r.secret_encrypted,
            r.ordering_key,
            None if r.api_id is None else (r.api_id, r.name),
        )
        for r in rows
    ]


async def _followers(session: AsyncSession, heads: list[tuple[int, int, str]], chain: int, now: float) -> list[int]:
    """The heads and, after each, the pending deliveries of its key that are due, up to the first that is not.

    A key's head is its oldest pending delivery, claimed in this transaction, so no other worker
    claims any of the rows after it until it is finished: they are this worker's to send, in order.
    One read for every key; ``chain`` bounds each key's run.
    """
    delivery = WebhookDelivery
    keys = {(endpoint, key): head for head, endpoint, key in heads}
    rows = (
        await session.execute(
            select(delivery.id, delivery.endpoint_id, delivery.ordering_key, delivery.next_attempt_at)
            .where(
                tuple_(delivery.endpoint_id, delivery.ordering_key).in_(list(keys)),
                delivery.status == "pending",
                delivery.id > min(keys.values()),
            )
            .order_by(delivery.id)
            .limit(len(keys) * chain)
        )
    ).all()
    runs: dict[tuple[int, str], list[int]] = {k: [head] for k, head in keys.items()}
    stopped: set[tuple[int, str]] = set()
    for row in rows:
        k = (row.endpoint_id, row.ordering_key)
        if k in stopped or row.id <= keys[k]:
            continue
        if row.next_attempt_at > now or len(runs[k]) >= chain:
            stopped.add(k)  # leased or waiting for a retry: what follows waits behind it
            continue
        runs[k].append(row.id)
    return sorted(i for run in runs.values() for i in run)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one attempt came to."""

    status_code: int | None
    error: str | None
    duration_ms: float

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        return self.status_code == 410


async def record_attempts(session: AsyncSession, results: list[tuple[Claimed, Outcome, float | None]]) -> None:
    """Log each attempt and move its delivery on: delivered, due again in ``retry_in`` seconds, or failed.

    A batch at once (one insert, one executemany update): per-row statements cost a round trip each.
    """
    if not results:
        return
    now = time.time()
    await session.execute(
        insert(_table(WebhookAttempt)),
        [
            {
                "delivery_id": c.delivery_id,
                "attempted_at": now,
                "status_code": o.status_code,
                "error": o.error,
                "duration_ms": o.duration_ms,
            }
            for c, o, _ in results
        ],
    )
    rows = []
    for claimed, outcome, retry_in in results:
        done = outcome.ok or outcome.gone or retry_in is None
        rows.append(
            {
                "d_id": claimed.delivery_id,
                "d_attempt": claimed.attempt,
                "status": "delivered" if outcome.ok else ("failed" if done else "pending"),
                "finished_at": now if done else None,
                "next_attempt_at": now + (retry_in or 0.0),
                "last_status_code": outcome.status_code,
                "last_error": outcome.error,
            }
        )
    table = _table(WebhookDelivery)
    # Only the holder of this attempt moves the row (a late worker whose lease ran out does not).
    await session.execute(
        update(table)
        .where(table.c.id == bindparam("d_id"), table.c.attempts == bindparam("d_attempt"))
        .values(
            status=bindparam("status"),
            finished_at=bindparam("finished_at"),
            next_attempt_at=bindparam("next_attempt_at"),
            last_status_code=bindparam("last_status_code"),
            last_error=bindparam("last_error"),
        ),
        rows,
    )
    gone = sorted({c.endpoint_id for c, o, _ in results if o.gone})
    if gone:
        await session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id.in_(gone))
            .values(enabled=False, disabled_reason="The receiver answered 410 Gone")
        )


async def release(session: AsyncSession, claimed: list[Claimed]) -> None:
    """Give back claimed deliveries not attempted (behind a failure on their key, or out of time): due
    again, their attempt uncounted; only while this claim still holds them."""
    if not claimed:
        return
    table = _table(WebhookDelivery)
    await session.execute(
        update(table)
        .where(table.c.id == bindparam("d_id"), table.c.attempts == bindparam("d_attempt"))
        .values(attempts=table.c.attempts - 1, next_attempt_at=time.time()),
        [{"d_id": c.delivery_id, "d_attempt": c.attempt} for c in claimed],
    )


async def record_attempt(session: AsyncSession, claimed: Claimed, outcome: Outcome, retry_in: float | None) -> None:
    """One attempt's outcome (``record_attempts`` for a batch)."""
    await record_attempts(session, [(claimed, outcome, retry_in)])


async def redeliver(session: AsyncSession, delivery: WebhookDelivery) -> WebhookDelivery:
    """A new pending delivery of the same event to the same endpoint, due now."""
    now = time.time()
    again = WebhookDelivery(
        event_id=delivery.event_id,
        endpoint_id=delivery.endpoint_id,
        ordering_key=delivery.ordering_key,
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(again)
    await session.flush()
    return again


async def expire(session: AsyncSession, before: float) -> int:
    """Delete deliveries finished (delivered or failed) before ``before``, their attempts with them,
    then the events older than that with no delivery left; the number of deliveries deleted."""
    gone = await session.execute(
        delete(WebhookDelivery).where(WebhookDelivery.status != "pending", WebhookDelivery.finished_at < before)
    )
    left = exists().where(WebhookDelivery.event_id == WebhookEvent.id)
    await session.execute(delete(WebhookEvent).where(WebhookEvent.created_at < before, ~left))
    return int(getattr(gone, "rowcount", 0) or 0)


def _table(model: type[WebhookAttempt] | type[WebhookDelivery]) -> Table:
    """The Core table of a model: executemany needs Core statements, not the ORM's bulk paths."""
    return cast(Table, model.__table__)
