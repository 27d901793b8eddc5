"""Syncs against a provider whose clock is ten minutes behind ours, more than any run's OverlapSeconds: the values
each run asks with, and what it counts as seen, are on the provider's clock. The server fixture is test_syncs.py's,
over this module's own emulator."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, SwitchboardServer
from tests.integration.test_syncs import connected, emulator, feed, server, syncs_url, upstream, wait_run

__all__ = ["server"]  # the fixture, used by name

BEHIND = -600.0


@pytest.fixture(scope="module")
def sl() -> Iterator[EmulatorServer]:
    """A Salesloft whose clock, for the times it writes and its ``Date`` header, is ten minutes behind."""
    salesloft = SalesloftEmulator()
    salesloft.clock_offset = BEHIND  # before it writes anything: its times never go back
    served = EmulatorServer(salesloft).start()
    yield served
    served.stop()


def _latest(account: Account, connection: int, sync_id: int) -> dict[str, dict[str, Any]]:
    """Each key's newest copy in the feed."""
    return {record["_switchboard"]["Key"]: record for record in feed(account, connection, sync_id)[0]}


def test_a_cursor_without_a_field_asks_from_the_providers_clock(server: SwitchboardServer, sl: EmulatorServer) -> None:
    """Without a Field the next value is the run's start less OverlapSeconds. Taken on our clock, an account the
    provider changes a minute later carries a time nine minutes before it, and no run would ask for it: the
    run's start is taken on the provider's clock (its answers' Date header) where that is earlier."""
    account, connection = connected(server, sl, "Behind, no field")
    emulator(sl).seed("accounts", 3, tags=["behind"])
    cursor = {"Parameter": "updated_at[gt]", "OverlapSeconds": 60}
    body = {"Default": "accounts", "Parameters": {"tag": ["behind"]}, "Cursor": cursor}
    sync_id = account.post(syncs_url(connection), json=body).json()["Id"]
    first = wait_run(account, connection, sync_id, None)
    assert first["LastRun"]["Records"] == 3 and abs(first["LastRun"]["ClockSkewSeconds"] - BEHIND) <= 2, first
    with upstream(sl) as api:
        made = api.post("/v2/accounts", json={"name": "Late", "domain": "late.example.com", "tags": ["behind"]})
    assert made.status_code == 200, made.text
    assert account.post(syncs_url(connection, sync_id, "run")).status_code == 202
    second = wait_run(account, connection, sync_id, first["LastRunAt"])
    assert second["LastRun"]["Full"] is False, second["LastRun"]
    assert str(made.json()["data"]["id"]) in _latest(account, connection, sync_id)  # before: never read


def test_values_changed_during_a_run_count_by_the_providers_clock(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    """A run counts as seen the values up to its start (the rest changed while it read, and the next run asks for
    them). An account on page 1, already read, renamed while page 2 waits, then one on page 3 renamed: the run
    reads the second's new time. Both times are before our start, ten minutes behind: counted as seen, the
    second's would be the next value, and the first rename never read. The start is taken on the provider's
    clock, so both are past it and the next run asks for them."""
    account, connection = connected(server, sl, "Behind, field")
    window = emulator(sl).seed("accounts", 25, tags=["during"])
    early, late = window[2]["id"], window[22]["id"]  # oldest created first, ten a page: pages 1 and 3
    parameters = {"tag": ["during"], "sort_by": "created_at", "sort_direction": "ASC", "per_page": 10}
    cursor = {"Parameter": "updated_at[gt]", "Field": "updated_at", "OverlapSeconds": 0}
    body = {"Default": "accounts", "Parameters": parameters, "Cursor": cursor}
    mark = len(emulator(sl).requests.all())
    emulator(sl).faults.arm(Fault("slow", path_prefix="/v2/accounts", method="GET", skip=1, times=None, delay=2.0))
    try:
        sync_id = account.post(syncs_url(connection), json=body).json()["Id"]
        deadline = time.monotonic() + 20
        while not any(r.query_values("page") == ["2"] for r in emulator(sl).requests.all()[mark:]):
            assert time.monotonic() < deadline, "page 2 was never asked for"
            time.sleep(0.02)
        with upstream(sl) as api:  # page 1 is read; pages 2 and 3 are made after this
            for key, name in ((early, "Renamed early"), (late, "Renamed late")):
                assert api.put(f"/v2/accounts/{key}", json={"name": name}).status_code == 200
        first = wait_run(account, connection, sync_id, None)
    finally:
        emulator(sl).faults.clear()
    assert (first["LastRun"]["Pages"], first["LastRun"]["Records"], first["LastRun"]["ReadAgain"]) == (3, 25, False)
    assert _latest(account, connection, sync_id)[str(early)]["name"] != "Renamed early"  # read before the rename
    assert account.post(syncs_url(connection, sync_id, "run")).status_code == 202
    second = wait_run(account, connection, sync_id, first["LastRunAt"])
    assert second["LastRun"]["Full"] is False, second["LastRun"]
    latest = _latest(account, connection, sync_id)
    assert latest[str(early)]["name"] == "Renamed early"  # before: never read, until the next full run
    assert latest[str(late)]["name"] == "Renamed late"
