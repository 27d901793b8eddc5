"""Syncs over real HTTP: records read from the Salesloft emulator, changes made there between runs,
the feed and the webhooks checked for exactly those changes; failures and restarts mid-run."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, SwitchboardServer, server_env
from tests.webhook_receiver import Receiver

PEOPLE = 450  # five pages of 100
FAST = {
    "SWITCHBOARD_SYNC_POLL_SECONDS": "0.2",
    "SWITCHBOARD_SYNC_RETRY_SECONDS": "600",  # a failed run waits for the test to ask again
    "SWITCHBOARD_SYNC_LEASE_SECONDS": "3",
    "SWITCHBOARD_WEBHOOK_POLL_SECONDS": "0.1",
    "SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE": "[0.3, 0.3]",
    "SWITCHBOARD_HEALTH_POLL_SECONDS": "3600",
}


@pytest.fixture(scope="module")
def sl() -> Iterator[EmulatorServer]:
    server = EmulatorServer(SalesloftEmulator()).start()
    emulator(server).seed("people", PEOPLE)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("syncs")
    s = SwitchboardServer(data_dir, server_env(data_dir, {"salesloft": sl.url}, **FAST)).start()
    yield s
    s.stop()


def emulator(server: EmulatorServer) -> SalesloftEmulator:
    assert isinstance(server.emulator, SalesloftEmulator)
    return server.emulator


def upstream(sl: EmulatorServer) -> httpx.Client:
    """A client of the emulator itself: the customer changing records in their Salesloft."""
    return httpx.Client(base_url=sl.url, headers={"Authorization": f"Bearer {emulator(sl).api_key}"}, timeout=10)


def connected(server: SwitchboardServer, sl: EmulatorServer, name: str) -> tuple[Account, int]:
    account = server.new_partner(name).new_account()
    return account, account.install("salesloft", AuthValue=emulator(sl).api_key)


def syncs_url(connection: int, *rest: object) -> str:
    return "/".join([f"/v1.0/account/connectors/{connection}/syncs", *(str(r) for r in rest)])


def wait_run(
    account: Account,
    connection: int,
    sync_id: int,
    runs_before: str | None,
    timeout: float = 30,
    until: Callable[[dict[str, Any]], bool] = lambda run: True,
) -> dict[str, Any]:
    """The sync once a run newer than ``runs_before`` (a LastRunAt) has ended (and its ``LastRun`` is ``until``'s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body: dict[str, Any] = account.get(syncs_url(connection, sync_id)).json()
        ended = body["LastRunAt"] != runs_before and body["LastRun"] is not None and body["State"] != "running"
        if ended and until(body["LastRun"]):
            return body
        time.sleep(0.1)
    raise AssertionError(f"no run ended within {timeout} s: {body}")


def feed(
    account: Account, connection: int, sync_id: int, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str]:
    """Every change after ``cursor``, paged 100 at a time as a partner would."""
    records: list[dict[str, Any]] = []
    while True:
        params: dict[str, Any] = {"limit": 100}
        if cursor is not None:
            params["cursor"] = cursor
        answer = account.get(syncs_url(connection, sync_id, "records"), params=params)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        records += body["Records"]
        cursor = body["NextCursor"]
        if not body["HasMore"]:
            return records, cursor


def changes_of(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((r["_switchboard"]["Action"], r["_switchboard"]["Key"]) for r in records)


def test_first_run_then_exactly_the_changes_made_at_the_provider(
    server: SwitchboardServer, sl: EmulatorServer, receiver: Receiver
) -> None:
    account, connection = connected(server, sl, "Feed")
    hook = account.partner.http.post(
        "/v1.0/webhooks",
        json={
            "Url": receiver.url("feed"),
            "Events": ["sync.completed", "record.created", "record.updated", "record.deleted"],
        },
    )
    assert hook.status_code == 201, hook.text
    receiver.secrets["feed"] = hook.json()["Secret"]

    created = account.post(syncs_url(connection), json={"Default": "people"})
    assert created.status_code == 201, created.text
    sync = created.json()
    assert sync["Name"] == "people" and sync["Cursor"]["Parameter"] == "updated_at[gt]"
    first = wait_run(account, connection, sync["Id"], None)
    assert first["LastRun"]["Outcome"] == "completed", first
    assert (first["LastRun"]["Added"], first["LastRun"]["Pages"], first["LastRun"]["Full"]) == (PEOPLE, 5, True)
    records, cursor = feed(account, connection, sync["Id"])
    assert len(records) == PEOPLE and {r["_switchboard"]["Action"] for r in records} == {"added"}
    assert len({r["_switchboard"]["Key"] for r in records}) == PEOPLE
    assert records[0]["email_address"]  # the provider's JSON, as it came
    completed = receiver.wait_for("feed", lambda e: e.type == "sync.completed" and e.data["SyncId"] == sync["Id"])
    assert completed.data["Added"] == PEOPLE and completed.data["CursorTo"] == cursor
    batches = [e for e in receiver.events("feed") if e.type == "record.created" and e.data["SyncId"] == sync["Id"]]
    assert sum(len(e.data["Records"]) for e in batches) == PEOPLE and all(
        len(e.data["Records"]) <= 100 for e in batches
    )

    # The customer changes their Salesloft: two new people, one renamed, one deleted.
    with upstream(sl) as api:
        new = [
            api.post("/v2/people", json={"email_address": f"new{i}@example.com", "first_name": "New"}).json()["data"][
                "id"
            ]
            for i in range(2)
        ]
        assert api.put("/v2/people/7", json={"first_name": "Renamed"}).status_code == 200
        assert api.delete("/v2/people/9").status_code == 204
    emulator(sl).requests.clear()
    ran = account.post(syncs_url(connection, sync["Id"], "run"))
    assert ran.status_code == 202, ran.text
    second = wait_run(account, connection, sync["Id"], first["LastRunAt"])
    assert second["LastRun"]["Outcome"] == "completed" and second["LastRun"]["Full"] is False
    asked = [r for r in emulator(sl).requests.all() if r.path == "/v2/people"]
    assert len(asked) == 1 and asked[0].query_values("updated_at[gt]"), asked  # changes only: one page
    records, cursor = feed(account, connection, sync["Id"], cursor)
    assert changes_of(records) == sorted([("added", str(new[0])), ("added", str(new[1])), ("updated", "7")])
    assert next(r for r in records if r["_switchboard"]["Key"] == "7")["first_name"] == "Renamed"

    # A reset reads everything again: only the deletion is new. One full run's miss is pending; the full run
    # that follows at once, missing it too, deletes it.
    reset = account.post(syncs_url(connection, sync["Id"], "run"), json={"Reset": True})
    assert reset.status_code == 202, reset.text
    third = wait_run(account, connection, sync["Id"], second["LastRunAt"], until=lambda run: run["Confirming"])
    assert third["LastRun"]["Full"] is True and third["LastRun"]["Pages"] == 5 and third["LastRun"]["Deleted"] == 1
    receiver.wait_for("feed", lambda e: e.type == "sync.completed" and e.data["Confirming"])  # webhooks come later
    done = [e.data for e in receiver.events("feed") if e.type == "sync.completed" and e.data["SyncId"] == sync["Id"]]
    assert [(d["Reset"], d["Deleted"], d["DeletionsPending"], d["Confirming"]) for d in done[-2:]] == [
        (True, 0, 1, False),
        (False, 1, 0, True),
    ], done
    records, cursor = feed(account, connection, sync["Id"], cursor)
    assert changes_of(records) == [("deleted", "9")]
    assert records[0]["_switchboard"]["DeletedAt"] is not None
    gone = receiver.wait_for("feed", lambda e: e.type == "record.deleted" and e.data["SyncId"] == sync["Id"])
    assert [r["Key"] for r in gone.data["Records"]] == ["9"] and gone.data["Records"][0]["Record"]["id"] == 9

    # The call log shows each run's upstream requests as one call of kind sync; /metrics counts runs.
    deadline = time.monotonic() + 10
    while True:
        calls = account.get(f"/v1.0/account/connectors/{connection}/calls").json()["Calls"]
        if len(calls) >= 4 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert {c["Kind"] for c in calls} == {"sync"} and sorted(c["Pages"] for c in calls)[-4:] == [1, 5, 5, 5], calls
    metrics = httpx.get(f"{server.url}/metrics").text
    assert 'switchboard_sync_runs_total{connector="salesloft",outcome="completed"}' in metrics
    assert 'switchboard_sync_records_changed_total{action="added",connector="salesloft"}' in metrics

    # Nothing changed: nothing to read.
    again = account.post(syncs_url(connection, sync["Id"], "run"))
    assert again.status_code == 202
    wait_run(account, connection, sync["Id"], third["LastRunAt"])
    assert feed(account, connection, sync["Id"], cursor) == ([], cursor)


def test_a_run_failing_at_page_three_deletes_nothing_and_resumes_there(
    server: SwitchboardServer, sl: EmulatorServer, receiver: Receiver
) -> None:
    account, connection = connected(server, sl, "Failing")
    hook = account.partner.http.post("/v1.0/webhooks", json={"Url": receiver.url("failing"), "Events": ["sync.failed"]})
    receiver.secrets["failing"] = hook.json()["Secret"]
    sync = account.post(
        syncs_url(connection),
        json={"Name": "everyone", "MethodUniqueIdentifier": "724da6d2-7e2f-429a-a60b-26062c811f68"},
    ).json()
    first = wait_run(account, connection, sync["Id"], None)
    _, cursor = feed(account, connection, sync["Id"])
    emulator(sl).faults.arm(Fault("error", status=503, path_prefix="/v2/people", skip=2, times=None))
    try:
        assert account.post(syncs_url(connection, sync["Id"], "run")).status_code == 202
        failed = wait_run(account, connection, sync["Id"], first["LastRunAt"])
    finally:
        emulator(sl).faults.clear()
    assert failed["State"] == "failing" and failed["LastRun"]["Outcome"] == "failed", failed
    assert failed["LastRun"]["Pages"] == 2 and "503" in failed["LastRun"]["Error"] + str(failed["LastRun"])
    assert feed(account, connection, sync["Id"], cursor) == ([], cursor)  # nothing deleted, nothing changed
    told = receiver.wait_for("failing", lambda e: e.type == "sync.failed" and e.data["SyncId"] == sync["Id"])
    assert "503" in told.data["Error"] and told.data["NextAttemptAt"] and told.data["Failures"] == 1

    emulator(sl).requests.clear()
    assert account.post(syncs_url(connection, sync["Id"], "run")).status_code == 202
    done = wait_run(account, connection, sync["Id"], failed["LastRunAt"])
    assert done["LastRun"]["Outcome"] == "completed" and done["LastRun"]["Attempts"] == 2
    pages = [r.query_values("page") for r in emulator(sl).requests.all() if r.path == "/v2/people"]
    assert pages == [["3"], ["4"], ["5"]]  # from the checkpoint on
    assert feed(account, connection, sync["Id"], cursor) == ([], cursor)


def test_validation_answers_400_with_what_to_fix(server: SwitchboardServer, sl: EmulatorServer) -> None:
    account, connection = connected(server, sl, "Validation")
    cases = [
        ({"Default": "nope"}, "no default sync 'nope'"),
        ({"Name": "x"}, "MethodUniqueIdentifier is required"),
        ({"Name": "x", "MethodUniqueIdentifier": "not-a-uuid"}, "MethodUniqueIdentifier must be a UUID"),
        ({"Default": "people", "ExcludeFromHash": ["bad path!"]}, "ExcludeFromHash[0] must be a record field's path"),
        ({"Name": "Bad Name", "MethodUniqueIdentifier": "724da6d2-7e2f-429a-a60b-26062c811f68"}, "Name"),
        ({"Default": "people", "FrequencyMinutes": 0}, "FrequencyMinutes"),
        ({"Default": "people", "FrequencyMinutes": 20000}, "FrequencyMinutes"),
        ({"Default": "people", "Parameters": {"nope": 1}}, "Unknown argument nope"),
        ({"Default": "people", "Deletes": {"Mode": "flag"}}, "flag needs the field"),
        # Get person is not a paged list.
        (
            {
                "Name": "one",
                "MethodUniqueIdentifier": account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"],
            },
            "not a paged list",
        ),
    ]
    for body, words in cases:
        answer = account.post(syncs_url(connection), json=body)
        assert answer.status_code == 400, (body, answer.text)
        assert words in answer.json()["Message"], (body, answer.text)
    sync = account.post(syncs_url(connection), json={"Default": "people", "Enabled": False}).json()
    assert account.post(syncs_url(connection), json={"Default": "people"}).status_code == 409
    assert account.post(syncs_url(connection, sync["Id"], "run")).status_code == 409  # disabled
    bad_cursor = account.get(syncs_url(connection, sync["Id"], "records"), params={"cursor": "abc"})
    assert bad_cursor.status_code == 400 and "NextCursor" in bad_cursor.json()["Message"]
    bad_changes = account.get(syncs_url(connection, sync["Id"], "records"), params={"changes": "added,moved"})
    assert bad_changes.status_code == 400 and "moved" in bad_changes.json()["Message"]
    assert account.get(syncs_url(connection, 999999)).status_code == 404
    other, other_connection = connected(server, sl, "Other")
    assert other.get(syncs_url(other_connection, sync["Id"])).status_code == 404  # not theirs
    edited = account.put(syncs_url(connection, sync["Id"]), json={"FrequencyMinutes": 5, "Enabled": True})
    assert edited.status_code == 200 and edited.json()["FrequencyMinutes"] == 5 and edited.json()["Enabled"]
    listed = account.get(syncs_url(connection)).json()
    assert [s["Id"] for s in listed] == [sync["Id"]]  # an edit is the same schedule, not a second one
    assert account.delete(syncs_url(connection, sync["Id"])).status_code == 204
    assert account.get(syncs_url(connection, sync["Id"])).status_code == 404


def test_a_killed_run_resumes_from_its_checkpoint_without_gap_or_duplicate(tmp_path: Path, sl: EmulatorServer) -> None:
    own = SwitchboardServer(tmp_path, server_env(tmp_path, {"salesloft": sl.url}, **FAST)).start()
    try:
        account, connection = connected(own, sl, "Killed")
        emulator(sl).faults.arm(Fault("slow", path_prefix="/v2/people", skip=2, times=1, delay=5.0))
        sync = account.post(syncs_url(connection), json={"Default": "people"}).json()
        deadline = time.monotonic() + 20
        while (account.get(syncs_url(connection, sync["Id"])).json().get("Running") or {}).get("Pages") != 2:
            assert time.monotonic() < deadline, "the run did not reach page 2"
            time.sleep(0.05)
        assert own.process is not None
        own.process.send_signal(signal.SIGKILL)  # mid-way: page 3 is on the wire
        own.process.wait(timeout=10)
        emulator(sl).faults.clear()
        emulator(sl).requests.clear()
        own.start()  # the lease of the dead process runs out; the new one takes the run over
        done = wait_run(account, connection, sync["Id"], None)
        assert done["LastRun"]["Outcome"] == "completed" and done["LastRun"]["Attempts"] == 2, done["LastRun"]
        pages = [r.query_values("page") for r in emulator(sl).requests.all() if r.path == "/v2/people"]
        assert pages == [["3"], ["4"], ["5"]]
        records, _ = feed(account, connection, sync["Id"])
        keys = [r["_switchboard"]["Key"] for r in records]
        people = len(emulator(sl).records("people"))
        assert len(keys) == len(set(keys)) == people == done["LastRun"]["Added"]
    finally:
        own.stop()


def test_a_record_changed_during_a_long_run_is_caught_by_the_next(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    account, connection = connected(server, sl, "Long run")
    accounts = emulator(sl).seed("accounts", 50)
    first_id, last_id = accounts[0]["id"], accounts[-1]["id"]
    # In creation order, ten a page: a change moves no account to another page. The run reads the
    # last account after its change, the first before it; the next run must still ask for the first.
    body = {
        "Default": "accounts",
        "Parameters": {"sort_by": "created_at", "sort_direction": "ASC", "per_page": 10},
    }
    emulator(sl).faults.arm(Fault("slow", path_prefix="/v2/accounts", skip=2, times=1, delay=2.0))
    sync = account.post(syncs_url(connection), json=body).json()
    deadline = time.monotonic() + 20
    while (account.get(syncs_url(connection, sync["Id"])).json().get("Running") or {}).get("Pages") != 2:
        assert time.monotonic() < deadline, "the run did not reach page 2"
        time.sleep(0.05)
    with upstream(sl) as api:  # while page 3 is on its way: one read already, then one not yet read
        assert api.put(f"/v2/accounts/{first_id}", json={"name": "Changed mid-run"}).status_code == 200
        time.sleep(0.01)
        assert api.put(f"/v2/accounts/{last_id}", json={"name": "Changed later"}).status_code == 200
    first = wait_run(account, connection, sync["Id"], None)
    emulator(sl).faults.clear()
    records, cursor = feed(account, connection, sync["Id"])
    by_key = {r["_switchboard"]["Key"]: r for r in records}
    assert by_key[str(last_id)]["name"] == "Changed later"  # read after its change
    assert by_key[str(first_id)]["name"] != "Changed mid-run"  # read before its change
    assert account.post(syncs_url(connection, sync["Id"], "run")).status_code == 202
    second = wait_run(account, connection, sync["Id"], first["LastRunAt"])
    assert second["LastRun"]["Full"] is False
    records, _ = feed(account, connection, sync["Id"], cursor)
    assert changes_of(records) == [("updated", str(first_id))]
    assert records[0]["name"] == "Changed mid-run"


def test_a_429_pauses_the_sync_until_the_reset_then_it_resumes_by_itself(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    account, connection = connected(server, sl, "Rate limited")
    emulator(sl).faults.arm(Fault("rate_limited", path_prefix="/v2/people", skip=1, times=None, retry_after="3"))
    try:
        sync = account.post(syncs_url(connection), json={"Default": "people"}).json()
        deadline = time.monotonic() + 30
        while (state := account.get(syncs_url(connection, sync["Id"])).json())["State"] != "paused":
            assert time.monotonic() < deadline, state
            time.sleep(0.1)
        assert "rate limit" in state["PausedReason"] and state["Running"]["Pages"] == 1, state
        asked = account.post(syncs_url(connection, sync["Id"], "run"))  # a run asked for does not cut the wait
        assert asked.status_code == 202 and asked.json()["State"] == "paused"
        assert asked.json()["NextRunAt"] == state["NextRunAt"], (asked.json(), state)
    finally:
        emulator(sl).faults.clear()
    done = wait_run(account, connection, sync["Id"], None, timeout=40)  # it resumes by itself
    assert done["LastRun"]["Outcome"] == "completed" and done["LastRun"]["Attempts"] == 2, done["LastRun"]
    assert done["State"] == "idle" and done["PausedReason"] is None


def test_a_connection_needing_reauthorisation_pauses_its_syncs_until_signed_in_again(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    from tests.integration.test_oauth import TARGET, browse, sign_in_url
    from tests.integration.test_webhooks import connect as sign_in
    from tests.integration.test_webhooks import oauth_partner

    account = oauth_partner(server, sl, "Re-authorised").new_account()
    connection = sign_in(account)
    sync = account.post(syncs_url(connection), json={"Default": "people"}).json()
    first = wait_run(account, connection, sync["Id"], None)
    assert first["LastRun"]["Outcome"] == "completed"
    emulator(sl).revoke_refresh_tokens()
    emulator(sl).expire_access_tokens()
    method = account.methods("salesloft")["List people (DDL)"]["MethodUniqueIdentifier"]
    refused = account.post(f"/v1.0/account/connectors/{connection}/methods/{method}", json={})
    assert refused.status_code == 409, refused.text  # the refresh token is dead: needs re-authorisation
    deadline = time.monotonic() + 10
    while (state := account.get(syncs_url(connection, sync["Id"])).json())["State"] != "paused":
        assert time.monotonic() < deadline, state
        time.sleep(0.1)
    assert "re-authorisation" in state["PausedReason"]
    assert account.post(syncs_url(connection, sync["Id"], "run")).status_code == 202
    time.sleep(1.5)  # asked to run, but not while the connection cannot call
    assert account.get(syncs_url(connection, sync["Id"])).json()["LastRunAt"] == first["LastRunAt"]

    final, page = browse(sign_in_url(account, connection))  # the user signs in again
    assert page is None and final.startswith(TARGET)
    resumed = wait_run(account, connection, sync["Id"], first["LastRunAt"])
    assert resumed["LastRun"]["Outcome"] == "completed" and resumed["PausedReason"] is None
    listed = account.get(syncs_url(connection)).json()
    assert [s["Id"] for s in listed] == [sync["Id"]]  # re-authorising made no second schedule
