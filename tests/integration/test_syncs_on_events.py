"""A provider event runs its connection's syncs at once: a Salesloft webhook, then the change in the feed.

The sync runs weekly, so only the event can explain a second run within seconds. The customer
changes a person at the Salesloft emulator; the emulator signs and sends ``person_updated`` to
the connection's hook URL; Switchboard verifies and routes it, asks the connection's syncs for
an incremental run, and the feed shows the renamed person.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import SwitchboardServer, server_env
from tests.integration import hook_helpers as h
from tests.integration.test_syncs import FAST, feed, syncs_url, upstream, wait_run

WEEK = 7 * 24 * 60


@pytest.fixture(scope="module")
def sl() -> Iterator[EmulatorServer]:
    server = EmulatorServer(SalesloftEmulator()).start()
    assert isinstance(server.emulator, SalesloftEmulator)
    server.emulator.seed("people", 30)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("syncs-on-events")
    s = SwitchboardServer(data_dir, server_env(data_dir, {"salesloft": sl.url}, **{**FAST, **h.FAST})).start()
    yield s
    s.stop()


def test_a_provider_event_runs_the_sync_within_seconds(server: SwitchboardServer, sl: EmulatorServer) -> None:
    emulator = sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    partner = server.new_partner("events-sync")
    account = partner.new_account()
    connection = h.install(account, partner, "salesloft", AuthValue=emulator.api_key)
    created = account.post(syncs_url(connection), json={"Default": "people", "FrequencyMinutes": WEEK})
    assert created.status_code == 201, created.text
    sync = created.json()
    first = wait_run(account, connection, sync["Id"], None)
    assert first["LastRun"]["Outcome"] == "completed" and first["LastRun"]["Added"] == 30, first
    _, cursor = feed(account, connection, sync["Id"])

    # The partner subscribes the connection's hook URL at Salesloft, through Switchboard's own method.
    shown = h.connection(account, connection)
    raw = account.methods("salesloft")["Raw HTTP request (advanced)"]["MethodUniqueIdentifier"]
    subscription = {"callback_url": shown["HookUrl"], "callback_token": shown["HookToken"],
                    "event_type": "person_updated"}  # fmt: skip
    request = {"method": "POST", "url": {"endpoint": "/v2/webhook_subscriptions"}, "body": subscription}
    made = account.post(
        f"/v1.0/account/connectors/{connection}/methods/{raw}/body", json={"RequestBody": json.dumps(request)}
    )
    assert made.status_code == 200, made.text

    # The customer renames a person in their Salesloft; no one asks Switchboard to run the sync.
    changed_at = time.monotonic()
    with upstream(sl) as api:
        assert api.put("/v2/people/5", json={"first_name": "Pushed"}).status_code == 200
    second = wait_run(account, connection, sync["Id"], first["LastRunAt"], timeout=15)
    took = time.monotonic() - changed_at
    assert second["LastRun"]["Outcome"] == "completed" and second["LastRun"]["Full"] is False, second
    assert took < 10, f"the event-driven run ended {took:.1f} s after the change"
    records, _ = feed(account, connection, sync["Id"], cursor)
    assert [(r["_switchboard"]["Action"], r["_switchboard"]["Key"], r["first_name"]) for r in records] == [
        ("updated", "5", "Pushed")
    ]
    assert any(event == "person_updated" and outcome == 200 for _, event, outcome in emulator.webhooks.delivered)
    metrics = httpx.get(f"{server.url}/metrics").text
    assert 'switchboard_sync_event_runs_total{connector="salesloft"} 1.0' in metrics


def test_an_event_runs_only_its_own_connections_syncs(server: SwitchboardServer, sl: EmulatorServer) -> None:
    emulator = sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    partner = server.new_partner("events-elsewhere")
    account = partner.new_account()
    quiet = h.install(account, partner, "salesloft", AuthValue=emulator.api_key)
    synced = h.install(account, partner, "salesloft", AuthValue=emulator.api_key)
    created = account.post(syncs_url(synced), json={"Default": "people", "FrequencyMinutes": WEEK})
    assert created.status_code == 201, created.text
    sync_id = created.json()["Id"]
    first = wait_run(account, synced, sync_id, None)

    def send(connection_id: int) -> None:
        shown = h.connection(account, connection_id)
        body = h.encode({"id": 5, "first_name": f"Signed for {connection_id}"})  # no id: deduplicated by body
        headers = h.salesloft(shown["HookToken"], body, "person_updated")
        answer = h.post(server, h.path_of(server, shown["HookUrl"]), body, headers)
        assert answer.status_code == 200, answer.text

    send(quiet)  # a signed event for the connection without syncs
    time.sleep(1.5)  # longer than an event-driven run takes (the test above: well under a second)
    assert account.get(syncs_url(synced, sync_id)).json()["LastRunAt"] == first["LastRunAt"]
    send(synced)
    second = wait_run(account, synced, sync_id, first["LastRunAt"], timeout=10)
    assert second["LastRun"]["Outcome"] == "completed" and second["LastRun"]["Full"] is False, second
