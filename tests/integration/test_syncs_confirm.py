"""Syncs over real HTTP, continued: a full run's misses confirmed before anything is reported deleted, and the
command line. The fixtures are test_syncs.py's (a module's own emulator and server)."""

from __future__ import annotations

import time

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from tests.harness import SwitchboardServer
from tests.integration.test_syncs import (
    changes_of,
    connected,
    emulator,
    feed,
    server,
    sl,
    syncs_url,
    upstream,
    wait_run,
)
from tests.webhook_receiver import Receiver

__all__ = ["server", "sl"]  # the fixtures, used by name


def test_a_record_that_slips_between_pages_during_a_full_run_is_not_reported_deleted(
    server: SwitchboardServer, sl: EmulatorServer, receiver: Receiver
) -> None:
    """A record deleted on page 1 while page 2 is on its way moves page 2's first record onto page 1, already
    read: that full run misses it (before, it was reported deleted). The full run that follows at once sees it
    again and keeps it, and misses the deleted one, which the next two full runs confirm."""
    account, connection = connected(server, sl, "Slipping")
    hook = account.partner.http.post("/v1.0/webhooks", json={"Url": receiver.url("slip"), "Events": ["sync.completed"]})
    receiver.secrets["slip"] = hook.json()["Secret"]
    sync = account.post(syncs_url(connection), json={"Default": "people"}).json()
    first = wait_run(account, connection, sync["Id"], None)
    records, cursor = feed(account, connection, sync["Id"])
    victim = records[10]["_switchboard"]["Key"]  # the feed keeps the first run's page order: on page 1
    mark = len(emulator(sl).requests.all())
    emulator(sl).faults.arm(Fault("slow", path_prefix="/v2/people", method="GET", skip=1, times=1, delay=2.0))
    try:
        assert account.post(syncs_url(connection, sync["Id"], "run"), json={"Reset": True}).status_code == 202
        deadline = time.monotonic() + 20
        while not any(r.query_values("page") == ["2"] for r in emulator(sl).requests.all()[mark:]):
            assert time.monotonic() < deadline, "page 2 was never asked for"
            time.sleep(0.02)
        with upstream(sl) as api:  # page 2 waits in the emulator: page 1 is read, page 2 not yet made
            assert api.delete(f"/v2/people/{victim}").status_code == 204
        confirmed = wait_run(account, connection, sync["Id"], first["LastRunAt"], until=lambda run: run["Confirming"])
    finally:
        emulator(sl).faults.clear()
    done = receiver.wait_for("slip", lambda e: e.type == "sync.completed" and e.data["Confirming"])
    reset = next(e.data for e in receiver.events("slip") if e.type == "sync.completed" and e.data["Reset"])
    assert (reset["Deleted"], reset["DeletionsPending"]) == (0, 1)  # the record that slipped onto page 1
    assert (done.data["Deleted"], done.data["DeletionsPending"]) == (0, 1)  # it is back; the victim is missed
    changes, cursor = feed(account, connection, sync["Id"], cursor)
    assert [key for action, key in changes_of(changes) if action == "deleted"] == []  # nothing alive reported gone

    # The next full run misses the victim again, and the one after it, at once, confirms it.
    assert account.post(syncs_url(connection, sync["Id"], "run"), json={"Reset": True}).status_code == 202
    last = wait_run(account, connection, sync["Id"], confirmed["LastRunAt"], until=lambda run: run["Confirming"])
    assert last["LastRun"]["Deleted"] == 1
    changes, _ = feed(account, connection, sync["Id"], cursor)
    assert [key for action, key in changes_of(changes) if action == "deleted"] == [victim]


def test_the_cli_lists_syncs_and_runs_one_to_its_end(server: SwitchboardServer, sl: EmulatorServer) -> None:
    account, connection = connected(server, sl, "Command line")
    sync = account.post(syncs_url(connection), json={"Default": "accounts"}).json()
    first = wait_run(account, connection, sync["Id"], None)
    listed = server.cli("syncs", "list", "--account-connector", str(connection))
    assert "accounts" in listed and "idle" in listed
    assert "…" not in listed  # at 80 columns the times fold onto more lines, never cut to "2026-12…"
    ran = server.cli("syncs", "run", str(sync["Id"]), "--reset", "--timeout", "30")
    assert "Completed: +0 ~0 -0" in ran, ran
    after = account.get(syncs_url(connection, sync["Id"])).json()
    assert after["LastRunAt"] != first["LastRunAt"] and after["LastRun"]["Reset"] is True
    assert "was not found" in _cli_error(server, "syncs", "run", "999999")


def _cli_error(server: SwitchboardServer, *args: str) -> str:
    try:
        server.cli(*args)
    except RuntimeError as exc:
        return str(exc)
    raise AssertionError(f"switchboard {' '.join(args)} succeeded")


def test_a_cursor_this_feed_never_gave_is_refused_with_the_way_back(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    """A cursor past the feed's latest change (another sync's, or made up) would skip every change until the feed
    caught up; a digit that is no ASCII digit is no cursor."""
    account, connection = connected(server, sl, "Cursors")
    sync = account.post(syncs_url(connection), json={"Default": "people"}).json()
    wait_run(account, connection, sync["Id"], None)
    _, latest = feed(account, connection, sync["Id"])
    records = syncs_url(connection, sync["Id"], "records")
    ahead = account.get(records, params={"cursor": str(int(latest) + 1)})
    assert ahead.status_code == 400 and f"latest change is {latest}" in ahead.json()["Message"], ahead.text
    assert account.get(records, params={"cursor": "\uff11"}).status_code == 400  # a fullwidth 1
    caught_up = account.get(records, params={"cursor": latest})
    assert caught_up.status_code == 200 and caught_up.json()["Records"] == []


def test_a_new_key_field_reads_the_list_again_under_the_new_keys(server: SwitchboardServer, sl: EmulatorServer) -> None:
    """Records keyed another way are other records: all added under the new keys, the old ones deleted, where
    the next incremental run used to add them beside the old copies."""
    account, connection = connected(server, sl, "Rekeyed")
    sync = account.post(syncs_url(connection), json={"Default": "people"}).json()
    first = wait_run(account, connection, sync["Id"], None)
    _, cursor = feed(account, connection, sync["Id"])
    changed = account.put(syncs_url(connection, sync["Id"]), json={"KeyField": "email_address"})
    assert changed.status_code == 200 and changed.json()["KeyField"] == "email_address", changed.text
    assert account.post(syncs_url(connection, sync["Id"], "run")).status_code == 202
    done = wait_run(account, connection, sync["Id"], first["LastRunAt"], until=lambda run: run["Confirming"])
    people = done["LastRun"]["Records"]
    assert done["LastRun"]["Deleted"] == people, done["LastRun"]  # every old key, confirmed by this full run
    changes, _ = feed(account, connection, sync["Id"], cursor)
    added = [key for action, key in changes_of(changes) if action == "added"]
    assert len(added) == people and all("@" in key for key in added)


def test_an_attempt_failing_before_its_first_page_is_counted(server: SwitchboardServer, sl: EmulatorServer) -> None:
    account, connection = connected(server, sl, "First page fails")
    emulator(sl).faults.arm(Fault("error", status=503, path_prefix="/v2/people", times=None))
    try:
        sync = account.post(syncs_url(connection), json={"Default": "people"}).json()
        first = wait_run(account, connection, sync["Id"], None)
        assert (first["LastRun"]["Outcome"], first["LastRun"]["Attempts"]) == ("failed", 1), first["LastRun"]
        assert account.post(syncs_url(connection, sync["Id"], "run")).status_code == 202
        second = wait_run(account, connection, sync["Id"], first["LastRunAt"])
        assert (second["LastRun"]["Outcome"], second["LastRun"]["Attempts"]) == ("failed", 2), second["LastRun"]
    finally:
        emulator(sl).faults.clear()
    assert account.post(syncs_url(connection, sync["Id"], "run")).status_code == 202
    done = wait_run(account, connection, sync["Id"], second["LastRunAt"])
    assert (done["LastRun"]["Outcome"], done["LastRun"]["Attempts"]) == ("completed", 3), done["LastRun"]
