"""Run a call at most once per idempotency key; replay its stored answer to repeats."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson

from switchboard.auth.locks import LockProvider
from switchboard.errors import Conflict, IdempotencyMismatch, RateLimited, RequestError
from switchboard.idempotency.store import AnswerStore, StoredAnswer

MAX_KEY_LENGTH = 255
log = logging.getLogger("switchboard.idempotency")

# The status of the row that marks a call under way (no HTTP status is 0).
PENDING = 0
INTERRUPTED = (
    "The first request with this Idempotency-Key has not answered: its worker stopped mid-call, or it still runs "
    "past the key's lock. It may have reached the provider, so it is not sent again. Check the provider for its "
    "effect, then use a new key to send it again"
)


@dataclass(frozen=True, slots=True)
class Answer:
    """What a call answered: replayed byte for byte to a repeat."""

    status: int
    content_type: str
    body: bytes


def valid_key(key: str) -> str:
    """The key as given, or a 400: 1 to 255 printable ASCII characters."""
    if not 0 < len(key) <= MAX_KEY_LENGTH or not all(0x20 < ord(c) < 0x7F for c in key):
        raise RequestError(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters without spaces "
            "(a UUID is a good key)"
        )
    return key


def fingerprint(*parts: Any) -> str:
    """SHA-256 of the request's parts (JSON with sorted keys): equal requests, equal fingerprints."""
    return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()


class Idempotency:
    """The first call under a key runs; repeats wait for it (up to ``wait`` s) and get its answer.

    Keys are scoped to partner and account. The lock (in-process, or Redis across workers) makes
    a repeat wait for the first; the store keeps the answer for ``ttl`` seconds.
    """

    def __init__(self, store: AnswerStore, locks: LockProvider, *, ttl: float, wait: float) -> None:
        self._store = store
        self._locks = locks
        self._ttl = ttl
        self._wait = wait

    async def run(
        self, partner_id: int, account: str, key: str, request_fingerprint: str, call: Callable[[], Awaitable[Answer]]
    ) -> tuple[Answer, bool]:
        """(the answer, whether it is a replay). ``call`` raising stores nothing: the key stays free."""
        key_hash = hashlib.sha256(f"{partner_id}\x00{account}\x00{key}".encode()).hexdigest()
        entered = False
        try:
            async with self._locks.lock(f"idempotency:{key_hash}", wait=self._wait):
                entered = True
                stored = await self._store.get(key_hash, time.time())
                if stored is not None:
                    if stored.fingerprint != request_fingerprint:
                        raise IdempotencyMismatch(
                            "This Idempotency-Key was used with a different request; use a new key for a new request",
                            IdempotencyKey=key,
                        )
                    if stored.status == PENDING:
                        raise Conflict(INTERRUPTED, IdempotencyKey=key)
                    return Answer(stored.status, stored.content_type, stored.body), True
                # Written before the call: if its worker dies mid-call (killed, out of memory) the lock's lease
                # runs out and a repeat finds this, not a free key that would send the request a second time.
                now = time.time()
                await self._store.put(
                    StoredAnswer(key_hash, partner_id, request_fingerprint, PENDING, "", b"", now + self._ttl), now
                )
                try:
                    answer = await call()
                except Exception:
                    try:
                        await self._store.forget(key_hash)  # refused, nothing kept: the key is free again
                    except Exception as lost:  # the store away: the call's own error is the answer, not this one
                        log.warning("idempotency: a refused call's key stays taken: %s", type(lost).__name__)
                    raise
                now = time.time()
                await self._store.put(
                    StoredAnswer(
                        key_hash,
                        partner_id,
                        request_fingerprint,
                        answer.status,
                        answer.content_type,
                        answer.body,
                        now + self._ttl,
                    ),
                    now,
                )
                return answer, False
        except RateLimited:
            if entered:
                raise  # the call's own rate limit, not the wait for the key
            raise Conflict(
                f"A request with this Idempotency-Key is still in progress (waited {self._wait:g} s); "
                "retry it later to get its answer",
                IdempotencyKey=key,
            ) from None
