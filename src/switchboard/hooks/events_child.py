"""The events process: ``python -m switchboard.hooks.events_child``, started by ``EventsProcess``.

It runs the ``HookForwarder`` (stored provider events to ``provider.event`` rows) and the
``DeliveryWorker`` (outbox rows to the partners' receivers) on its own interpreter, so their
queries, signing and sends never take the serving loop's core or GIL: at 500 provider events a
second the three stages together needed more than the one loop had, and acknowledgements queued.

stdin: one frame (a 4-byte length, then the pickled ``Settings``), then wake-up bytes: ``f`` (events
were stored: forward) and ``d`` (an outbox event was written: deliver). stdout, a line each: ``r``
once up, ``s`` when routed events asked a connection's syncs for a run (the server's sync worker
looks at once), and ``m NAME LABELS AMOUNT``: what this process added to a counter of ``RELAYED``
(labels as JSON), which the server adds to its own, so ``/metrics`` shows them.
At the end of stdin (the server closing, or gone) it forwards what is pending and sends what is
due, each for a bounded time, and exits; whatever is left stays in the store for the next start.
It ignores SIGINT and SIGTERM, so a Ctrl-C to the terminal's process group cannot cut that short.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
from contextlib import suppress
from typing import IO

import orjson

from switchboard.catalog.registry import Registry
from switchboard.child import run_child
from switchboard.events import DeliveryWorker, Outbox, RetrySchedule
from switchboard.events.targets import TargetPolicy
from switchboard.hooks import background
from switchboard.hooks.forward import HookForwarder
from switchboard.observability import metrics
from switchboard.observability.logs import configure_logging
from switchboard.settings import Settings
from switchboard.store import Database, Inbox, SecretBox
from switchboard.syncs import EventTrigger

log = logging.getLogger("switchboard.events")

RELAYED = background.RELAYED  # the counters this process moves (forward.py, syncs/triggers.py)

DRAIN_SECONDS = 5.0  # each of forwarding and delivery, at the end


class Relay:
    """This process's counters, told to the server as increments since the last time."""

    def __init__(self, tell: IO[bytes]) -> None:
        self._tell = tell
        self._told: dict[tuple[str, tuple[str, ...]], float] = {}

    def line(self, text: str) -> None:
        with suppress(OSError):  # the server gone: nobody to tell
            self._tell.write(text.encode() + b"\n")

    def flush(self) -> None:
        for name in RELAYED:
            for metric in getattr(metrics, name).collect():
                for sample in metric.samples:
                    if not sample.name.endswith("_total"):
                        continue
                    labels = tuple(sample.labels.values())
                    added = sample.value - self._told.get((name, labels), 0.0)
                    if added:
                        self._told[name, labels] = sample.value
                        self.line(f"m {name} {orjson.dumps(labels).decode()} {added}")

    async def every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            self.flush()


def build(settings: Settings, relay: Relay) -> tuple[Database, Inbox | None, HookForwarder, DeliveryWorker]:
    """The forwarder and the delivery worker, as ``api.services`` built them in the server, on the
    database and the inbox (``None`` off SQLite) they read, which ``serve`` closes."""
    db = Database.configured(settings)
    inbox = Inbox.beside(db)
    secrets = SecretBox.from_config(settings.secret_key, settings.data_dir)
    registry = Registry.load(settings.connector_dirs, upstream_overrides=settings.upstream_overrides)
    outbox = Outbox(db, lambda key: c.id if (c := registry.by_key.get(key)) else None)
    deliveries = DeliveryWorker(
        db,
        lambda token: str(secrets.decrypt(token)["secret"]),
        schedule=RetrySchedule(tuple(settings.webhook_retry_schedule)),
        timeout=settings.webhook_timeout,
        poll_seconds=settings.webhook_poll_seconds,
        targets=TargetPolicy(settings.webhook_allow_networks),
        keep_seconds=settings.webhook_keep_seconds,
    )
    forwarder = HookForwarder(
        db,
        registry,
        outbox,
        poll_seconds=settings.hook_poll_seconds,
        wake_delivery=deliveries.wake,
        keep_seconds=settings.hook_keep_seconds,
        inbox=inbox,
    )

    # A provider event asks its connection's syncs for a run now; the sync worker is the server's.
    def wake_syncs() -> None:
        relay.flush()  # the count of runs asked for, before the run itself can end
        relay.line("s")

    forwarder.listeners.append(EventTrigger(db, wake_syncs))
    return db, inbox, forwarder, deliveries


async def serve(stdin: IO[bytes], tell: IO[bytes]) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    try:
        size = int.from_bytes(await reader.readexactly(4), "big")
        settings: Settings = pickle.loads(await reader.readexactly(size))  # noqa: S301 - our parent's, down its pipe
    except asyncio.IncompleteReadError:
        return
    configure_logging(settings.log_level, settings.log_format)
    relay = Relay(tell)
    db, inbox, forwarder, deliveries = build(settings, relay)
    deliveries.start()
    forwarder.start()
    relaying = asyncio.create_task(relay.every(0.5))
    relay.line("r")
    try:
        while chunk := await reader.read(4096):
            if b"f" in chunk:
                forwarder.wake()
            if b"d" in chunk:
                deliveries.wake()
    finally:
        await forwarder.stop(drain=DRAIN_SECONDS)
        deliveries.wake()  # what the last forwarding wrote
        await deliveries.stop(drain=DRAIN_SECONDS)
        relaying.cancel()
        relay.flush()
        if inbox is not None:
            inbox.close()
        await db.close()


def main() -> None:
    run_child(serve, log, "the events process")


if __name__ == "__main__":
    main()
