"""The database's connection cut while the call log writer is writing a batch (a fail-over, a proxy restart):
that is an outage the writer waits out, not rows it refuses. The cut is a proxy's, the database is shared."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from switchboard.errors import Unavailable
from switchboard.store.calls import CALL_COLUMNS, CallInserter
from switchboard.store.db import Database
from switchboard.store.outage import outage
from tests.scale.proxied import through
from tests.tcp_proxy import TcpProxy


async def _write_through_a_cut(url: str, proxy: TcpProxy) -> BaseException:
    db = Database(through(url, proxy), pool_size=1, max_overflow=0)
    try:
        await db.upgrade()
        inserter = CallInserter(db.engine.dialect)
        async with db.engine.begin() as connection:
            await connection.get_raw_connection()  # checked out and pinged: the cut comes after
            proxy.cut()
            try:
                await inserter.insert(connection, [(None,) * len(CALL_COLUMNS)])  # never reaches the table
            except Exception as exc:  # what the writer's COPY meets
                return exc
        raise AssertionError("the write went through a cut connection")
    except Exception as exc:
        return exc
    finally:
        await db.close()


def test_a_connection_cut_during_the_call_log_copy_is_an_outage(postgres_url: str) -> None:
    """asyncpg's COPY raises its own ConnectionDoesNotExistError (SQLSTATE 08003), untranslated by SQLAlchemy:
    it was not counted as an outage, so a batch in flight when the database went away was dropped from the log
    at once ("call log: 6 calls not written") instead of waiting up to 30 s for the database to come back."""
    pg = urlsplit(postgres_url)
    proxy = TcpProxy(pg.hostname or "127.0.0.1", pg.port or 5432).start()
    try:
        error = asyncio.run(_write_through_a_cut(postgres_url, proxy))
    finally:
        proxy.cut()
    verdict = outage(error)
    assert isinstance(verdict, Unavailable), f"{type(error).__name__} was not taken for an outage"
    assert verdict.status == 503
