"""Provider events as a reason to run: a routed event asks its connection's syncs for a run now.

A burst of events comes to one run: the request is a flag on the sync (``run_requested``), set
only where it is not set already, and the worker clears it when it claims the run. An event that
arrives while a run is going sets it again, so the changes it announces are read by one
follow-up run (the running one may have passed them), never by several.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlalchemy import update

from switchboard.observability import metrics
from switchboard.store.db import Database
from switchboard.store.sync_models import Sync


class ConnectionEvent(Protocol):
    """What a trigger needs of an event: the account connector it was routed to."""

    @property
    def account_connector_id(self) -> int: ...

    @property
    def connector_key(self) -> str: ...


class EventTrigger:
    """Sets ``run_requested`` on the enabled syncs of the event's connection that are neither paused nor failing,
    and wakes the worker."""

    def __init__(self, db: Database, wake: Callable[[], None]) -> None:
        self._db = db
        self._wake = wake

    async def __call__(self, event: ConnectionEvent) -> None:
        async with self._db.session() as session:
            result = await session.execute(
                update(Sync)
                .where(
                    Sync.account_connector_id == event.account_connector_id,
                    Sync.enabled.is_(True),
                    # A failing sync waits out its backoff, a paused one its wait: events do not hammer them.
                    Sync.state.not_in(("paused", "failing")),
                    Sync.run_requested.is_(False),
                )
                .values(run_requested=True)
                .returning(Sync.id)
            )
            asked = len(result.all())
        if asked:
            metrics.SYNC_EVENT_RUNS.labels(event.connector_key).inc(asked)
            self._wake()
