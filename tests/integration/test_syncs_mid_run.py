"""Incremental runs over a page-numbered list that changes under them: nothing lost to a record moving out from
under the pages already read. The fixtures are test_syncs.py's (a module's own emulator and server)."""

from __future__ import annotations

import time
from typing import Any

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from tests.harness import Account, SwitchboardServer
from tests.integration.test_syncs import connected, emulator, feed, server, sl, syncs_url, upstream, wait_run

__all__ = ["server", "sl"]  # the fixtures, used by name


def _accounts_sync(
    server: SwitchboardServer, sl: EmulatorServer, name: str, direction: str
) -> tuple[Account, int, int]:
    """A connection whose accounts sync reads the accounts tagged ``name``, ten a page, by ``updated_at`` in
    ``direction``, its first run done: five accounts read, the next run asks for those changed after the fifth."""
    account, connection = connected(server, sl, name)
    emulator(sl).seed("accounts", 5, tags=[name])  # seeded a minute apart, each test's own
    parameters = {"tag": [name], "sort_by": "updated_at", "sort_direction": direction, "per_page": 10}
    body = {"Default": "accounts", "Parameters": parameters}
    sync = account.post(syncs_url(connection), json=body).json()
    done = wait_run(account, connection, sync["Id"], None)
    assert done["LastRun"]["Records"] == 5, done["LastRun"]
    return account, connection, sync["Id"]


def _run_changing_page_one(
    account: Account, connection: int, sync_id: int, sl: EmulatorServer, change: Any
) -> dict[str, Any]:
    """An incremental run whose pages after the first wait in the emulator while ``change`` is made there."""
    before = account.get(syncs_url(connection, sync_id)).json()["LastRunAt"]
    mark = len(emulator(sl).requests.all())
    emulator(sl).faults.arm(Fault("slow", path_prefix="/v2/accounts", method="GET", skip=1, times=None, delay=2.0))
    try:
        assert account.post(syncs_url(connection, sync_id, "run")).status_code == 202
        deadline = time.monotonic() + 20
        while not any(r.query_values("page") == ["2"] for r in emulator(sl).requests.all()[mark:]):
            assert time.monotonic() < deadline, "page 2 was never asked for"
            time.sleep(0.02)
        with upstream(sl) as api:  # page 1 is read; pages 2 and 3 are made after this
            change(api)
        done = wait_run(account, connection, sync_id, before)
    finally:
        emulator(sl).faults.clear()
    assert done["LastRun"]["Full"] is False and done["LastRun"]["Pages"] == 3, done["LastRun"]
    return done


def _run_again(
    account: Account, connection: int, sync_id: int, sl: EmulatorServer, after: str
) -> tuple[list[str], list[str]]:
    """The next incremental run, at once: the value the run before asked with, and the one it asks with."""
    asked = [r.query_values("updated_at[gt]") for r in emulator(sl).requests.all() if r.path == "/v2/accounts"]
    mark = len(emulator(sl).requests.all())
    assert account.post(syncs_url(connection, sync_id, "run")).status_code == 202
    wait_run(account, connection, sync_id, after)
    again = [r.query_values("updated_at[gt]") for r in emulator(sl).requests.all()[mark:] if r.path == "/v2/accounts"]
    return asked[-1], again[0]


def _kept(account: Account, connection: int, sync_id: int) -> set[str]:
    """The keys the copy holds alive: every change in the feed, the last one per key counting."""
    last: dict[str, str] = {}
    for record in feed(account, connection, sync_id)[0]:
        last[record["_switchboard"]["Key"]] = record["_switchboard"]["Action"]
    return {key for key, action in last.items() if action != "deleted"}


def test_an_update_mid_run_in_an_oldest_first_list_loses_no_record(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    """Oldest first: an account on page 1 changed while pages 2 and 3 wait moves to the end, and page 2's first
    account moves onto page 1, already read. It changed ten minutes before the newest, far past the overlap: the
    next incremental run must still ask for it."""
    account, connection, sync_id = _accounts_sync(server, sl, "oldest", "ASC")
    # Changed since the first run: 26 with the fifth account, three pages; page 2 began with window[9].
    window = emulator(sl).seed("accounts", 25, tags=["oldest"])
    moved, slipped = window[2]["id"], window[9]["id"]
    done = _run_changing_page_one(
        account, connection, sync_id, sl, lambda api: api.put(f"/v2/accounts/{moved}", json={"name": "Moved"})
    )
    asked, again = _run_again(account, connection, sync_id, sl, done["LastRunAt"])
    kept = _kept(account, connection, sync_id)
    assert str(slipped) in kept  # before: missing until the next full run
    assert kept == {str(a["id"]) for a in emulator(sl).records("accounts") if "oldest" in a["tags"]}
    assert done["LastRun"]["ReadAgain"] is True and again == asked  # three numbered pages: their window again


def test_a_deletion_mid_run_in_a_newest_first_list_loses_no_other_record(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    """Newest first: an account on page 1 deleted while pages 2 and 3 wait moves page 2's first account onto
    page 1, already read. The next incremental run must still ask for it. The deleted account itself is no
    incremental run's to see: the next full run finds it, as any deletion."""
    account, connection, sync_id = _accounts_sync(server, sl, "newest", "DESC")
    window = emulator(sl).seed("accounts", 25, tags=["newest"])
    gone, slipped = window[-3]["id"], window[-11]["id"]  # page 1: the ten newest; page 2 began with the 11th
    done = _run_changing_page_one(account, connection, sync_id, sl, lambda api: api.delete(f"/v2/accounts/{gone}"))
    asked, again = _run_again(account, connection, sync_id, sl, done["LastRunAt"])
    kept = _kept(account, connection, sync_id)
    assert str(slipped) in kept  # before: missing until the next full run
    assert done["LastRun"]["ReadAgain"] is True and again == asked
    assert str(gone) in kept  # read on page 1 before its deletion; no incremental list shows it gone
    assert kept - {str(gone)} == {str(a["id"]) for a in emulator(sl).records("accounts") if "newest" in a["tags"]}
