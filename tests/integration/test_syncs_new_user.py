"""Syncs as a new user met them: a cursor parameter the method does not take is a 400 (it would be
sent, ignored, and every "incremental" run would read it all), and ``switchboard syncs run`` names
its data folder once however long it watches the run."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import SwitchboardServer, server_env
from tests.integration.test_syncs import FAST, connected, feed, syncs_url, wait_run


@pytest.fixture(scope="module")
def sl() -> Iterator[EmulatorServer]:
    server = EmulatorServer(SalesloftEmulator()).start()
    assert isinstance(server.emulator, SalesloftEmulator)
    server.emulator.seed("accounts", 30)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("syncs-new-user")
    s = SwitchboardServer(data_dir, server_env(data_dir, {"salesloft": sl.url}, **FAST)).start()
    yield s
    s.stop()


def test_a_cursor_parameter_the_method_cannot_carry_is_a_400_naming_the_ones_it_can(
    server: SwitchboardServer, sl: EmulatorServer
) -> None:
    account, connection = connected(server, sl, "Cursor")
    methods = account.methods("salesloft")
    accounts = methods["List accounts"]["MethodUniqueIdentifier"]
    notes = methods["List notes (DDL)"]["MethodUniqueIdentifier"]  # paged, no query parameter at all
    own = {"Name": "mine", "MethodUniqueIdentifier": accounts}
    listed = "use one of: updated_at[<key>]"
    cases = [
        ({**own, "Cursor": {"Parameter": "nope", "Field": "updated_at"}}, ["Cursor.Parameter 'nope'", listed]),
        ({**own, "Cursor": {"Parameter": "page"}}, ["'page'", listed]),  # the paginator's own
        ({**own, "Cursor": {"Parameter": "sort_by"}}, ["'sort_by'", listed]),  # one of fixed values
        ({**own, "Cursor": {"Parameter": "updated_at"}}, ["'updated_at'", listed]),  # an object: name one key
        ({"Default": "accounts", "Cursor": {"Parameter": "updated_since"}}, ["'updated_since'", "'List accounts'"]),
        (
            {"Name": "notes", "MethodUniqueIdentifier": notes, "Cursor": {"Parameter": "updated_at[gt]"}},
            ["method 'List notes (DDL)' has no query parameter that can carry a cursor; leave the cursor out"],
        ),
    ]
    for body, words in cases:
        answer = account.post(syncs_url(connection), json=body)
        assert answer.status_code == 400, (body, answer.text)
        assert all(w in answer.json()["Message"] for w in words), (body, answer.text)
    assert account.get(syncs_url(connection)).json() == []  # none of them was made

    # Any key of the object goes (the provider names them); an edit is checked the same way.
    made = account.post(
        syncs_url(connection), json={**own, "Cursor": {"Parameter": "updated_at[gte]"}, "Enabled": False}
    )
    assert made.status_code == 201, made.text
    sync = made.json()
    edited = account.put(syncs_url(connection, sync["Id"]), json={"Cursor": {"Parameter": "nope"}})
    assert edited.status_code == 400 and "Cursor.Parameter 'nope'" in edited.json()["Message"], edited.text
    assert listed in edited.json()["Message"]
    assert account.get(syncs_url(connection, sync["Id"])).json()["Cursor"]["Parameter"] == "updated_at[gte]"
    fixed = account.put(syncs_url(connection, sync["Id"]), json={"Cursor": {"Parameter": "updated_at[gt]"}})
    assert fixed.status_code == 200 and fixed.json()["Cursor"]["Parameter"] == "updated_at[gt]", fixed.text


def test_syncs_run_names_its_data_folder_once(server: SwitchboardServer, sl: EmulatorServer) -> None:
    account, connection = connected(server, sl, "Command line once")
    sync = account.post(syncs_url(connection), json={"Default": "accounts"}).json()
    wait_run(account, connection, sync["Id"], None)
    ran = subprocess.run(
        [sys.executable, "-m", "switchboard", "syncs", "run", str(sync["Id"]), "--reset", "--timeout", "30"],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert "Completed: +0 ~0 -0" in ran.stdout, ran.stdout
    # It looks at the run every half second; the data folder is one, told once.
    assert ran.stderr.count("Data: ") == 1, ran.stderr
    assert f"Data: {server.data_dir.resolve()}" in ran.stderr, ran.stderr


def test_the_default_people_sync_reads_list_people(server: SwitchboardServer, sl: EmulatorServer) -> None:
    """The plain list, not the DDL the seed catalogue once offered alone: its records, paged and counted."""
    emulator = sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    people = {str(p["id"]) for p in emulator.seed("people", 150)}
    account, connection = connected(server, sl, "People")
    mark = len(emulator.requests.all())
    created = account.post(syncs_url(connection), json={"Default": "people"})
    assert created.status_code == 201, created.text
    sync = created.json()
    plain = account.methods("salesloft")["List people"]
    assert (sync["MethodName"], sync["MethodUniqueIdentifier"]) == ("List people", plain["MethodUniqueIdentifier"])
    run = wait_run(account, connection, sync["Id"], None)["LastRun"]
    assert (run["Outcome"], run["Added"], run["Pages"], run["Full"]) == ("completed", 150, 2, True), run
    asked = [r for r in emulator.requests.all()[mark:] if r.path == "/v2/people"]
    assert [r.query_values("page") for r in asked] == [["1"], ["2"]], asked
    assert all(r.query_values("include_paging_counts") == ["true"] for r in asked)
    records, _ = feed(account, connection, sync["Id"])
    assert {r["_switchboard"]["Key"] for r in records} == people
    assert all(r["email_address"] for r in records)  # the provider's person, as it came
