"""A sync's events: ``sync.completed`` / ``sync.failed`` per run, ``record.*`` in batches, through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.events import Outbox
from switchboard.syncs.ledger import Change

RECORD_EVENT = {"added": "record.created", "updated": "record.updated", "deleted": "record.deleted"}
BATCH_RECORDS = 100
BATCH_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Subject:
    """Whose sync it is: what every sync event carries and whom it goes to."""

    partner_id: int
    account_id: int
    account_api_id: str
    account_connector_id: int
    connector_key: str
    sync_id: int
    sync_name: str


async def sync_event(outbox: Outbox, session: AsyncSession, subject: Subject, kind: str, data: dict[str, Any]) -> None:
    """``sync.completed`` or ``sync.failed``, in the transaction that ends the run."""
    body = outbox.subject(subject.account_api_id, subject.account_connector_id, subject.connector_key)
    body.update({"SyncId": subject.sync_id, "SyncName": subject.sync_name, **data})
    await outbox.record(
        session, subject.partner_id, subject.account_id, f"sync.{kind}", body, subject.account_connector_id
    )


async def record_events(outbox: Outbox, session: AsyncSession, subject: Subject, changes: list[Change]) -> int:
    """The changes as ``record.*`` events of at most ``BATCH_RECORDS`` records, to the endpoints naming them."""
    sent = 0
    for action, event_type in RECORD_EVENT.items():
        chosen = [c for c in changes if c.action == action]
        if not chosen or not await outbox.subscribed(session, subject.partner_id, subject.account_id, event_type):
            continue
        batch: list[dict[str, Any]] = []
        size = 0
        for change in chosen:
            item = {"Key": change.key, "Sequence": change.seq, "Record": _json(change.payload)}
            length = len(change.payload or "")
            if batch and (len(batch) >= BATCH_RECORDS or size + length > BATCH_BYTES):
                await _send(outbox, session, subject, event_type, batch)
                sent += 1
                batch, size = [], 0
            batch.append(item)
            size += length
        if batch:
            await _send(outbox, session, subject, event_type, batch)
            sent += 1
    return sent


async def _send(
    outbox: Outbox, session: AsyncSession, subject: Subject, event_type: str, batch: list[dict[str, Any]]
) -> None:
    body = outbox.subject(subject.account_api_id, subject.account_connector_id, subject.connector_key)
    body.update({"SyncId": subject.sync_id, "SyncName": subject.sync_name, "Records": batch})
    await outbox.record(
        session, subject.partner_id, subject.account_id, event_type, body, subject.account_connector_id, explicit=True
    )


def _json(payload: str | None) -> Any:
    return orjson.loads(payload) if payload is not None else None
