"""Runs over a page-numbered list that changes under them: nothing lost to a record moving out from under the pages
already read, by an incremental run or by a full one. The fixtures are test_syncs.py's (a module's own emulator and
server)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
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
    account: Account, connection: int, sync_id: int, sl: EmulatorServer, change: Any, *, reset: bool = False
) -> dict[str, Any]:
    """An incremental run (with ``reset``: a full one) whose pages after the first wait in the emulator while
    ``change`` is made there."""
    before = account.get(syncs_url(connection, sync_id)).json()["LastRunAt"]
    mark = len(emulator(sl).requests.all())
    with _later_pages_slow(sl):
        assert account.post(syncs_url(connection, sync_id, "run"), json={"Reset": reset}).status_code == 202
        _once_page_two_is_asked(sl, mark, change)
        done = wait_run(account, connection, sync_id, before)
    assert done["LastRun"]["Full"] is reset and done["LastRun"]["Pages"] == 3, done["LastRun"]
    return done


@contextmanager
def _later_pages_slow(sl: EmulatorServer) -> Iterator[None]:
    """Every accounts page after the next one waits two seconds in the emulator."""
    emulator(sl).faults.arm(Fault("slow", path_prefix="/v2/accounts", method="GET", skip=1, times=None, delay=2.0))
    try:
        yield
    finally:
        emulator(sl).faults.clear()


def _once_page_two_is_asked(sl: EmulatorServer, mark: int, change: Any) -> None:
    """``change`` made at the emulator once a run (its requests after ``mark``) has read page 1 and waits for 2."""
    deadline = time.monotonic() + 20
    while not any(r.query_values("page") == ["2"] for r in emulator(sl).requests.all()[mark:]):
        assert time.monotonic() < deadline, "page 2 was never asked for"
        time.sleep(0.02)
    with upstream(sl) as api:  # page 1 is read; pages 2 and 3 are made after this
        change(api)


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


def test_a_sync_whose_cursor_has_no_field_reads_a_changed_windows_pages_again(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    """Without a Field the next value is the run's start (less OverlapSeconds, none here): an account that slipped
    onto page 1, already read, changed before the run began, so a run asking after that start never reads it.
    The next run asks with the value this one asked with, as with a Field."""
    account, connection = connected(server, sl, "no field")
    emulator(sl).seed("accounts", 5, tags=["no field"])
    parameters = {"tag": ["no field"], "sort_by": "updated_at", "sort_direction": "ASC", "per_page": 10}
    cursor = {"Parameter": "updated_at[gt]", "OverlapSeconds": 0}
    body = {"Default": "accounts", "Parameters": parameters, "Cursor": cursor}
    sync_id = account.post(syncs_url(connection), json=body).json()["Id"]
    first = wait_run(account, connection, sync_id, None)
    assert first["Cursor"]["Field"] is None and first["LastRun"]["Records"] == 5, first
    with upstream(sl) as api:  # changed after the first run began: the next run's 25, three pages
        window = [
            api.post(
                "/v2/accounts",
                json={"name": f"No field {i}", "domain": f"nofield{i}.example.com", "tags": ["no field"]},
            ).json()["data"]
            for i in range(25)
        ]
    time.sleep(1.5)  # the next run begins a whole second later: its start is past them all (Date has seconds)
    moved, slipped = window[2]["id"], window[10]["id"]
    done = _run_changing_page_one(
        account, connection, sync_id, sl, lambda api: api.put(f"/v2/accounts/{moved}", json={"name": "Moved"})
    )
    asked, again = _run_again(account, connection, sync_id, sl, done["LastRunAt"])
    kept = _kept(account, connection, sync_id)
    assert str(slipped) in kept  # without the hold-back: missing until the next full run
    assert kept == {str(a["id"]) for a in emulator(sl).records("accounts") if "no field" in a["tags"]}
    assert done["LastRun"]["ReadAgain"] is True and again == asked


def test_a_record_shifted_past_a_first_runs_pages_is_read_by_the_next_run(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    """A first run stores nothing before it: an account on page 1 deleted while pages 2 and 3 wait moves page 2's
    first account onto page 1, already read, and no stored copy goes unseen to ask for a confirming run. The
    account is older than the newest, so no incremental value after this run would ask for it: the list's total
    fell while the run read it (25 on page 1, 24 after), so the next run reads the whole list again."""
    account, connection = connected(server, sl, "first run")
    window = emulator(sl).seed("accounts", 25, tags=["first run"])
    gone, slipped = window[2]["id"], window[10]["id"]  # oldest first, ten a page: page 2 began with window[10]
    parameters = {"tag": ["first run"], "sort_by": "updated_at", "sort_direction": "ASC", "per_page": 10}
    mark = len(emulator(sl).requests.all())
    with _later_pages_slow(sl):
        created = account.post(syncs_url(connection), json={"Default": "accounts", "Parameters": parameters})
        assert created.status_code == 201, created.text
        sync_id = created.json()["Id"]
        _once_page_two_is_asked(sl, mark, lambda api: api.delete(f"/v2/accounts/{gone}"))
        first = wait_run(account, connection, sync_id, None)
    assert (first["LastRun"]["Full"], first["LastRun"]["Pages"], first["LastRun"]["Records"]) == (True, 3, 24)
    assert str(slipped) not in _kept(account, connection, sync_id)

    assert account.post(syncs_url(connection, sync_id, "run")).status_code == 202
    wait_run(account, connection, sync_id, first["LastRunAt"])
    assert str(slipped) in _kept(account, connection, sync_id)  # before: missing until the next full run
    assert first["LastRun"]["ReadAgain"] is True and first["CursorValue"] is None, first["LastRun"]
    # That full run misses the deleted account, read by the first before its deletion: the next confirms it.
    again = wait_run(account, connection, sync_id, first["LastRunAt"], until=lambda run: run["Confirming"])
    assert again["LastRun"]["Deleted"] == 1, again["LastRun"]
    assert again["CursorValue"] is not None  # the second run's list held still: incremental from here on
    kept = _kept(account, connection, sync_id)
    assert kept == {str(a["id"]) for a in emulator(sl).records("accounts") if "first run" in a["tags"]}


def test_a_record_new_to_the_copy_shifted_past_a_full_runs_pages_is_read_by_the_next_run(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    """A full run after incremental ones (a reset here; FullEvery's alike) reads records the copy has not stored
    yet, changed since the last incremental run. One of them moved onto a page already read (an account there
    deleted) is no stored copy unseen: no confirming run comes. The next incremental run asks with the value the
    full run began with, so it reads them again."""
    account, connection, sync_id = _accounts_sync(server, sl, "full again", "ASC")
    before = account.get(syncs_url(connection, sync_id)).json()["CursorValue"]
    window = emulator(sl).seed("accounts", 25, tags=["full again"])
    # Page 1: the five accounts the first run read, then window[0] to window[4]; page 2 began with window[5].
    gone, slipped = window[2]["id"], window[5]["id"]
    done = _run_changing_page_one(
        account, connection, sync_id, sl, lambda api: api.delete(f"/v2/accounts/{gone}"), reset=True
    )
    _, again = _run_again(account, connection, sync_id, sl, done["LastRunAt"])
    kept = _kept(account, connection, sync_id)
    assert str(slipped) in kept  # before: missing until the next full run
    assert done["LastRun"]["DeletionsPending"] == 0 and done["LastRun"]["ReadAgain"] is True, done["LastRun"]
    assert again == [before]  # the value the full run began with
    assert kept - {str(gone)} == {str(a["id"]) for a in emulator(sl).records("accounts") if "full again" in a["tags"]}
