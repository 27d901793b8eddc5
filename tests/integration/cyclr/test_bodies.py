"""Issue 26, item 4: bodies Cyclr's server accepts: any key casing, lenient JSON, an install with no body."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner

JSON = {"Content-Type": "application/json"}


def people(server: EmulatorServer) -> SalesloftEmulator:
    assert isinstance(server.emulator, SalesloftEmulator)
    return server.emulator


def person_param(account: Account, method: str) -> tuple[dict[str, Any], int]:
    found = account.methods("salesloft")[method]
    return found, next(p["Id"] for p in found["Parameters"] if p["TargetName"] == "person_id")


def upstream_paths(server: EmulatorServer, since: int) -> list[str]:
    return [r.path for r in server.emulator.requests.all()[since:] if r.path.startswith("/v2/")]


def test_fast_path_members_match_in_any_case(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    first, second = people(salesloft).seed("people", 2)
    method, param = person_param(account, "Update person")
    title = next(f["Id"] for f in method["RequestFields"] if f["Location"] == "title")
    mark = len(salesloft.emulator.requests.all())
    # Today's Cyclr clients write MergeFields; Switchboard's schema spells it Mergefields.
    answer = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{method['Id']}",
        json={"MergeFields": {str(param): first["id"]}, "FIELDS": {str(title): "CTO"}},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["title"] == "CTO"
    assert upstream_paths(salesloft, mark) == [f"/v2/people/{first['id']}"]

    got = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{method['MethodUniqueIdentifier']}/body",
        # The exact spelling wins over another casing of it, as in the declared schemas.
        json={"MERGEFIELDS": {"person_id": second["id"]}, "Mergefields": {"person_id": first["id"]},
              "requestbody": '{"title": "CEO"}'},
    )  # fmt: skip
    assert got.status_code == 200, got.text
    assert (got.json()["data"]["id"], got.json()["data"]["title"]) == (first["id"], "CEO")


def test_declared_routes_match_members_in_any_case(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    catalog = partner.connector_id("salesloft")
    installed = account.post(
        f"/v1.0/connectors/{catalog}/install",
        json={"name": "Lower case", "DESCRIPTION": "Upper case", "authValue": salesloft_api_key},
    )
    assert installed.status_code == 200, installed.text
    answer = installed.json()
    assert (answer["Name"], answer["Description"], answer["Authenticated"]) == ("Lower case", "Upper case", True)
    renamed = account.put(f"/v1.0/account/connectors/{answer['Id']}", json={"nAmE": "Renamed"})
    assert renamed.json()["Name"] == "Renamed"


@pytest.mark.parametrize("route", ["methods", "test"])
def test_cyclrs_lenient_json_reaches_the_method(
    connected: tuple[Account, int], salesloft: EmulatorServer, route: str
) -> None:
    account, installed = connected
    (person,) = people(salesloft).seed("people", 1)
    method, param = person_param(account, "Get person")
    mark = len(salesloft.emulator.requests.all())
    # Exactly as Cyclr's own test suite writes it: single quotes, a bare numeric property name.
    body = f"{{'Parameters': {{{param} : {person['id']}}}}}"
    answer = account.post(
        f"/v1.0/account/connectors/{installed}/{route}/{method['MethodUniqueIdentifier']}", content=body, headers=JSON
    )
    assert answer.status_code == 200, answer.text
    assert upstream_paths(salesloft, mark) == [f"/v2/people/{person['id']}"]


def test_lenient_json_on_declared_routes(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    catalog = partner.connector_id("salesloft")
    body = f"{{'Name': 'Single quoted', AuthValue: '{salesloft_api_key}', // a comment\n Description: \"mixed\",}}"
    installed = account.post(f"/v1.0/connectors/{catalog}/install", content=body, headers=JSON)
    assert installed.status_code == 200, installed.text
    assert (installed.json()["Name"], installed.json()["Description"]) == ("Single quoted", "mixed")
    created = partner.http.post(
        "/v1.0/accounts", content="{'Name': 'Lenient', Timezone: 'Europe/London'}", headers=JSON
    )
    assert created.status_code == 200, created.text
    assert (created.json()["Name"], created.json()["Timezone"]) == ("Lenient", "Europe/London")


def test_what_neither_parser_reads_is_400_naming_the_problem(connected: tuple[Account, int]) -> None:
    account, installed = connected
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    fast = account.post(f"/v1.0/account/connectors/{installed}/methods/{uid}", content="{'Parameters': }", headers=JSON)
    declared = account.partner.http.post("/v1.0/accounts", content="{'Name': }", headers=JSON)
    for answer, column in ((fast, 16), (declared, 10)):
        assert answer.status_code == 400, answer.text
        message = answer.json()["Message"]
        assert message.startswith("The request body is not valid JSON: "), message
        assert f"line 1 column {column}" in message, message
    trailing = account.partner.http.post("/v1.0/accounts", content='{"Name": "x"} and more', headers=JSON)
    assert trailing.status_code == 400
    assert "not valid JSON" in trailing.json()["Message"]
    for path in (f"/v1.0/account/connectors/{installed}/methods/{uid}", "/v1.0/accounts"):
        latin = account.post(path, content=b'{"Name": "Caf\xe9"}', headers=JSON)
        assert latin.status_code == 400, latin.text
        assert "the body is not UTF-8 (byte 13 is not): send JSON in UTF-8" in latin.json()["Message"]


@pytest.mark.parametrize("body", [None, b"", b"null", b"{}"], ids=["no-body", "empty", "null", "empty-object"])
def test_an_install_with_no_body_is_the_same_as_an_empty_one(partner: Partner, body: bytes | None) -> None:
    account = partner.new_account()
    catalog = partner.connector_id("salesloft")
    kwargs: dict[str, Any] = {} if body is None else {"content": body, "headers": JSON}
    installed = account.post(f"/v1.0/connectors/{catalog}/install", **kwargs)
    assert installed.status_code == 200, installed.text
    assert installed.json()["Name"] == "Salesloft"
    assert installed.json()["Authenticated"] is False
