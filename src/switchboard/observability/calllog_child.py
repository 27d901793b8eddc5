"""The call log's writer process: ``python -m switchboard.observability.calllog_child``, started by ``CallLogWriter``.

It reads frames from stdin (a 4-byte length, then a pickle): first the configuration, then lists
of ``Entry`` as plain tuples. For each list it builds the rows (redacting and cutting the exchanges that came),
writes the calls' log lines, inserts the rows with one ``executemany`` (``COPY`` on PostgreSQL)
and answers ``"<calls done> <calls dropped>\\n"`` on its stdout. It runs the retention job too.
At the end of stdin (the server closing, or gone) it writes what it has and exits; it ignores
SIGINT and SIGTERM, so a Ctrl-C to the terminal's process group cannot cut the drain short.

A process rather than a thread: building and inserting rows in the server's process held the GIL
away from the loop that serves calls, a stall of up to a batch's work on every call in flight.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import time
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import IO, Any

import orjson

from switchboard.child import run_child
from switchboard.observability.callentry import Entry, log_entry
from switchboard.observability.calllog import CallLogWindows, expire_log
from switchboard.observability.logs import configure_logging
from switchboard.store.calls import CallInserter
from switchboard.store.db import Database
from switchboard.store.outage import RoundLog, outage

log = logging.getLogger("switchboard.calllog")
call_log = logging.getLogger("switchboard.calls")


class Rows:
    """Entries into rows in ``store.calls.CALL_COLUMNS``' order, with the windows' expiry times."""

    def __init__(self, windows: CallLogWindows) -> None:
        self.body_bytes = windows.body_bytes
        self._keep_ok = timedelta(seconds=windows.ok)
        self._keep_failed = timedelta(seconds=windows.failed)
        self._exchanges_ok = timedelta(seconds=windows.exchanges_ok)
        self._exchanges_failed = timedelta(seconds=windows.exchanges_failed)

    def row(self, e: Entry) -> tuple[Any, ...]:
        redactor = e.redactor
        exchanges = None
        if e.exchanges and redactor is not None:
            exchanges = [_cut(redactor.exchange(x), self.body_bytes) for x in e.exchanges]
        error = redactor.text(e.error) if e.error and redactor else e.error
        started = datetime.fromtimestamp(e.started_at, UTC)
        return (
            e.request_id, e.partner_id, e.account_api_id, e.account_connector_id, e.connector_key,
            e.method_id, e.method_name, e.kind, e.status, e.ok, error[:4000] if error else None,
            e.error_type, e.upstream_status, started, round(e.duration * 1000, 2), e.requests, e.pages,
            e.records, e.bytes, e.retries, e.throttled, round(e.limiter_seconds * 1000, 2), exchanges,
            started + (self._exchanges_ok if e.ok else self._exchanges_failed),
            started + (self._keep_ok if e.ok else self._keep_failed),
        )  # fmt: skip


def _cut(exchange: dict[str, Any], cap: int) -> dict[str, Any]:
    """Bodies over ``cap`` bytes (as JSON text) become their first ``cap`` bytes and a note."""
    for part in (exchange.get("Request"), exchange.get("Response")):
        if not part or part.get("Body") is None:
            continue
        body = part["Body"]
        text = body if isinstance(body, str) else orjson.dumps(body).decode()
        if len(text.encode()) > cap:
            part["Body"] = text.encode()[:cap].decode(errors="ignore") + f"... [cut at {cap} bytes]"
    return exchange


async def _frame(reader: asyncio.StreamReader) -> Any:
    """The next frame's object; None at the end of stdin."""
    try:
        size = int.from_bytes(await reader.readexactly(4), "big")
        return pickle.loads(await reader.readexactly(size))  # noqa: S301 - from our parent, down its pipe
    except asyncio.IncompleteReadError:
        return None


async def _retain(db: Database, interval: float, stop: asyncio.Event) -> None:
    """The retention job every ``interval``; stopped between runs, never mid-query (its connection would leak)."""
    while not stop.is_set():
        await expire_log(db, datetime.now(UTC))
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)


# How long a batch waits for a database that went away before the calls are dropped from the log.
OUTAGE_WAIT_SECONDS = 30.0


class _Store:
    """Inserts batches, waiting out a database that is away for a while (a restart, a fail-over) instead of
    dropping each batch at the first refused connection: the worker's queue holds the calls meanwhile, with
    back-pressure past ``SWITCHBOARD_CALL_LOG_QUEUE``. An outage longer than ``OUTAGE_WAIT_SECONDS`` drops
    batches (counted) until a write succeeds again, so a graceful shutdown is not held for ever."""

    def __init__(self, db: Database, inserter: CallInserter) -> None:
        self._db = db
        self._inserter = inserter
        self._rounds = RoundLog(log, "call log writing")  # the outage said once when it starts, once when it ends

    async def insert(self, batch: list[Any]) -> None:
        pause = 0.1
        while True:
            try:
                async with self._db.engine.begin() as connection:
                    await self._inserter.insert(connection, batch)
            except Exception as exc:
                if outage(exc) is None:
                    raise
                self._rounds.failed(exc)
                away = self._rounds.away_since
                if away is not None and time.monotonic() - away >= OUTAGE_WAIT_SECONDS:
                    raise
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)
                continue
            self._rounds.succeeded()
            return


async def serve(stdin: IO[bytes], acks: IO[bytes]) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**31)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    config = await _frame(reader)
    if config is None:
        return
    configure_logging(config["log_level"], config["log_format"])
    rows = Rows(config["windows"])
    db = Database(config["url"], pool_size=config["pool"][0], max_overflow=config["pool"][1])
    store = _Store(db, CallInserter(db.engine.dialect))
    acks.write(b"0 0\n")  # up: from here on, waiting for it is waiting for the store
    stop = asyncio.Event()
    retention = asyncio.create_task(_retain(db, config["retention_interval"], stop))
    try:
        while (entries := await _frame(reader)) is not None:
            logging_calls = call_log.isEnabledFor(logging.INFO)
            batch = []
            unwritable = 0
            for fields in entries:  # plain tuples down the pipe (cheaper to pickle), Entry again here
                entry = Entry._make(fields)
                try:
                    batch.append(rows.row(entry))
                except Exception as exc:  # one call's row (an answer no writer takes) must not end the writer
                    unwritable += 1
                    log.warning("call log: call %s not written: %s", entry.request_id, type(exc).__name__)
                if logging_calls:
                    log_entry(entry)
            dropped = unwritable
            try:
                if batch:
                    await store.insert(batch)
            except Exception as exc:  # the store is down for longer, or refused the rows: the calls went fine
                dropped += len(batch)
                log.warning("call log: %d calls not written: %s", len(batch), type(exc).__name__)
            acks.write(f"{len(entries)} {dropped}\n".encode())
    finally:
        stop.set()
        await retention
        await db.close()


def main() -> None:
    run_child(serve, log, "call log writer")


if __name__ == "__main__":
    main()
