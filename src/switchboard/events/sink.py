"""Writing events that no state change carries (failed calls) off the caller's path."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from switchboard.errors import SwitchboardError
from switchboard.events.calls import call_failure
from switchboard.events.outbox import Outbox
from switchboard.store.account_connectors import CallTarget

log = logging.getLogger("switchboard.events")

# Events being written at once; past this a flood of failures drops events rather than memory.
MAX_IN_FLIGHT = 1_000


class CallFailures:
    """``report`` returns at once; the event is written by a task of its own."""

    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox
        self._tasks: set[asyncio.Task[Any]] = set()
        self.dropped = 0

    def report(
        self,
        *,
        partner_id: int,
        account_id: int,
        account_api_id: str,
        account_connector_id: int,
        connector_key: str,
        method: str,
        exc: SwitchboardError,
    ) -> None:
        found = call_failure(method, exc)
        if found is None:
            return
        if len(self._tasks) >= MAX_IN_FLIGHT:
            self.dropped += 1
            return
        event_type, data = found
        data = {**self._outbox.subject(account_api_id, account_connector_id, connector_key), **data}
        task = asyncio.create_task(
            self._write(partner_id, account_id, event_type, data, account_connector_id), name="call-failed-event"
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def report_target(self, target: CallTarget, method: str, exc: SwitchboardError) -> None:
        """``report`` for the account connector a call was resolved to (every call edge has one)."""
        self.report(
            partner_id=target.partner_id,
            account_id=target.account_id,
            account_api_id=target.account_api_id,
            account_connector_id=target.account_connector_id,
            connector_key=target.connector_key,
            method=method,
            exc=exc,
        )

    async def _write(
        self, partner_id: int, account_id: int, event_type: str, data: dict[str, Any], ordering: int
    ) -> None:
        try:
            await self._outbox.record_alone(partner_id, account_id, event_type, data, ordering)
        except Exception:
            log.exception("could not record a %s event", event_type)

    async def drain(self) -> None:
        """Wait for events being written (at shutdown)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
