"""HTTP Basic credentials as Cyclr's "HTTP Basic authentication" page sends them (issue 26, item 12).

The AuthValue is ``base64(username:password)``; Switchboard took ``username:password`` and encoded it
itself, so a Cyclr client's value was encoded twice and every call was refused. Both forms now
authenticate. The third party here is the Petstore example's spec emulator, configured to accept
only HTTP Basic, behind a connector that authenticates with it.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from switchboard_emulators import EmulatorServer, create_emulator
from tests.harness import Account, SwitchboardServer, server_env

ROOT = Path(__file__).resolve().parents[3]
USERNAME, PASSWORD = "pet-owner", "s3cret:with-colon"
LIST_PETS = "5f0f2a58-4c0e-4a4e-9d1f-3f6b7cbb2a11"
CONNECTOR = {
    "key": "basic_pets",
    "name": "Basic Pets",
    "version": "1.0.0",
    "base_url": "https://pets.example.com/v1",
    "auth": [{"type": "api_key", "format": "Basic {key}", "encoding": "base64"}],
    "methods": [
        {
            "name": "List all pets",
            "unique_id": LIST_PETS,
            "description": "List all pets",
            "category": "pets",
            "http": "GET /pets",
        }
    ],
}


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    config = tmp_path_factory.mktemp("basic-emulator") / "emulator.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "spec": str(ROOT / "examples" / "petstore" / "petstore.yaml"),
                "auth": {"type": "basic", "username": USERNAME, "password": PASSWORD},
            }
        ),
        encoding="utf-8",
    )
    server = EmulatorServer(
        create_emulator("spec", spec=ROOT / "examples" / "petstore" / "petstore.yaml", config=config)
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def account(emulator: EmulatorServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Account]:
    connectors = tmp_path_factory.mktemp("basic-connectors")
    (connectors / "basic_pets").mkdir()
    (connectors / "basic_pets" / "connector.yaml").write_text(yaml.safe_dump(CONNECTOR), encoding="utf-8")
    data_dir = tmp_path_factory.mktemp("basic-switchboard")
    env = server_env(data_dir, {"basic_pets": emulator.url}, SWITCHBOARD_CONNECTOR_DIRS=str(connectors))
    switchboard = SwitchboardServer(data_dir, env).start()
    try:
        yield switchboard.new_partner("Basic partner").new_account()
    finally:
        switchboard.stop()


def _connector_id(account: Account) -> int:
    listing = account.partner.connectors()
    return int(next(c["Id"] for c in listing if c["Name"] == "Basic Pets"))


def _list(account: Account, connection: int) -> httpx.Response:
    return account.post(f"/v1.0/account/connectors/{connection}/methods/{LIST_PETS}", json={})


def _sent(emulator: EmulatorServer, mark: int) -> list[str]:
    return [r.headers.get("Authorization", "") for r in emulator.emulator.requests.all()[mark:]]


EXPECTED = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()


def test_base64_credentials_on_put_as_cyclr_documents(account: Account, emulator: EmulatorServer) -> None:
    connection = _install(account)
    encoded = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    updated = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": encoded})
    assert updated.status_code == 200, updated.text
    assert updated.json()["Authenticated"] is True
    assert updated.json()["AuthValue"] is None and encoded not in updated.text
    mark = len(emulator.emulator.requests.all())
    listed = _list(account, connection)
    assert listed.status_code == 200, listed.text
    assert _sent(emulator, mark) == [EXPECTED]  # sent as given, not encoded a second time


def test_base64_credentials_on_install(account: Account, emulator: EmulatorServer) -> None:
    encoded = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    connection = _install(account, AuthValue=encoded)
    mark = len(emulator.emulator.requests.all())
    assert _list(account, connection).status_code == 200
    assert _sent(emulator, mark) == [EXPECTED]


def test_username_and_password_as_they_are_still_work(account: Account, emulator: EmulatorServer) -> None:
    connection = _install(account, AuthValue=f"{USERNAME}:{PASSWORD}")
    mark = len(emulator.emulator.requests.all())
    assert _list(account, connection).status_code == 200
    assert _sent(emulator, mark) == [EXPECTED]


def test_wrong_credentials_reach_the_emulator_and_are_refused(account: Account, emulator: EmulatorServer) -> None:
    """The check above bites: other credentials are sent, and the emulator refuses them."""
    connection = _install(account, AuthValue=base64.b64encode(b"pet-owner:wrong").decode())
    assert _list(account, connection).status_code == 401


@pytest.mark.parametrize("value", ["not base64!", base64.b64encode(b"no colon here").decode()])
def test_a_value_that_is_neither_form_is_400(account: Account, value: str) -> None:
    response = account.post(f"/v1.0/connectors/{_connector_id(account)}/install", json={"AuthValue": value})
    assert response.status_code == 400
    assert "base64 of username:password" in response.json()["Message"]
    assert value not in response.text


def _install(account: Account, **body: str) -> int:
    response = account.post(f"/v1.0/connectors/{_connector_id(account)}/install", json=body)
    assert response.status_code == 200, response.text
    return int(response.json()["Id"])
