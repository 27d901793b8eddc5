"""A default sync of an imported connector over real HTTP: Constant Contact's contacts, paged by
cursor links, changes asked for with ``updated_after``; records changed through the API between runs."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.harness import SwitchboardServer, server_env
from tests.integration.test_constant_contact import _burst, call, connect
from tests.integration.test_syncs import changes_of, feed, syncs_url, wait_run

SEEDED = 120


@pytest.fixture(scope="module")
def cc() -> Iterator[EmulatorServer]:
    server = EmulatorServer(ConstantContactEmulator()).start()
    assert isinstance(server.emulator, ConstantContactEmulator)
    server.emulator.seed("contacts", SEEDED)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, cc: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("syncs-cc")
    env = server_env(data_dir, {"constant_contact": cc.url}, SWITCHBOARD_SYNC_POLL_SECONDS="0.2")
    s = SwitchboardServer(data_dir, env).start()
    yield s
    s.stop()


def test_contacts_sync_reads_cursor_pages_then_only_the_changes(server: SwitchboardServer, cc: EmulatorServer) -> None:
    emulator = cc.emulator
    assert isinstance(emulator, ConstantContactEmulator)
    account, connection = connect(server.new_partner("CC syncs"), emulator)
    created = account.post(syncs_url(connection), json={"Default": "contacts", "Parameters": {"limit": 50}})
    assert created.status_code == 201, created.text
    sync = created.json()
    assert sync["Cursor"]["Parameter"] == "updated_after" and sync["KeyField"] == "contact_id"
    first = wait_run(account, connection, sync["Id"], None)
    assert first["LastRun"]["Outcome"] == "completed", first["LastRun"]
    assert (first["LastRun"]["Added"], first["LastRun"]["Pages"]) == (SEEDED, 3)
    pages = [r for r in emulator.requests.all() if r.path == "/v3/contacts"]
    assert all("cursor" in dict(r.query) for r in pages[1:3])  # the next pages by their links
    records, cursor = feed(account, connection, sync["Id"])
    assert len({r["_switchboard"]["Key"] for r in records}) == SEEDED

    contacts = emulator.records("contacts")
    changed, gone = contacts[5]["contact_id"], contacts[7]["contact_id"]
    body = {
        "email_address": {"address": "new@example.com", "permission_to_send": "implicit"},
        "create_source": "Account",
    }
    new = call(account, connection, "Create contact", RequestBody=json.dumps({**body, "first_name": "New"}))
    assert new.status_code == 200, new.text
    update = {"email_address": {"address": contacts[5]["email_address"]["address"]}, "first_name": "Renamed",
              "update_source": "Account"}  # fmt: skip
    updated = call(
        account, connection, "Update contact", Mergefields={"contact_id": changed}, RequestBody=json.dumps(update)
    )
    assert updated.status_code == 200, updated.text
    deleted = call(account, connection, "Delete contact", Mergefields={"contact_id": gone})
    assert deleted.status_code in (200, 204), deleted.text

    emulator.requests.clear()
    assert account.post(syncs_url(connection, sync["Id"], "run")).status_code == 202
    second = wait_run(account, connection, sync["Id"], first["LastRunAt"])
    assert second["LastRun"]["Full"] is False, second["LastRun"]
    asked = [r for r in emulator.requests.all() if r.path == "/v3/contacts"]
    assert [bool(r.query_values("updated_after")) for r in asked] == [True]
    records, cursor = feed(account, connection, sync["Id"], cursor)
    assert changes_of(records) == sorted([("added", new.json()["contact_id"]), ("updated", changed)])

    assert account.post(syncs_url(connection, sync["Id"], "run"), json={"Reset": True}).status_code == 202
    # The reset run misses the deleted contact; the full run after it, at once, confirms it.
    third = wait_run(account, connection, sync["Id"], second["LastRunAt"], until=lambda run: run["Confirming"])
    assert third["LastRun"]["Full"] is True and third["LastRun"]["Deleted"] == 1
    records, _ = feed(account, connection, sync["Id"], cursor)
    assert changes_of(records) == [("deleted", gone)]


def test_live_calls_during_a_sync_at_the_rate_limit_get_no_429(server: SwitchboardServer, cc: EmulatorServer) -> None:
    emulator = cc.emulator
    assert isinstance(emulator, ConstantContactEmulator)
    emulator.seed("contacts", 400)
    # An app of its own: the provider counts per app, and the other test's sync (another partner,
    # so another window here) may run again on its schedule meanwhile.
    emulator.register_client("busy-app", "busy-secret")
    account, connection = connect(server.new_partner("CC busy"), emulator, ("busy-app", "busy-secret"))
    throttled = emulator.throttled_count
    sync = account.post(syncs_url(connection), json={"Default": "contacts", "Parameters": {"limit": 25}}).json()
    deadline = time.monotonic() + 20
    while (account.get(syncs_url(connection, sync["Id"])).json().get("Running") or {}).get("Pages", 0) < 2:
        assert time.monotonic() < deadline, "the sync did not start paging"
        time.sleep(0.05)
    # While the sync pages at the provider's 4 requests a second, the partner makes calls of its own.
    started = time.monotonic()
    responses = asyncio.run(_burst(account, connection, "Get account summary", 12))
    elapsed = time.monotonic() - started
    assert [r.status_code for r in responses] == [200] * 12
    running = account.get(syncs_url(connection, sync["Id"])).json()
    assert running["State"] == "running", "the sync ended before the calls: nothing was shared"
    done = wait_run(account, connection, sync["Id"], None, timeout=60)
    assert done["LastRun"]["Outcome"] == "completed"
    assert emulator.throttled_count == throttled  # not one 429 from the provider, to the sync or the calls
    assert elapsed < 12 / 4 + 3, elapsed  # the calls were not queued behind the sync's pages
