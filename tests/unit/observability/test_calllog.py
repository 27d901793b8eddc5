"""The call log writer on SQLite and PostgreSQL: drained on close, cut, redacted, sampled, back-pressured, expired."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import select

from switchboard.engine.stats import CallStats
from switchboard.engine.trace import Exchange, Redactor
from switchboard.http import OutboundRequest
from switchboard.observability.calllog import CallLogWindows, CallLogWriter, FinishedCall
from switchboard.store.db import Database
from switchboard.store.models import CallRecord
from tests.backends import POSTGRES_URL

T0 = datetime.now(UTC).replace(microsecond=0)  # the writer runs retention as it starts: recent calls
WINDOWS = CallLogWindows(ok=7 * 86400, failed=30 * 86400, exchanges_ok=86400, exchanges_failed=7 * 86400, body_bytes=64)


def finished(request_id: str, ok: bool, kind: str = "rest") -> FinishedCall:
    secret = "sk-very-secret-value"
    stats = CallStats(keep_exchanges=True, connector_key="salesloft", method_id="m-1", method_name="Get person")
    stats.exchanges = [
        Exchange(
            request=OutboundRequest("GET", "https://api.example/v2/people/1", headers=(("X-Token", secret),)),
            status=200 if ok else 404,
            response_body=b'{"echo": "' + secret.encode() + b'", "pad": "' + b"x" * 500 + b'"}',
        )
    ]
    stats.redactor = Redactor([secret])
    return FinishedCall(request_id, 1, "acct", kind, 200 if ok else 404, ok, None if ok else f"bad {secret}",
                        None if ok else "UpstreamError", T0.timestamp(), stats)  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated store of its own; PostgreSQL at SWITCHBOARD_TEST_POSTGRES_URL must be there (no skip)."""
    if request.param == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'log.db'}")
        await database.upgrade()
        yield database
        await database.close()
        return
    name = f"sbtest_{uuid.uuid4().hex[:12]}"
    try:
        admin = await asyncpg.connect(POSTGRES_URL)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL} (SWITCHBOARD_TEST_POSTGRES_URL): {exc}")
    await admin.execute(f'CREATE DATABASE "{name}"')
    database = Database(POSTGRES_URL.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{name}")
    try:
        await database.upgrade()
        yield database
    finally:
        await database.close()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def rows(db: Database) -> dict[str, CallRecord]:
    async with db.session() as session:
        return {r.request_id: r for r in (await session.scalars(select(CallRecord))).all()}


async def test_close_writes_everything_queued_redacted_and_cut(db: Database) -> None:
    writer = CallLogWriter(db, WINDOWS, sample=1.0, interval=60)  # no timed flush: only close() can write them
    for i in range(25):
        writer.add(finished(f"r{i}", ok=i % 2 == 0))
    await writer.close()
    stored = await rows(db)
    assert len(stored) == 25
    failed = stored["r1"]
    assert failed.ok is False and failed.error == "bad [redacted]" and failed.error_type == "UpstreamError"
    text = str(failed.exchanges)
    assert "sk-very-secret-value" not in text and "[redacted]" in text
    assert failed.exchanges is not None
    body = failed.exchanges[0]["Response"]["Body"]
    assert body.endswith("... [cut at 64 bytes]") and len(body) < 100


async def test_retention_drops_exchanges_then_rows_failed_calls_later(db: Database) -> None:
    writer = CallLogWriter(db, WINDOWS, sample=1.0)
    writer.add(finished("ok", ok=True))
    writer.add(finished("failed", ok=False))
    await writer.close()
    assert await writer.expire(T0 + timedelta(hours=23)) == (0, 0)
    assert await writer.expire(T0 + timedelta(days=2)) == (0, 1)  # the successful call's exchanges
    stored = await rows(db)
    assert stored["ok"].exchanges is None and stored["failed"].exchanges is not None
    assert await writer.expire(T0 + timedelta(days=8)) == (1, 1)  # the successful row; the failure's exchanges
    assert await writer.expire(T0 + timedelta(days=31)) == (1, 0)
    assert await rows(db) == {}


async def test_exchanges_are_kept_for_failures_tests_and_the_sample_only(db: Database) -> None:
    writer = CallLogWriter(db, WINDOWS, sample=0.0)
    for i in range(10):
        writer.add(finished(f"ok{i}", ok=True))
    writer.add(finished("failed", ok=False))
    writer.add(finished("tried", ok=True, kind="test"))
    await writer.close()
    stored = await rows(db)
    assert len(stored) == 12  # every call has its summary row
    assert [r for r in stored if stored[r].exchanges is not None] == ["failed", "tried"]
    ok3 = stored["ok3"]
    assert (ok3.status, ok3.method_id, ok3.duration_ms) == (200, "m-1", 0.0)
    assert ok3.started_at.replace(tzinfo=None) == T0.replace(tzinfo=None)  # UTC (SQLite gives it back naive)


async def test_a_full_queue_makes_callers_wait_for_the_writer_and_loses_nothing(db: Database) -> None:
    from switchboard.observability import metrics

    # No timed flush: only the waiting caller's wake-up makes the writer write.
    writer = CallLogWriter(db, WINDOWS, max_queue=3, batch=1000, interval=60)
    waited = metrics.CALL_LOG_BACKPRESSURE._value.get()
    for i in range(3):
        writer.add(finished(f"r{i}", ok=True))
    assert writer.full
    await writer.room()
    assert not writer.full and metrics.CALL_LOG_BACKPRESSURE._value.get() == waited + 1
    await writer.flush()  # read-your-writes: every call added is in the store when it returns
    assert sorted(await rows(db)) == ["r0", "r1", "r2"]
    await writer.close()
    stuck = CallLogWriter(db, WINDOWS, max_queue=3, interval=60)
    stuck._hard_limit = 6  # (max_queue + IN_FLIGHT: ten thousand calls more than a test wants to make)
    for i in range(3, 9):  # the bound and every call in flight queued, nothing written yet (the store stuck)
        stuck.add(finished(f"r{i}", ok=True))
    dropped = metrics.CALL_LOG_DROPPED._value.get()
    stuck.add(finished("r9", ok=True))  # past it: dropped, counted
    assert metrics.CALL_LOG_DROPPED._value.get() == dropped + 1
    await stuck.close()
    assert sorted(await rows(db)) == [f"r{i}" for i in range(9)]


def test_a_long_call_keeps_its_first_and_latest_exchanges_for_the_log() -> None:
    from multidict import CIMultiDict, CIMultiDictProxy

    from switchboard.engine.executor import _record
    from switchboard.http import UpstreamResponse
    from tests.unit.engine.test_executor import call_state

    state = call_state()
    state.body_cap = 64  # kept for the call log (None would be /test/, which keeps every one)
    for page in range(1, 61):
        request = OutboundRequest("GET", f"https://api.example/v2/people?page={page}")
        _record(state, request, UpstreamResponse(200, CIMultiDictProxy(CIMultiDict()), b"x" * 200, 0.01), None)
    assert state.exchanges is not None and len(state.exchanges) == 50
    pages = [e.request.url.rsplit("=", 1)[1] for e in state.exchanges]
    assert pages == ["1", *map(str, range(12, 61))]
    assert all(len(e.response_body) <= 64 + 4096 for e in state.exchanges)
