"""``?dryRun=true``: the inputs are checked and the exact request is answered (secrets redacted); nothing is sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner


@pytest.fixture(scope="module")
def conn(partner: Partner, salesloft: EmulatorServer) -> tuple[Account, int, dict[str, dict[str, Any]]]:
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    account = partner.new_account()
    return account, account.install("salesloft", AuthValue=emulator.api_key), account.methods("salesloft")


def sent(salesloft: EmulatorServer) -> int:
    return len(salesloft.emulator.requests.all())


def test_a_dry_run_answers_the_request_and_sends_nothing(conn: Any, salesloft: EmulatorServer) -> None:
    account, cid, methods = conn
    uid = methods["Create person"]["MethodUniqueIdentifier"]
    before = sent(salesloft)
    body = {"email_address": "dry@example.com", "last_name": "Run"}
    response = account.post(
        f"/v1.0/account/connectors/{cid}/methods/{uid}/body?dryRun=true", json={"RequestBody": json.dumps(body)}
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["DryRun"] is True
    request = answer["Request"]
    assert (request["Method"], request["Url"]) == ("POST", f"{salesloft.url}/v2/people")
    assert request["Headers"]["Authorization"] == "[redacted]"
    assert request["Headers"]["Content-Type"] == "application/json"
    assert request["Body"] == body
    assert salesloft.emulator.api_key not in response.text
    assert sent(salesloft) == before


def test_a_dry_run_of_a_list_shows_its_first_page(conn: Any, salesloft: EmulatorServer) -> None:
    account, cid, methods = conn
    uid = methods["List accounts"]["MethodUniqueIdentifier"]
    before = sent(salesloft)
    response = account.post(
        f"/v1.0/account/connectors/{cid}/methods/{uid}/body?dryRun=true",
        json={"Parameters": {"sort_by": "name", "updated_at": '{"gte": "2023-01-01T00:00:00Z"}'}},
    )
    assert response.status_code == 200, response.text
    url = response.json()["Request"]["Url"]
    assert url.startswith(f"{salesloft.url}/v2/accounts?")
    for part in ("sort_by=name", "updated_at%5Bgte%5D=2023-01-01T00%3A00%3A00Z", "page=1", "per_page=100"):
        assert part in url, url
    assert sent(salesloft) == before


def test_a_dry_run_checks_the_inputs(conn: Any, salesloft: EmulatorServer) -> None:
    account, cid, methods = conn
    uid = methods["Get person"]["MethodUniqueIdentifier"]
    response = account.post(f"/v1.0/account/connectors/{cid}/methods/{uid}/body?dryRun=true", json={})
    assert response.status_code == 400
    assert response.json()["TargetName"] == "person_id"


def test_dry_run_in_test_and_the_legacy_get(conn: Any, salesloft: EmulatorServer) -> None:
    account, cid, methods = conn
    method = methods["Get person"]
    person_id = next(p["Id"] for p in method["Parameters"] if p["TargetName"] == "person_id")
    before = sent(salesloft)
    by_id = account.post(
        f"/v1.0/account/connectors/{cid}/test/{method['Id']}?dryRun=true", json={"Mergefields": {str(person_id): "7"}}
    )
    assert by_id.status_code == 200, by_id.text
    assert by_id.json()["Exchanges"] == []  # /test/ keeps its shape: the dry run is its Response
    assert by_id.json()["Response"]["Request"]["Url"] == f"{salesloft.url}/v2/people/7"
    legacy = account.get(f"/v1.0/account/connectors/{cid}/methods/{method['Id']}?person_id=8&dryRun=true")
    assert legacy.status_code == 200, legacy.text
    assert legacy.json()["Request"]["Url"] == f"{salesloft.url}/v2/people/8"  # dryRun is no input
    assert sent(salesloft) == before


def test_a_dry_run_of_a_static_list_sends_nothing(conn: Any) -> None:
    account, cid, methods = conn
    uid = methods["List accounts or people (DDL)"]["MethodUniqueIdentifier"]
    response = account.post(f"/v1.0/account/connectors/{cid}/methods/{uid}/body?dryRun=true", json={})
    assert response.json() == {"DryRun": True, "Request": None}


# -- Cyclr's string-valued inputs (checked without sending, by dry run) ----------------------


def test_json_strings_for_lists_are_checked_against_values(conn: Any) -> None:
    account, cid, methods = conn
    uid = methods["List bulk job results"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{cid}/methods/{uid}/body?dryRun=true"
    ok = account.post(path, json={"Parameters": {"bulk_jobs_id": "5", "bulk_jobs_status": '["success", "error"]'}})
    assert ok.status_code == 200, ok.text
    assert "status%5B%5D=success" in ok.json()["Request"]["Url"]
    bad = account.post(path, json={"Parameters": {"bulk_jobs_id": "5", "bulk_jobs_status": '["success", "nope"]'}})
    assert bad.status_code == 400
    assert bad.json()["Message"] == (
        "Parameter Bulk Jobs Status must be one of pending, success, error, retrying, not 'nope'"
    )


def test_a_string_that_is_not_json_names_the_input(conn: Any) -> None:
    account, cid, methods = conn
    uid = methods["List accounts"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{cid}/methods/{uid}/body?dryRun=true"
    for value in ('{"gte": ', "yesterday"):
        response = account.post(path, json={"Parameters": {"updated_at": value}})
        assert response.status_code == 400, response.text
        body = response.json()
        assert body["TargetName"] == "updated_at"
        assert body["Message"].startswith("Parameter Updated At is a string that is not valid JSON")
