"""Partner property values on PostgreSQL: writes that race keep every value, and calls use them."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.backends import postgres_database
from tests.harness import Partner, SwitchboardServer, server_env

CONNECTORS = Path(__file__).parent.parent / "integration" / "partner_connectors"
WHO_AM_I = "d977ca92-d469-4cd2-923d-eca53136b368"
NAMES = ("app_id", "team_token")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("partner-props-pg")
    with postgres_database("sbpartner") as database:
        env = server_env(
            data_dir,
            {"shared_app": salesloft.url},
            SWITCHBOARD_DATABASE_URL=database,
            SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]',
            SWITCHBOARD_HEALTH_POLL_SECONDS="3600",
        )
        started = SwitchboardServer(data_dir, env).start()
        yield started
        started.stop()


def test_values_written_at_once_are_all_kept_and_a_call_sends_them(
    server: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    partner: Partner = server.new_partner("Partner properties on PostgreSQL")
    connector = next(c["Id"] for c in partner.connectors() if c["Name"] == "Shared App")
    path = f"/v1.0/connectors/{connector}/settings"

    def put(name: str) -> int:
        return partner.http.put(path, json={"Properties": {name: f"{name}-value"}}).status_code

    with ThreadPoolExecutor(len(NAMES)) as pool:  # the row is made by the first; neither write loses the other's
        assert list(pool.map(put, NAMES)) == [200, 200]
    listed = partner.http.get(path).json()["Properties"]
    assert {p["Name"]: p["Value"] for p in listed} == {"app_id": "app_id-value", "team_token": None}

    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    account = partner.new_account()
    installed = account.post(f"/v1.0/connectors/{connector}/install", json={"AuthValue": emulator.api_key})
    assert installed.status_code == 200, installed.text
    before = len(emulator.requests.all())
    called = account.post(f"/v1.0/account/connectors/{installed.json()['Id']}/methods/{WHO_AM_I}", json={})
    assert called.status_code == 200, called.text
    [sent] = emulator.requests.all()[before:]
    assert (sent.headers.get("X-App-Id"), sent.headers.get("X-Team-Token")) == ("app_id-value", "team_token-value")
