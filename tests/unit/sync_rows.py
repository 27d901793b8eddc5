"""A partner's account connectors and their syncs as rows, for tests of the sync store and workers."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.store.models import Account, AccountConnector, Partner
from switchboard.store.sync_models import Sync

LIST_PEOPLE = "724da6d2-7e2f-429a-a60b-26062c811f68"  # Salesloft's List people


async def add_connections(session: AsyncSession, *auth_states: str) -> None:
    """Partner 1, its account 1 and one Salesloft account connector per state (ids 1, 2, ...)."""
    session.add(Partner(id=1, name="P", client_id="c", client_secret_hash="h"))
    await session.flush()
    session.add(Account(id=1, partner_id=1, api_id="a", name="A"))
    await session.flush()
    for index, state in enumerate(auth_states, 1):
        session.add(
            AccountConnector(id=index, account_id=1, connector_key="salesloft", name=f"S{index}", auth_state=state)
        )
    await session.flush()


def sync_row(**changes: Any) -> Sync:
    """An idle, enabled sync of account connector 1, due now, with ``changes`` applied."""
    now = time.time()
    values: dict[str, Any] = {
        "account_connector_id": 1,
        "name": "people",
        "method_id": LIST_PEOPLE,
        "parameters": {},
        "frequency_minutes": 1,
        "key_path": "id",
        "deletes": {"mode": "full"},
        "excluded_fields": [],
        "enabled": True,
        "state": "idle",
        "runs": 0,
        "run_full": True,
        "run_reset": False,
        "run_requested": False,
        "reset_requested": False,
        "run_progress": {},
        "change_seq": 0,
        "failures": 0,
        "next_run_at": now - 1,
        "created_at": now,
        "updated_at": now,
    }
    return Sync(**{**values, **changes})
