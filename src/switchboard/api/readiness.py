"""Readiness for a load balancer (``GET /health/ready``), and draining before a stop.

``/health`` says the process is up. Readiness says whether this worker can serve now: its database (and Redis,
when ``SWITCHBOARD_REDIS_URL`` is set) answered within ``CHECK_SECONDS``, and the server is not draining. With
``SWITCHBOARD_DRAIN_SECONDS``, SIGTERM first makes readiness answer 503 ``draining`` while every route is still
served, and only then reaches the server's own handler (uvicorn's: stop listening, finish, exit): a load balancer
polling readiness stops sending new connections before the listening socket closes, instead of having a few
reset as it closes.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import signal
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel
from sqlalchemy import text
from starlette.responses import Response

from switchboard.store import Database

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger("switchboard")

# Each dependency's bound: a load balancer's check times out after a few seconds, and a hung dependency (a
# firewall dropping packets) must be a 503 within it, not a check that never answers.
CHECK_SECONDS = 1.5
OK = "ok"


class ReadyOut(BaseModel):
    """What readiness answers: 200 ``ready``, or 503 ``unavailable`` / ``draining`` with a Message."""

    Status: str
    Worker: int
    Checked: dict[str, str] = {}
    Message: str | None = None


READY_RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ReadyOut,
        "description": "A dependency did not answer in time (named in Checked and Message), or the server is "
        "draining before it stops (SWITCHBOARD_DRAIN_SECONDS)",
        "headers": {
            "Retry-After": {"description": "Seconds to wait before asking again", "schema": {"type": "integer"}}
        },
    }
}


class Readiness:
    """Whether this worker should be sent requests; draining once SIGTERM came (with a drain period)."""

    def __init__(self, drain_seconds: float) -> None:
        self.drain_seconds = drain_seconds
        self.draining = False
        self._checking: asyncio.Future[dict[str, str]] | None = None

    async def answer(self, db: Database, redis: Redis | None) -> Response:
        if self.draining:
            body = ReadyOut(Status="draining", Worker=os.getpid(), Message="This server is stopping; send elsewhere")
            return _answer(503, body, retry_after=max(1, math.ceil(self.drain_seconds)))
        # The route takes no token: requests arriving together share one check, so a flood of them holds one
        # pooled connection and sends one PING, not one each. A request that comes after it checks anew.
        if self._checking is None or self._checking.done():
            self._checking = asyncio.ensure_future(_check(db, redis))
        checked = await asyncio.shield(self._checking)
        down = [name for name, result in checked.items() if result != OK]
        if not down:
            return _answer(200, ReadyOut(Status="ready", Worker=os.getpid(), Checked=checked))
        # Names and verdicts only: the drivers' words carry hosts, ports, users and passwords.
        message = " and ".join("the database" if name == "Database" else name for name in down)
        body = ReadyOut(
            Status="unavailable",
            Worker=os.getpid(),
            Checked=checked,
            Message=f"{message[0].upper()}{message[1:]} cannot be reached just now",
        )
        return _answer(503, body, retry_after=1)

    @contextmanager
    def drain_on_sigterm(self) -> Iterator[None]:
        """While the app serves: SIGTERM marks it draining and reaches the server's handler ``drain_seconds`` later.

        The server's own SIGTERM handling is deferred, not replaced, and put back when the app stops. uvicorn
        installed a signal handler before the app started: it is wrapped. Granian's worker listens through the
        event loop instead (``loop.add_signal_handler``, which a plain handler never overrides): that one is
        taken off, and the worker is stopped, after the drain, by the other signal Granian stops on (SIGINT).
        A second SIGTERM during the drain stops at once. Without a drain period, or off the main thread (an
        app served in-process by a test client), nothing is changed.
        """
        if self.drain_seconds <= 0 or threading.current_thread() is not threading.main_thread():
            yield
            return
        loop = asyncio.get_running_loop()
        server_handler = signal.getsignal(signal.SIGTERM)
        if loop.remove_signal_handler(signal.SIGTERM):
            with self._deferring(loop, lambda: os.kill(os.getpid(), signal.SIGINT), through_loop=True):
                yield
            return
        if not callable(server_handler):  # no server's handler to defer to
            yield
            return
        with self._deferring(loop, lambda: server_handler(signal.SIGTERM, None), through_loop=False):
            yield

    @contextmanager
    def _deferring(
        self, loop: asyncio.AbstractEventLoop, stop: Callable[[], object], *, through_loop: bool
    ) -> Iterator[None]:
        """SIGTERM handled by ``on_sigterm`` while the app serves: ``stop`` runs ``drain_seconds`` after the first."""

        def begin() -> None:
            log.info("SIGTERM: draining for %g s (readiness answers 503), then stopping", self.drain_seconds)
            loop.call_later(self.drain_seconds, stop)

        def on_sigterm(*_: object) -> None:
            if self.draining:
                stop()
                return
            self.draining = True
            # A signal handler may run between any two bytecodes of the loop's own code: the loop is only
            # asked, thread-safely, to start the drain's timer (and log) at its next turn.
            loop.call_soon_threadsafe(begin)

        if through_loop:
            loop.add_signal_handler(signal.SIGTERM, on_sigterm)
        else:
            previous = signal.signal(signal.SIGTERM, on_sigterm)
        try:
            yield
        finally:
            if through_loop:
                loop.remove_signal_handler(signal.SIGTERM)
            elif signal.getsignal(signal.SIGTERM) is on_sigterm:
                signal.signal(signal.SIGTERM, previous)


async def _check(db: Database, redis: Redis | None) -> dict[str, str]:
    """Each dependency's verdict, checked at once."""
    checks: dict[str, Awaitable[object]] = {"Database": _select_one(db)}
    if redis is not None:
        checks["Redis"] = redis.ping()
    results = await asyncio.gather(*(_bounded(check) for check in checks.values()))
    return dict(zip(checks, results, strict=True))


async def _select_one(db: Database) -> None:
    async with db.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def _bounded(check: Awaitable[object]) -> str:
    """``ok``, ``timeout``, or ``unreachable``: never the error's text."""
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            await check
    except TimeoutError:
        return "timeout"
    except Exception as exc:  # any driver's error: the dependency is not usable now
        log.debug("readiness check failed: %s", type(exc).__name__)
        return "unreachable"
    return OK


def _answer(status: int, body: ReadyOut, retry_after: int | None = None) -> Response:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    content = orjson.dumps(body.model_dump(exclude_none=True))
    return Response(content, status_code=status, media_type="application/json", headers=headers)
