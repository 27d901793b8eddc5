"""End to end: a Salesloft webhook subscription made through Switchboard, a person changed, the event received.

The partner creates the subscription at the Salesloft emulator with Switchboard's own method call
(the connector's "Raw HTTP request (advanced)": its catalogue is the seed's, which has no webhook
method), giving the connection's hook URL and token. The emulator signs each delivery the way
Salesloft documents; the partner's receiver gets ``provider.event``, verified with ``standardwebhooks``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import SwitchboardServer, server_env
from tests.integration import hook_helpers as h
from tests.webhook_receiver import Receiver


@pytest.fixture(scope="module")
def sl() -> Iterator[EmulatorServer]:
    server = EmulatorServer(SalesloftEmulator()).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("salesloft-hooks")
    s = SwitchboardServer(data_dir, server_env(data_dir, {"salesloft": sl.url}, **h.FAST)).start()
    yield s
    s.stop()


def test_person_change_reaches_the_partner(server: SwitchboardServer, sl: EmulatorServer, receiver: Receiver) -> None:
    emulator = sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    partner = server.new_partner("sl-e2e")
    h.subscribe(partner, receiver, "sl-e2e")
    account = partner.new_account()
    connection = h.install(account, partner, "salesloft", AuthValue=emulator.api_key)
    shown = h.connection(account, connection)
    methods = account.methods("salesloft")
    base = f"/v1.0/account/connectors/{connection}/methods"

    raw = methods["Raw HTTP request (advanced)"]["MethodUniqueIdentifier"]
    subscription = {
        "callback_url": shown["HookUrl"],
        "callback_token": shown["HookToken"],
        "event_type": "person_updated",
    }
    request = {"method": "POST", "url": {"endpoint": "/v2/webhook_subscriptions"}, "body": subscription}
    created = account.post(f"{base}/{raw}/body", json={"RequestBody": json.dumps(request)})
    assert created.status_code == 200, created.text
    assert "person_updated" in created.text

    (person,) = emulator.seed("people", 1)
    update = methods["Update person"]["MethodUniqueIdentifier"]
    body = {"Parameters": {"person_id": person["id"]}, "RequestBody": json.dumps({"title": "Chief Hook Officer"})}
    changed = account.post(f"{base}/{update}/body", json=body)
    assert changed.status_code == 200, changed.text

    got = receiver.wait_for(
        "sl-e2e", lambda e: e.type == "provider.event" and e.data["AccountConnectorId"] == connection
    )
    assert got.verified and got.data["EventType"] == "person_updated"
    assert got.data["Payload"]["id"] == person["id"] and got.data["Payload"]["title"] == "Chief Hook Officer"
    assert got.data["AccountId"] == account.api_id and got.data["ConnectorKey"] == "salesloft"
    assert any(outcome == 200 for _, event, outcome in emulator.webhooks.delivered if event == "person_updated")
