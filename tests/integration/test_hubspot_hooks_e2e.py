"""End to end at the partner's URL: HubSpot's spec emulator sends app webhooks when a contact is made.

The partner registers its hook URL in the (emulated) HubSpot app settings; a customer signs in
with OAuth (its portal id is read then); a contact created through Switchboard's own method makes
the emulator send a batch signed with HubSpot's v3 signature and the app's client secret; the
partner's receiver gets ``provider.event`` for that connection, verified with ``standardwebhooks``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from switchboard_emulators import VENDORS, EmulatorServer
from switchboard_emulators.spec import SpecEmulator, load_config
from tests.contract.specs import require_spec
from tests.harness import SwitchboardServer, server_env
from tests.integration import hook_helpers as h
from tests.integration.test_oauth import browse, sign_in_url
from tests.webhook_receiver import Receiver


@pytest.fixture(scope="module")
def hubspot() -> Iterator[EmulatorServer]:
    config = load_config(VENDORS / "hubspot.yaml")
    assert config.spec is not None
    server = EmulatorServer(SpecEmulator(require_spec(config.spec), config)).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, hubspot: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("hubspot-hooks")
    s = SwitchboardServer(data_dir, server_env(data_dir, {"hubspot": hubspot.url}, **h.FAST)).start()
    yield s
    s.stop()


def test_a_created_contact_reaches_the_partner(
    server: SwitchboardServer, hubspot: EmulatorServer, receiver: Receiver
) -> None:
    emulator = hubspot.emulator
    assert isinstance(emulator, SpecEmulator)
    creds = emulator.credentials()
    partner = server.new_partner("hs-e2e")
    h.subscribe(partner, receiver, "hs-e2e")
    url = h.settings(partner, "hubspot", ClientId=creds["client_id"], ClientSecret=creds["client_secret"])["HookUrl"]
    emulator.webhooks.subscribe(url, creds["client_secret"])  # the partner's step in HubSpot's app settings
    account = partner.new_account()
    connection = h.install(account, partner, "hubspot")
    final, page = browse(sign_in_url(account, connection))
    assert page is None and "Status=Authenticated" in final

    listing = partner.http.get(f"/v1.0/connectors/{h.connector_id(partner, 'hubspot')}/methods").json()
    method = next(m for m in listing if m["Name"] == "Create a contact")
    created = account.post(
        f"/v1.0/account/connectors/{connection}/methods/{method['MethodUniqueIdentifier']}/body",
        json={"RequestBody": json.dumps({"properties": {"email": "ada@example.com"}, "associations": []})},
    )
    assert created.status_code == 200, created.text
    contact_id = str(created.json()["id"])

    got = receiver.wait_for(
        "hs-e2e",
        lambda e: e.type == "provider.event" and e.data["Payload"].get("objectId") == contact_id,
    )
    assert got.verified and got.data["AccountConnectorId"] == connection
    assert got.data["EventType"] == "contact.creation" and got.data["Payload"]["portalId"] == 12345678
    assert (url, 200) in emulator.webhooks.delivered
