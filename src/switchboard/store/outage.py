"""The database being away told apart from a bug: unreachable, refusing connections, or out of them.

Either edge answers such a failure 503 with ``Retry-After`` (``Unavailable``), as the error tree says of a store
that failed, instead of the 500 that means Switchboard itself is broken. The driver's own words name hosts,
ports and roles, so they go to the log's exception type only, never to the caller.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import exc as sa_exc

from switchboard.errors import Unavailable

DATABASE_DOWN = "The database cannot be reached just now; try again"
POOL_EXHAUSTED = "Every database connection is in use just now; try again"

# SQLSTATE classes of a server that cannot take work now: 08 connection exception, 53 insufficient resources
# (too many connections), 57P admin shutdown, crash shutdown, cannot connect now.
_OUTAGE_STATES = ("08", "53", "57P")


def outage(exc: BaseException) -> Unavailable | None:
    """The 503 for a failure of the database's availability, or None for anything else."""
    if isinstance(exc, sa_exc.TimeoutError):  # the pool's: no connection came free in time
        return Unavailable(POOL_EXHAUSTED, retry_after=1)
    if isinstance(exc, sa_exc.DBAPIError) and (exc.connection_invalidated or _unreachable(exc)):
        return Unavailable(DATABASE_DOWN, retry_after=1)
    if isinstance(exc, OSError) and _from_the_driver(exc):  # a new connection refused: asyncpg's, untranslated
        return Unavailable(DATABASE_DOWN, retry_after=1)
    if _outage_state(exc) and _from_the_driver(exc):  # asyncpg's own, on its raw connection (the call log's COPY)
        return Unavailable(DATABASE_DOWN, retry_after=1)
    return None


def _outage_state(error: BaseException) -> bool:
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    return isinstance(state, str) and state.startswith(_OUTAGE_STATES)


def _from_the_driver(exc: BaseException) -> bool:
    """Whether ``exc`` was raised while the database driver or SQLAlchemy's pool was connecting: an OSError
    from anywhere else (a bug, a file) is no outage of the store."""
    frame = exc.__traceback__
    while frame is not None:
        module = str(frame.tb_frame.f_globals.get("__name__", ""))
        if module.startswith(("asyncpg.", "sqlalchemy.")):
            return True
        frame = frame.tb_next
    return False


def _unreachable(exc: sa_exc.DBAPIError) -> bool:
    """Whether the driver's error (or what caused it) is a refused connection or an outage's SQLSTATE."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc.orig, exc.__cause__]
    while pending:
        error = pending.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, OSError):  # refused, reset, or no route: the server is not there
            return True
        if _outage_state(error):
            return True
        pending += [error.__cause__, error.__context__]
    return False


class RoundLog:
    """How a background loop (webhook delivery, hook forwarding, refreshes, syncs) logs a failed round: a bug's
    traceback every time, but the database being away once when it goes (a warning naming the loop) and once
    when a round succeeds again, instead of a traceback every poll for as long as the outage lasts."""

    def __init__(self, log: logging.Logger, loop: str) -> None:
        self._log = log
        self._loop = loop
        self.away_since: float | None = None  # monotonic time of the first failed round of this outage

    def failed(self, exc: BaseException) -> None:
        """Called from the ``except`` block that caught ``exc``."""
        if outage(exc) is None:
            self._log.exception("%s round failed; trying again", self._loop)
        elif self.away_since is None:
            self.away_since = time.monotonic()
            self._log.warning(
                "%s paused: the database cannot be reached (%s); trying again until it is back",
                self._loop,
                type(exc).__name__,
            )

    def succeeded(self) -> None:
        if self.away_since is not None:
            self.away_since = None
            self._log.warning("%s resumed: the database is back", self._loop)
