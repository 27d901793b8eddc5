"""Where stored answers live: a protocol and the database implementation (SQLite or PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from switchboard.store import Database
from switchboard.store.models import IdempotentAnswer


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """A call's answer as first given, and the fingerprint of the request that got it."""

    key_hash: str
    partner_id: int
    fingerprint: str
    status: int
    content_type: str
    body: bytes
    expires_at: float


class AnswerStore(Protocol):
    async def get(self, key_hash: str, now: float) -> StoredAnswer | None:
        """The unexpired answer stored under ``key_hash``, if any."""
        ...

    async def put(self, answer: StoredAnswer, now: float) -> None:
        """Store ``answer`` (replacing an expired one); a live one already there wins."""
        ...

    async def forget(self, key_hash: str) -> None:
        """Drop what is stored under ``key_hash`` (a call that was refused keeps nothing)."""
        ...


class DatabaseAnswerStore:
    """Answers in the ``idempotent_answers`` table; expired rows are swept at most once a minute."""

    SWEEP_EVERY = 60.0

    def __init__(self, db: Database) -> None:
        self._db = db
        self._swept = 0.0

    async def get(self, key_hash: str, now: float) -> StoredAnswer | None:
        async with self._db.session() as session:
            row = await session.get(IdempotentAnswer, key_hash)
        if row is None or row.expires_at <= now:
            return None
        return StoredAnswer(
            row.key_hash, row.partner_id, row.fingerprint, row.status, row.content_type, row.body, row.expires_at
        )

    async def put(self, answer: StoredAnswer, now: float) -> None:
        try:
            async with self._db.session() as session:
                await session.execute(delete(IdempotentAnswer).where(IdempotentAnswer.key_hash == answer.key_hash))
                if now - self._swept > self.SWEEP_EVERY:
                    self._swept = now
                    await session.execute(delete(IdempotentAnswer).where(IdempotentAnswer.expires_at <= now))
                session.add(
                    IdempotentAnswer(
                        key_hash=answer.key_hash,
                        partner_id=answer.partner_id,
                        fingerprint=answer.fingerprint,
                        status=answer.status,
                        content_type=answer.content_type,
                        body=answer.body,
                        expires_at=answer.expires_at,
                    )
                )
        except IntegrityError:
            pass  # another worker stored the same key's answer first; theirs stands

    async def forget(self, key_hash: str) -> None:
        async with self._db.session() as session:
            await session.execute(delete(IdempotentAnswer).where(IdempotentAnswer.key_hash == key_hash))

    async def count(self, partner_id: int) -> int:
        """How many answers a partner has stored (for tests and operators)."""
        async with self._db.session() as session:
            rows = await session.execute(
                select(IdempotentAnswer.key_hash).where(IdempotentAnswer.partner_id == partner_id)
            )
            return len(rows.all())
