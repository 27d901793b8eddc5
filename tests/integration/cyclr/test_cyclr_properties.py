"""Account connector properties as Cyclr's: ``/v1.0/account/connectors/{id}/properties[/{propertyId}]``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Account, Partner, SwitchboardServer, server_env

CONNECTORS = Path(__file__).parent / "connectors"
SECRET = "sig-7f3a-never-echoed"


@pytest.fixture(scope="module")
def props_partner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Partner]:
    data_dir = tmp_path_factory.mktemp("props")
    env = server_env(data_dir, {}, SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]')
    server = SwitchboardServer(data_dir, env).start()
    yield server.new_partner("Props")
    server.stop()


def props_app(partner: Partner) -> dict[str, Any]:
    (connector,) = partner.http.get("/v1.0/connectors/Props App/1.0").json()
    return dict(connector)


def installed(partner: Partner) -> tuple[Account, int, dict[str, int]]:
    account = partner.new_account()
    response = account.post(
        "/v1.0/connectors/Props App/install",
        json={"AuthValue": "key-1", "Properties": [{"Name": "region", "Value": "eu"}]},
    )
    assert response.is_success, response.text
    ids = {p["TargetName"]: p["Id"] for p in props_app(partner)["Parameters"]}
    return account, response.json()["Id"], ids


def test_connector_parameters_are_account_connector_properties(props_partner: Partner) -> None:
    parameters = {p["TargetName"]: p for p in props_app(props_partner)["Parameters"]}
    region, secret = parameters["region"], parameters["signing_secret"]
    assert region["Name"] == "Region" and region["IsAccountConnectorProperty"] is True
    assert region["TargetType"] == "MergeField" and region["IsOptional"] is False and region["DataType"] == "Text"
    assert secret["IsSensitive"] is True and secret["TargetType"] == "HttpHeader"
    assert parameters["team"]["TargetType"] == "Script" and parameters["team"]["IsSensitive"] is False
    assert len({p["Id"] for p in parameters.values()}) == 3


def test_create_read_update_delete(props_partner: Partner) -> None:
    account, connection, ids = installed(props_partner)
    base = f"/v1.0/account/connectors/{connection}/properties"
    listed = account.get(base)
    assert listed.status_code == 200
    assert listed.json() == [{"Id": ids["region"], "Name": "region", "Value": "eu", "AccountConnectorId": connection}]

    created = account.post(base, json={"Name": "team", "Value": "ABC-1234", "Id": 0})
    assert created.status_code == 200, created.text
    assert created.json() == {"Id": ids["team"], "Name": "team", "Value": "ABC-1234", "AccountConnectorId": connection}
    read = account.get(f"{base}/{ids['team']}")
    assert read.status_code == 200 and read.json() == created.json()

    updated = account.put(f"{base}/{ids['team']}", json={"Name": "team", "Value": "ABC-4321", "Id": 0})
    assert updated.status_code == 200 and updated.json()["Value"] == "ABC-4321"
    assert account.get(f"{base}/{ids['team']}").json()["Value"] == "ABC-4321"
    # The account connector itself shows the new value too: one store, read back.
    shown = account.get(f"/v1.0/account/connectors/{connection}").json()["Properties"]
    assert {p["Name"]: p["Value"] for p in shown} == {"region": "eu", "team": "ABC-4321"}
    # With the ids /properties takes, as Cyclr's install-a-partner-connector example shows them.
    assert {p["Name"]: (p["Id"], p["AccountConnectorId"]) for p in shown} == {
        "region": (ids["region"], connection),
        "team": (ids["team"], connection),
    }

    names = [p["Name"] for p in account.get(base, params={"orderBy": "Name", "sortOrderAsc": "false"}).json()]
    assert names == ["team", "region"]

    deleted = account.delete(f"{base}/{ids['team']}")
    assert deleted.status_code == 200
    assert account.get(f"{base}/{ids['team']}").status_code == 404
    assert [p["Name"] for p in account.get(base).json()] == ["region"]


def test_cyclr_messages_and_not_found(props_partner: Partner) -> None:
    account, connection, ids = installed(props_partner)
    base = f"/v1.0/account/connectors/{connection}/properties"
    unknown = account.post(base, json={"Name": "Dont exist", "Value": "x"})
    assert unknown.status_code == 400
    assert unknown.json()["Message"] == "There is not a connector property that matches name 'Dont exist'."
    required = account.delete(f"{base}/{ids['region']}")
    assert required.status_code == 400 and "required" in required.json()["Message"]
    assert account.post(base, json={"Name": "team", "Value": ""}).status_code == 400
    wrong = account.put(f"{base}/{ids['region']}", json={"Name": "team", "Value": "x"})
    assert wrong.status_code == 400 and "'region'" in wrong.json()["Message"]
    for response in (
        account.get(f"{base}/12345"),
        account.put(f"{base}/123456", json={"Value": "x"}),
        account.delete(f"{base}/654321"),
        account.get(f"{base}/{ids['team']}"),  # defined, but no value stored
        account.get("/v1.0/account/connectors/5487123/properties"),
    ):
        assert response.status_code == 404, response.request.url
    # Another account's connector is as unknown as a made-up one.
    other = props_partner.new_account()
    assert other.get(base).status_code == 404
    assert other.post(base, json={"Name": "team", "Value": "x"}).status_code == 404


def test_secret_properties_are_write_only(props_partner: Partner) -> None:
    account, connection, ids = installed(props_partner)
    base = f"/v1.0/account/connectors/{connection}/properties"
    created = account.post(base, json={"Name": "signing_secret", "Value": SECRET})
    assert created.status_code == 200
    assert created.json() == {
        "Id": ids["signing_secret"],
        "Name": "signing_secret",
        "Value": None,
        "AccountConnectorId": connection,
    }
    assert account.get(f"{base}/{ids['signing_secret']}").json()["Value"] is None
    answers = [
        account.get(base).text,
        account.get(f"/v1.0/account/connectors/{connection}").text,
        account.put(f"{base}/{ids['signing_secret']}", json={"Value": SECRET + "-2"}).text,
    ]
    assert all(SECRET not in text for text in answers)
    # It is stored and used: a dry run of a method sends it (redacted) in the header it fills.
    method = next(
        m for m in props_partner.http.get("/v1.0/connectors/Props App/1.0/methods").json() if m["Name"] == "Get thing"
    )
    dry = account.post(
        f"/v1.0/account/connectors/{connection}/methods/{method['MethodUniqueIdentifier']}/body?dryRun=true",
        json={"Parameters": {"thing_id": "7"}},
    )
    assert dry.status_code == 200, dry.text
    assert SECRET not in dry.text
    request = dry.json()["Request"]
    assert request["Url"].startswith("https://eu.props-app.example/things/7")
    headers = {k.lower(): v for k, v in request["Headers"].items()}
    assert headers["x-signing"] == "[redacted]"
