"""Property values a partner sets once for every install (``PUT /v1.0/connectors/{id}/settings`` ``Properties``).

A test connector (``partner_connectors/shared_app``) sends its ``app_id`` and secret ``team_token`` properties in
headers on every request; the server is the real one, its upstream the Salesloft emulator, which records what it
received.
"""

from __future__ import annotations

import json
import secrets as random
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, server_env

CONNECTORS = Path(__file__).parent / "partner_connectors"
WHO_AM_I = "d977ca92-d469-4cd2-923d-eca53136b368"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("partner-props")
    env = server_env(
        data_dir,
        {"shared_app": salesloft.url},
        SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]',
        SWITCHBOARD_HEALTH_POLL_SECONDS="3600",
    )
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


@pytest.fixture
def partner(server: SwitchboardServer) -> Partner:
    return server.new_partner("Partner properties")


def catalog_id(partner: Partner) -> int:
    return next(c["Id"] for c in partner.connectors() if c["Name"] == "Shared App")


def api_key(salesloft: EmulatorServer) -> str:
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    return emulator.api_key


def set_values(partner: Partner, body: object) -> dict[str, object]:
    answer = partner.http.put(f"/v1.0/connectors/{catalog_id(partner)}/settings", json={"Properties": body})
    assert answer.status_code == 200, answer.text
    settings: dict[str, object] = answer.json()
    return settings


def install(account: Account, key: str | None, **properties: str) -> int:
    body = {"Properties": properties, **({"AuthValue": key} if key is not None else {})}
    answer = account.post(f"/v1.0/connectors/{catalog_id(account.partner)}/install", json=body)
    assert answer.status_code == 200, answer.text
    installed: int = answer.json()["Id"]
    return installed


def received(account: Account, connection: int, salesloft: EmulatorServer) -> tuple[str | None, str | None]:
    """Call the method and answer the app id and team token headers the provider received."""
    before = len(salesloft.emulator.requests.all())
    called = account.post(f"/v1.0/account/connectors/{connection}/methods/{WHO_AM_I}", json={})
    assert called.status_code == 200, called.text
    [sent] = salesloft.emulator.requests.all()[before:]
    return sent.headers.get("X-App-Id"), sent.headers.get("X-Team-Token")


def test_a_partner_value_reaches_the_provider_an_install_value_wins_and_a_change_is_seen_by_the_next_call(
    partner: Partner, salesloft: EmulatorServer
) -> None:
    token = f"team-{random.token_urlsafe(16)}"
    set_values(partner, [{"Name": "app_id", "Value": "app-one"}, {"Name": "team_token", "Value": token}])
    account = partner.new_account()
    connection = install(account, api_key(salesloft))  # app_id is required, and the partner gives it
    assert received(account, connection, salesloft) == ("app-one", token)

    other = install(partner.new_account(), api_key(salesloft), app_id="own-app")
    assert received(Account(partner, _account_of(partner, other)), other, salesloft) == ("own-app", token)

    set_values(partner, {"app_id": "app-two"})  # the dict form; the token given before is kept
    assert received(account, connection, salesloft) == ("app-two", token)

    changed = account.post(
        f"/v1.0/account/connectors/{connection}/properties", json={"Name": "app_id", "Value": "set-later"}
    )
    assert changed.status_code == 200, changed.text
    assert received(account, connection, salesloft) == ("set-later", token)


def _account_of(partner: Partner, connection: int) -> str:
    for account in partner.http.get("/v1.0/accounts", params={"pageSize": 100}).json():
        found = partner.http.get(f"/v1.0/account/connectors/{connection}", headers={"X-Cyclr-Account": account["Id"]})
        if found.status_code == 200:
            api_id: str = account["Id"]
            return api_id
    raise AssertionError(f"no account holds connection {connection}")


def test_secret_values_are_write_only_and_the_listing_says_which_values_are_the_partners(
    partner: Partner, salesloft: EmulatorServer
) -> None:
    token = f"team-{random.token_urlsafe(16)}"
    settings = set_values(partner, [{"Name": "team_token", "Value": token}, {"Name": "app_id", "Value": "shared"}])
    assert token not in str(settings)
    assert {p["Name"]: p["Value"] for p in settings["Properties"]} == {"app_id": "shared", "team_token": None}  # type: ignore[attr-defined]
    read = partner.http.get(f"/v1.0/connectors/{catalog_id(partner)}/settings")
    assert read.status_code == 200 and token not in read.text
    assert {p["Name"]: p["Value"] for p in read.json()["Properties"]} == {"app_id": "shared", "team_token": None}

    account = partner.new_account()
    connection = install(account, api_key(salesloft), app_id="mine")
    listed = account.get(f"/v1.0/account/connectors/{connection}/properties")
    assert listed.status_code == 200, listed.text
    assert token not in listed.text
    shown = {p["Name"]: (p["Value"], p.get("FromPartner", False)) for p in listed.json()}
    assert shown == {"app_id": ("mine", False), "team_token": (None, True)}

    tested = account.post(f"/v1.0/account/connectors/{connection}/test/{WHO_AM_I}", json={})
    assert tested.status_code == 200, tested.text
    assert token not in tested.text
    assert tested.json()["Exchanges"][0]["Request"]["Headers"]["X-Team-Token"] == "[redacted]"


def test_an_unknown_name_or_a_value_of_the_wrong_type_is_refused_and_nothing_is_saved(partner: Partner) -> None:
    path = f"/v1.0/connectors/{catalog_id(partner)}/settings"
    unknown = partner.http.put(path, json={"Properties": [{"Name": "app_id", "Value": "x"}, {"Name": "apikey"}]})
    assert unknown.status_code == 400, unknown.text
    message = unknown.json()["Message"]
    assert "apikey" in message and "app_id, team_token" in message

    wrong = partner.http.put(path, json={"Properties": [{"Name": "app_id", "Value": {"nested": 1}}]})
    assert wrong.status_code == 400, wrong.text
    assert partner.http.get(path).json()["Properties"] == []


def test_a_body_whose_app_part_is_refused_writes_none_of_its_properties(partner: Partner) -> None:
    path = f"/v1.0/connectors/{catalog_id(partner)}/settings"
    set_values(partner, {"app_id": "kept"})
    refused = partner.http.put(
        path,
        json={
            "Properties": {"app_id": "half-written", "team_token": "never-stored"},
            "ClientId": "client",
            "Scopes": ["people.write"],  # the connector offers people.read only
            "Enabled": False,
        },
    )
    assert refused.status_code == 400, refused.text
    assert "people.write" in refused.json()["Message"]
    read = partner.http.get(path).json()
    assert {p["Name"]: p["Value"] for p in read["Properties"]} == {"app_id": "kept"}
    assert (read["ClientId"], read["Enabled"]) == (None, True)


def test_a_partners_value_is_read_overridden_and_uncovered_by_its_id_on_the_install(
    partner: Partner, salesloft: EmulatorServer
) -> None:
    set_values(partner, {"app_id": "shared", "team_token": "team"})
    account = partner.new_account()
    connection = install(account, api_key(salesloft))
    path = f"/v1.0/account/connectors/{connection}/properties"
    [listed, _] = account.get(path).json()
    assert (listed["Name"], listed["Value"], listed["FromPartner"]) == ("app_id", "shared", True)

    one = account.get(f"{path}/{listed['Id']}")
    assert one.status_code == 200, one.text
    assert (one.json()["Value"], one.json()["FromPartner"]) == ("shared", True)

    own = account.put(f"{path}/{listed['Id']}", json={"Value": "own"})
    assert own.status_code == 200, own.text
    assert own.json()["Value"] == "own" and "FromPartner" not in own.json()  # Cyclr's four members
    assert received(account, connection, salesloft)[0] == "own"

    # Required, but the partner's value takes its place: the install's own may go.
    dropped = account.delete(f"{path}/{listed['Id']}")
    assert dropped.status_code == 200, dropped.text
    assert (account.get(f"{path}/{listed['Id']}").json()["FromPartner"]) is True
    assert received(account, connection, salesloft)[0] == "shared"


def test_the_connect_page_asks_end_users_for_no_property_the_partner_set(
    server: SwitchboardServer, partner: Partner
) -> None:
    def page() -> str:
        account = partner.new_account()
        token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
        arrived = httpx.get(f"{server.url}/connect", params={"token": token})
        assert arrived.status_code == 303, arrived.text
        # This connector's offer alone: Apideck CRM asks for an app_id of its own.
        location = arrived.headers["location"]
        home = httpx.get(f"{server.url}{location}{'&' if '?' in location else '?'}connector=shared_app")
        assert home.status_code == 200, home.text
        return home.text

    assert 'name="property.app_id"' in page()
    set_values(partner, {"app_id": "shared"})
    assert 'name="property.app_id"' not in page()


def test_the_credentials_check_at_install_and_on_a_new_key_sends_the_partners_values(
    partner: Partner, salesloft: EmulatorServer
) -> None:
    set_values(partner, {"app_id": "checked-app", "team_token": "checked-team"})
    account = partner.new_account()
    before = len(salesloft.emulator.requests.all())
    connection = install(account, api_key(salesloft))
    [check] = salesloft.emulator.requests.all()[before:]
    assert (check.path, check.headers.get("X-App-Id"), check.headers.get("X-Team-Token")) == (
        "/v2/me.json",
        "checked-app",
        "checked-team",
    )
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Verified"] is True

    before = len(salesloft.emulator.requests.all())
    keyed = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": api_key(salesloft)})
    assert keyed.status_code == 200, keyed.text
    [check] = salesloft.emulator.requests.all()[before:]
    assert (check.headers.get("X-App-Id"), keyed.json()["Verified"]) == ("checked-app", True)


def test_a_token_set_brought_in_needs_no_required_property_the_partner_set(
    partner: Partner, salesloft: EmulatorServer
) -> None:
    path = f"/v1.0/connectors/{catalog_id(partner)}/settings"
    app = partner.http.put(path, json={"ClientId": "shared-client", "ClientSecret": "shared-secret"})
    assert app.status_code == 200, app.text
    set_values(partner, {"app_id": "tokens-app", "team_token": "tokens-team"})
    account = partner.new_account()
    connection = install(account, None)  # no credentials yet
    tokens = json.dumps({"AccessToken": api_key(salesloft), "RefreshToken": "r", "Expires": "2099-01-01T00:00:00Z"})
    brought = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": tokens})
    assert brought.status_code == 200, brought.text
    assert received(account, connection, salesloft)[0] == "tokens-app"


def test_a_tool_call_sends_the_partners_values_as_a_method_call_does(
    partner: Partner, salesloft: EmulatorServer
) -> None:
    set_values(partner, {"app_id": "tool-app", "team_token": "tool-team"})
    account = partner.new_account()
    connection = install(account, api_key(salesloft))
    listed = account.get(f"/v1.0/account/connectors/{connection}/tools", params={"format": "mcp"})
    assert listed.status_code == 200, listed.text
    [name] = [tool["name"] for tool in listed.json()]
    before = len(salesloft.emulator.requests.all())
    called = account.post(f"/v1.0/account/connectors/{connection}/tools/{name}", json={})
    assert called.status_code == 200, called.text
    [sent] = salesloft.emulator.requests.all()[before:]
    assert (sent.headers.get("X-App-Id"), sent.headers.get("X-Team-Token")) == ("tool-app", "tool-team")
