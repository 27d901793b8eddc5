"""``Idempotency.run`` over the real database store (SQLite) and the in-process locks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from switchboard.auth.locks import InProcessLocks
from switchboard.errors import Conflict, IdempotencyMismatch, InputError, RateLimited, RequestError
from switchboard.idempotency import Answer, DatabaseAnswerStore, Idempotency, StoredAnswer, fingerprint, valid_key
from switchboard.store import Database
from switchboard.store.models import Partner


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[DatabaseAnswerStore]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'idem.db'}")
    await db.upgrade()
    async with db.session() as session:
        session.add(Partner(id=1, name="p", client_id="c", client_secret_hash="h"))
    yield DatabaseAnswerStore(db)
    await db.close()


class Upstream:
    """Counts the calls that really ran."""

    def __init__(self, delay: float = 0.0) -> None:
        self.calls = 0
        self.delay = delay

    async def __call__(self) -> Answer:
        self.calls += 1
        await asyncio.sleep(self.delay)
        return Answer(201, "application/json", b'{"n": %d}' % self.calls)


async def test_a_repeat_replays_and_another_request_is_refused(store: DatabaseAnswerStore) -> None:
    service = Idempotency(store, InProcessLocks(), ttl=60, wait=1)
    upstream = Upstream()
    first = await service.run(1, "acct", "k1", fingerprint("a"), upstream)
    again = await service.run(1, "acct", "k1", fingerprint("a"), upstream)
    assert first == (Answer(201, "application/json", b'{"n": 1}'), False)
    assert again == (first[0], True)
    assert upstream.calls == 1
    with pytest.raises(IdempotencyMismatch) as caught:
        await service.run(1, "acct", "k1", fingerprint("b"), upstream)
    assert caught.value.status == 422
    # The same key in another account is another key.
    assert (await service.run(1, "other", "k1", fingerprint("b"), upstream))[1] is False
    assert upstream.calls == 2
    assert await store.count(1) == 2


async def test_a_call_that_raises_stores_nothing(store: DatabaseAnswerStore) -> None:
    service = Idempotency(store, InProcessLocks(), ttl=60, wait=1)

    async def refused() -> Answer:
        raise InputError("bad")

    with pytest.raises(InputError):
        await service.run(1, "acct", "k", fingerprint("a"), refused)
    assert (await service.run(1, "acct", "k", fingerprint("b"), Upstream()))[1] is False


async def test_a_repeat_waits_for_the_first_or_gives_up_with_409(store: DatabaseAnswerStore) -> None:
    service = Idempotency(store, InProcessLocks(), ttl=60, wait=0.5)
    slow = Upstream(delay=0.2)
    first, second = await asyncio.gather(
        service.run(1, "acct", "k", fingerprint("a"), slow), service.run(1, "acct", "k", fingerprint("a"), slow)
    )
    assert slow.calls == 1 and first[0] == second[0] and {first[1], second[1]} == {False, True}
    slower = Upstream(delay=1.0)
    running = asyncio.ensure_future(service.run(1, "acct", "k2", fingerprint("a"), slower))
    await asyncio.sleep(0.05)
    with pytest.raises(Conflict, match="still in progress"):
        await service.run(1, "acct", "k2", fingerprint("a"), slower)
    await running
    assert slower.calls == 1


async def test_the_calls_own_rate_limit_is_not_mistaken_for_the_wait(store: DatabaseAnswerStore) -> None:
    service = Idempotency(store, InProcessLocks(), ttl=60, wait=1)

    async def limited() -> Answer:
        raise RateLimited("no slot", retry_after=5)

    with pytest.raises(RateLimited):
        await service.run(1, "acct", "k", fingerprint("a"), limited)


async def test_answers_expire(store: DatabaseAnswerStore) -> None:
    stored = StoredAnswer("h" * 64, 1, "f", 200, "application/json", b"{}", expires_at=100.0)
    await store.put(stored, now=50.0)
    assert await store.get("h" * 64, now=99.0) == stored
    assert await store.get("h" * 64, now=100.0) is None
    replacement = StoredAnswer("h" * 64, 1, "g", 201, "application/json", b"[]", expires_at=300.0)
    await store.put(replacement, now=200.0)  # the expired one is replaced (and swept)
    assert await store.get("h" * 64, now=250.0) == replacement


@pytest.mark.parametrize("key", ["", " ", "a b", "x" * 256, "caf\u00e9", "tab\there"])
def test_malformed_keys(key: str) -> None:
    with pytest.raises(RequestError):
        valid_key(key)


def test_fingerprints_compare_by_value() -> None:
    assert fingerprint("POST", {"a": 1, "b": [1, 2]}) == fingerprint("POST", {"b": [1, 2], "a": 1})
    assert fingerprint("POST", {"a": 1}) != fingerprint("POST", {"a": "1"})


async def test_a_first_call_that_never_finished_is_not_sent_again(store: DatabaseAnswerStore) -> None:
    """Its worker stopped mid-call (here: the task cancelled while the request was at the provider, as a killed
    process leaves it); once its lock was free a repeat ran the call again, and the provider got it twice."""
    service = Idempotency(store, InProcessLocks(), ttl=60, wait=1)
    upstream = Upstream(delay=5)
    first = asyncio.create_task(service.run(1, "acct", "k", fingerprint("a"), upstream))
    await asyncio.sleep(0.2)  # at the provider
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    with pytest.raises(Conflict) as caught:
        await service.run(1, "acct", "k", fingerprint("a"), upstream)
    assert upstream.calls == 1
    assert "not sent again" in caught.value.message and "new key" in caught.value.message
    assert (await service.run(1, "acct", "k2", fingerprint("a"), Upstream()))[1] is False
