"""Readiness for a load balancer (``GET /health/ready``).

``/health`` says the process is up. Readiness says whether this worker can serve now: its database (and Redis,
when ``SWITCHBOARD_REDIS_URL`` is set) answered within ``CHECK_SECONDS``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable
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
    """What readiness answers: 200 ``ready``, or 503 ``unavailable`` with a Message."""

    Status: str
    Worker: int
    Checked: dict[str, str] = {}
    Message: str | None = None


READY_RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ReadyOut,
        "description": "A dependency did not answer in time (named in Checked and Message)",
        "headers": {
            "Retry-After": {"description": "Seconds to wait before asking again", "schema": {"type": "integer"}}
        },
    }
}


class Readiness:
    """Whether this worker should be sent requests."""

    async def answer(self, db: Database, redis: Redis | None) -> Response:
        checks: dict[str, Awaitable[object]] = {"Database": _select_one(db)}
        if redis is not None:
            checks["Redis"] = redis.ping()
        results = await asyncio.gather(*(_bounded(check) for check in checks.values()))
        checked = dict(zip(checks, results, strict=True))
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
