"""The server's side of the events process (``events_child``): start it, wake it, hear it, drain it.

Forwarding provider events and delivering webhooks run in a process of their own, started with the
server (as the call log's writer is), so the serving loop only receives, stores and acknowledges.
Everything they work on is in the store, so the pipe carries wake-ups only, never data: a wake-up
lost, or the process gone, delays work until the next poll or restart, and loses nothing. The
process that stops unasked is started again after a second.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from contextlib import suppress

import orjson

from switchboard.observability import metrics
from switchboard.settings import Settings

log = logging.getLogger("switchboard.events")

CHILD = "switchboard.hooks.events_child"
RESTART_SECONDS = 1.0
RELAYED = ("HOOK_EVENTS", "SYNC_EVENT_RUNS")  # events_child's counters (forwarding, sync triggers)


class EventsProcess:
    """One per server process; lives on the loop that calls ``start`` (the serving loop)."""

    def __init__(self, settings: Settings, *, close_seconds: float = 30.0) -> None:
        self._settings = settings
        self.wake_syncs: Callable[[], None] = lambda: None  # the server's sync worker, once built
        self._close_seconds = close_seconds  # the child drains for less (events_child.DRAIN_SECONDS, twice)
        self._process: subprocess.Popen[bytes] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._heard = b""  # the start of a line not yet ended
        self._wakes = bytearray()  # wake-ups gathered this turn of the loop: one write for all
        self._closing = False
        self.ready = asyncio.Event()

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._closing = False
        process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
            [sys.executable, "-m", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True
        )
        assert process.stdin is not None and process.stdout is not None
        config = pickle.dumps(self._settings, protocol=pickle.HIGHEST_PROTOCOL)  # never on a command line
        process.stdin.write(len(config).to_bytes(4, "big") + config)  # a few kB: the pipe takes it at once
        process.stdin.flush()
        os.set_blocking(process.stdin.fileno(), False)
        os.set_blocking(process.stdout.fileno(), False)
        self._loop.add_reader(process.stdout.fileno(), self._hear)
        self._process = process

    def wake_forwarder(self) -> None:
        """Events were stored: route and forward them now rather than at the next poll."""
        self._wake(b"f")

    def wake_delivery(self) -> None:
        """An outbox event was written: deliver it now rather than at the next poll."""
        self._wake(b"d")

    def _wake(self, what: bytes) -> None:
        if self._process is None or self._loop is None or what in self._wakes:
            return
        if not self._wakes:
            self._loop.call_soon(self._send)
        self._wakes += what

    def _send(self) -> None:
        wakes, self._wakes = bytes(self._wakes), bytearray()
        process = self._process
        if process is None or process.stdin is None:
            return
        with suppress(BlockingIOError, OSError):  # a full pipe has wake-ups enough; a gone process, _hear's
            os.write(process.stdin.fileno(), wakes)

    def _hear(self) -> None:
        process = self._process
        if process is None or process.stdout is None:
            return
        try:
            heard = os.read(process.stdout.fileno(), 4096)
        except BlockingIOError:
            return
        except OSError:
            heard = b""
        *lines, self._heard = (self._heard + heard).split(b"\n")
        for line in lines:
            self._line(line.decode())
        if heard:
            return
        self._forget()  # the end of its output: it exited
        if not self._closing and self._loop is not None:
            log.warning("the events process stopped (exit %s); starting it again", process.poll())
            self._loop.call_later(RESTART_SECONDS, self._restart)

    def _line(self, line: str) -> None:
        if line == "r":
            self.ready.set()
        elif line == "s":
            self.wake_syncs()
        elif line.startswith("m "):  # a counter the child moved: ours too, so /metrics shows it
            _, name, labels, added = line.split(" ", 3)
            if name in RELAYED:
                getattr(metrics, name).labels(*orjson.loads(labels)).inc(float(added))

    def _restart(self) -> None:
        if not self._closing and self._process is None:
            self.start()

    def _forget(self) -> None:
        process = self._process
        if process is None:
            return
        assert process.stdout is not None and process.stdin is not None
        if self._loop is not None:
            with suppress(ValueError, RuntimeError):  # already removed, or the loop is closed
                self._loop.remove_reader(process.stdout.fileno())
        process.stdout.close()
        with suppress(OSError):
            process.stdin.close()
        self._process = None
        self.ready.clear()

    async def close(self) -> None:
        """End its input: it forwards what is pending and sends what is due (bounded), then exits."""
        self._closing = True
        process = self._process
        if process is None:
            return
        assert process.stdin is not None
        with suppress(OSError):
            process.stdin.close()
        try:
            await asyncio.to_thread(process.wait, self._close_seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            await asyncio.to_thread(process.wait)
        self._forget()
