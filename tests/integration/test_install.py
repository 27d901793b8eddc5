"""Installing connectors into accounts, API-key authentication, and account isolation."""

from __future__ import annotations

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Partner, SwitchboardServer


def emulator(server: EmulatorServer) -> SalesloftEmulator:
    assert isinstance(server.emulator, SalesloftEmulator)
    return server.emulator


def test_install_with_auth_value_is_authenticated(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    connector_id = partner.connector_id("salesloft")
    response = account.post(
        f"/v1.0/connectors/{connector_id}/install",
        json={"Name": "Sales team", "Description": "EMEA", "AuthValue": salesloft_api_key},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["Authenticated"] is True
    assert body["AuthState"] == "Authenticated"
    connector = {k: body["Connector"][k] for k in ("Id", "Name", "Version")}
    assert connector == {"Id": connector_id, "Name": "Salesloft", "Version": "2.0"}  # the full connector, nested
    assert salesloft_api_key not in response.text
    listed = account.get("/v1.0/account/connectors").json()
    assert [c["Id"] for c in listed] == [body["Id"]]
    assert account.get(f"/v1.0/account/connectors/{body['Id']}").json()["Name"] == "Sales team"


def test_install_without_credentials_then_put_auth_value(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    installed = account.install("salesloft")
    before = account.get(f"/v1.0/account/connectors/{installed}").json()
    assert before["Authenticated"] is False
    assert before["Name"] == "Salesloft"
    updated = account.put(f"/v1.0/account/connectors/{installed}", json={"AuthValue": salesloft_api_key, "Name": "SL"})
    assert updated.status_code == 200
    assert updated.json()["Authenticated"] is True
    assert updated.json()["Name"] == "SL"


def test_api_key_is_encrypted_at_rest(
    switchboard: SwitchboardServer, partner: Partner, salesloft: EmulatorServer
) -> None:
    account = partner.new_account()
    key = "sl-secret-key-that-must-not-leak-0123456789"
    emulator(salesloft).add_api_key(key)  # checked with Salesloft when saved
    account.install("salesloft", AuthValue=key)
    for path in switchboard.data_dir.glob("switchboard.db*"):
        assert key.encode() not in path.read_bytes(), path


def test_install_errors(partner: Partner) -> None:
    account = partner.new_account()
    salesloft = partner.connector_id("salesloft")
    unknown = account.post("/v1.0/connectors/42/install", json={})
    assert unknown.status_code == 404
    bad_property = account.post(
        f"/v1.0/connectors/{salesloft}/install", json={"Properties": [{"Name": "x", "Value": "1"}]}
    )
    assert bad_property.status_code == 400
    assert "Unknown property x" in bad_property.json()["Message"]
    empty_key = account.post(f"/v1.0/connectors/{salesloft}/install", json={"AuthValue": " "})
    assert empty_key.status_code == 400
    no_account = partner.http.post(f"/v1.0/connectors/{salesloft}/install", json={})
    assert no_account.status_code == 400
    assert "X-Cyclr-Account" in no_account.json()["Message"]
    wrong_account = partner.http.post(
        f"/v1.0/connectors/{salesloft}/install", json={}, headers={"X-Cyclr-Account": "no-such-account"}
    )
    assert wrong_account.status_code == 404


def test_uninstall(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    installed = account.install("salesloft", AuthValue=salesloft_api_key)
    assert account.delete(f"/v1.0/account/connectors/{installed}").status_code == 200
    assert account.get(f"/v1.0/account/connectors/{installed}").status_code == 404
    assert account.get("/v1.0/account/connectors").json() == []


def test_accounts_cannot_reach_each_others_connectors(
    switchboard: SwitchboardServer, partner: Partner, salesloft_api_key: str
) -> None:
    mine, theirs = partner.new_account(), partner.new_account()
    installed = mine.install("salesloft", AuthValue=salesloft_api_key)
    create_person = mine.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    paths = [
        ("GET", f"/v1.0/account/connectors/{installed}"),
        ("PUT", f"/v1.0/account/connectors/{installed}"),
        ("DELETE", f"/v1.0/account/connectors/{installed}"),
        ("POST", f"/v1.0/account/connectors/{installed}/methods/{create_person}"),
        ("POST", f"/v1.0/account/connectors/{installed}/methods/{create_person}/body"),
        ("GET", f"/v1.0/account/connectors/{installed}/methods/{create_person}"),
        ("POST", f"/v1.0/account/connectors/{installed}/test/{create_person}"),
    ]
    other_partner = switchboard.new_partner("Intruder")
    for method, path in paths:
        kwargs = {"json": {}} if method in {"POST", "PUT"} else {}
        response = partner.http.request(method, path, headers=theirs.headers, **kwargs)
        assert response.status_code == 404, (method, path, response.text)
        foreign = other_partner.http.request(method, path, headers=mine.headers, **kwargs)
        assert foreign.status_code == 404, (method, path, foreign.text)
    assert mine.get(f"/v1.0/account/connectors/{installed}").status_code == 200
