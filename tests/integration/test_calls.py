"""Calling methods through every call endpoint, against the Salesloft emulator."""

from __future__ import annotations

import json
from typing import Any

import pytest

from switchboard_emulators import EmulatorServer, RecordedRequest
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner


@pytest.fixture
def connected(partner: Partner, salesloft_api_key: str) -> tuple[Account, int]:
    account = partner.new_account()
    return account, account.install("salesloft", AuthValue=salesloft_api_key)


def emulator(server: EmulatorServer) -> SalesloftEmulator:
    assert isinstance(server.emulator, SalesloftEmulator)
    return server.emulator


def sent(server: EmulatorServer, since: int) -> list[RecordedRequest]:
    return [r for r in server.emulator.requests.all()[since:] if r.path.startswith("/v2/")]


def field_ids(method: dict[str, Any]) -> dict[str, int]:
    return {f["Location"]: f["Id"] for f in method["RequestFields"]}


def param_ids(method: dict[str, Any]) -> dict[str, int]:
    return {p["TargetName"]: p["Id"] for p in method["Parameters"]}


def test_create_person_with_numeric_field_ids(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    method = account.methods("salesloft")["Create person"]
    ids = field_ids(method)
    mark = len(salesloft.emulator.requests.all())
    response = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{method['Id']}",
        json={"Fields": {str(ids["email_address"]): "ada@example.com", str(ids["first_name"]): "Ada",
                         str(ids["last_name"]): "Lovelace"}},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    person = response.json()["data"]
    assert person["email_address"] == "ada@example.com"
    timing = dict(part.split(";dur=") for part in response.headers["Server-Timing"].split(", "))
    assert set(timing) == {"store", "limiter", "upstream"}
    assert all(float(ms) >= 0 for ms in timing.values())
    (request,) = sent(salesloft, mark)
    assert (request.method, request.path) == ("POST", "/v2/people")
    assert json.loads(request.body) == {
        "email_address": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
    }
    assert request.headers["Authorization"] == f"Bearer {emulator(salesloft).api_key}"
    assert any(p["id"] == person["id"] for p in emulator(salesloft).records("people"))


def test_create_person_with_escaped_request_body_and_custom_fields(
    connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    account, installed = connected
    uid = account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    request_body = json.dumps(
        {"email_address": "grace@example.com", "last_name": "Hopper",
         "custom_fields": [{"key": "Lead Source", "value": "Website"}]}
    )  # fmt: skip
    mark = len(salesloft.emulator.requests.all())
    response = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{uid}/body", json={"RequestBody": request_body}
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["custom_fields"] == {"Lead Source": "Website"}
    (request,) = sent(salesloft, mark)
    # The seed's [{key, value}] list is shaped into the object Salesloft expects.
    assert json.loads(request.body)["custom_fields"] == {"Lead Source": "Website"}


def test_get_update_delete_person_with_mergefields(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    methods = account.methods("salesloft")
    (person,) = emulator(salesloft).seed("people", 1)
    base = f"/v1.0/account/connectors/{installed}/methods"
    got = account.post(f"{base}/{methods['Get person']['MethodUniqueIdentifier']}/body",
                       json={"Mergefields": {"person_id": person["id"]}})  # fmt: skip
    assert got.status_code == 200
    assert got.json()["data"]["id"] == person["id"]
    legacy = account.get(f"{base}/{methods['Get person']['Id']}", params={"person_id": person["id"]})
    assert legacy.status_code == 200
    assert legacy.json() == got.json()
    update_id = param_ids(methods["Update person"])["person_id"]
    updated = account.post(
        f"{base}/{methods['Update person']['Id']}",
        json={"Mergefields": {str(update_id): person["id"]},
              "Fields": {str(field_ids(methods["Update person"])["title"]): "CTO"}},
    )  # fmt: skip
    assert updated.status_code == 200, updated.text
    assert updated.json()["data"]["title"] == "CTO"
    deleted = account.post(f"{base}/{methods['Delete person']['MethodUniqueIdentifier']}/body",
                           json={"Parameters": {"person_id": person["id"]}})  # fmt: skip
    assert deleted.status_code == 200
    assert deleted.json() == {"success": True}
    assert all(p["id"] != person["id"] for p in emulator(salesloft).records("people"))


def test_list_accounts_follows_every_page(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    emulator(salesloft).seed("accounts", 250)
    # Salesloft's default order is updated_at DESC: newest first.
    expected = [
        a["id"]
        for a in sorted(emulator(salesloft).records("accounts"), key=lambda a: (a["updated_at"], a["id"]), reverse=True)
    ]
    assert len(expected) >= 250
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    mark = len(salesloft.emulator.requests.all())
    response = account.post(f"/v1.0/account/connectors/{installed}/methods/{uid}", json={})
    assert response.status_code == 200, response.text
    # Every page is in before the answer starts, so its length is known: not chunked.
    assert response.headers["content-length"] == str(len(response.content))
    assert "transfer-encoding" not in response.headers
    body = response.json()
    assert [a["id"] for a in body["data"]] == expected
    assert body["metadata"]["paging"]["next_page"] is None
    pages = sent(salesloft, mark)
    # Page 1 says how many pages there are (include_paging_counts): the rest go several at a time.
    assert pages[0].query_values("page") == ["1"]
    assert sorted(int(r.query_values("page")[0]) for r in pages) == list(range(1, len(pages) + 1))
    assert all(r.query_values("per_page") == ["100"] for r in pages)
    assert all(r.query_values("include_paging_counts") == ["true"] for r in pages)
    assert len(pages) == -(-len(expected) // 100)


def test_naming_a_page_returns_that_page_alone(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    emulator(salesloft).seed("accounts", 30)
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    mark = len(salesloft.emulator.requests.all())
    response = account.post(f"/v1.0/account/connectors/{installed}/methods/{uid}/body",
                            json={"Parameters": {"page": 2, "per_page": 10}})  # fmt: skip
    assert response.status_code == 200
    assert len(response.json()["data"]) == 10
    assert response.json()["metadata"]["paging"]["current_page"] == 2
    (request,) = sent(salesloft, mark)
    assert request.query_values("page") == ["2"]


@pytest.mark.parametrize(
    ("style", "payload", "message", "context"),
    [
        pytest.param("body", {}, "Required parameter", {"TargetName": "person_id"}, id="missing-mergefield"),
        pytest.param("body", {"Mergefields": {"person_id": "abc"}, "Parameters": {"nope": 1}},
                     "Unknown parameter nope", {"TargetName": "nope"}, id="unknown-target-name"),
        pytest.param("id", {"Parameters": {"999": "x"}}, "Unknown parameter Id 999", {"ParameterId": "999"},
                     id="unknown-parameter-id"),
        # Keyed by TargetName on the route that takes Ids: the answer names the Id and the route that takes names.
        pytest.param("id", {"Parameters": {"person_id": "5"}},
                     "Unknown parameter Id person_id for method Get person (person_id is the TargetName of parameter ",
                     {"ParameterId": "person_id"}, id="target-name-by-id"),
        pytest.param("id", {"Parameters": "not-an-object"}, "Parameters", {}, id="parameters-not-an-object"),
    ],
)  # fmt: skip
def test_get_person_input_errors(
    connected: tuple[Account, int],
    salesloft: EmulatorServer,
    style: str,
    payload: dict[str, Any],
    message: str,
    context: dict[str, Any],
) -> None:
    account, installed = connected
    method = account.methods("salesloft")["Get person"]
    path = f"/v1.0/account/connectors/{installed}/methods/{method['MethodUniqueIdentifier']}"
    mark = len(salesloft.emulator.requests.all())
    response = account.post(path + ("/body" if style == "body" else ""), json=payload)
    assert response.status_code == 400, response.text
    body = response.json()
    assert message in body["Message"]
    for key, value in context.items():
        assert body[key] == value
    if message == "Required parameter":
        assert body["Message"] == "Required parameter Person ID was not provided"
        assert body["ParameterId"] == param_ids(method)["person_id"]
    assert sent(salesloft, mark) == []  # nothing goes upstream on a 400


@pytest.mark.parametrize(
    ("request_body", "message", "location"),
    [
        pytest.param('{"email_address": ', "RequestBody is not valid JSON", None, id="malformed-json"),
        pytest.param('["a"]', "must be a JSON object", None, id="not-an-object"),
        pytest.param('{"favourite_colour": "blue"}', "Unknown field favourite_colour", "favourite_colour",
                     id="unknown-field"),
        pytest.param('{"do_not_contact": "perhaps"}', "must be true or false", "do_not_contact", id="wrong-type"),
    ],
)  # fmt: skip
def test_request_body_errors(
    connected: tuple[Account, int], salesloft: EmulatorServer, request_body: str, message: str, location: str | None
) -> None:
    account, installed = connected
    uid = account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    mark = len(salesloft.emulator.requests.all())
    response = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{uid}/body", json={"RequestBody": request_body}
    )
    assert response.status_code == 400
    assert message in response.json()["Message"]
    if location:
        assert response.json()["Location"] == location
    assert sent(salesloft, mark) == []


def test_fields_keyed_by_location_on_the_id_route_are_told_the_id(
    connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    account, installed = connected
    method = account.methods("salesloft")["Create person"]
    field_id = next(f["Id"] for f in method["RequestFields"] if f["Location"] == "email_address")
    mark = len(salesloft.emulator.requests.all())
    response = account.post(f"/v1.0/account/connectors/{installed}/methods/{method['MethodUniqueIdentifier']}",
                            json={"Fields": {"email_address": "ada@example.com"}})  # fmt: skip
    assert response.status_code == 400
    assert f"(email_address is the Location of field {field_id}: send that Id," in response.json()["Message"]
    assert sent(salesloft, mark) == []


def test_upstream_errors_keep_status_and_body(connected: tuple[Account, int]) -> None:
    account, installed = connected
    methods = account.methods("salesloft")
    missing = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{methods['Get person']['MethodUniqueIdentifier']}/body",
        json={"Mergefields": {"person_id": 987_654_321}},
    )
    assert missing.status_code == 404
    assert missing.json()["Source"] == "Upstream"
    assert missing.json()["UpstreamStatus"] == 404
    assert "error" in missing.json()["UpstreamBody"]
    invalid = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{methods['Create person']['MethodUniqueIdentifier']}/body",
        json={"RequestBody": json.dumps({"first_name": "No email"})},
    )
    assert invalid.status_code == 422
    assert invalid.json()["Message"] == "Salesloft answered 422 Unprocessable Entity"
    assert "errors" in invalid.json()["UpstreamBody"]


def test_unknown_method_and_connector(connected: tuple[Account, int]) -> None:
    account, installed = connected
    assert account.post(f"/v1.0/account/connectors/{installed}/methods/123", json={}).status_code == 404
    unknown_guid = f"/v1.0/account/connectors/{installed}/methods/00000000-0000-4000-8000-000000000000"
    assert account.post(unknown_guid, json={}).status_code == 404
    # Neither an Id nor a GUID: malformed, 400 as Cyclr answers (tests/integration/cyclr/test_errors.py).
    assert account.post(f"/v1.0/account/connectors/{installed}/methods/not-a-method", json={}).status_code == 400
    assert account.post(f"/v1.0/account/connectors/{installed + 10_000}/methods/123", json={}).status_code == 404


def test_unauthenticated_connection_gets_a_clear_error(partner: Partner, salesloft: EmulatorServer) -> None:
    account = partner.new_account()
    installed = account.install("salesloft")
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    mark = len(salesloft.emulator.requests.all())
    response = account.post(f"/v1.0/account/connectors/{installed}/methods/{uid}", json={})
    assert response.status_code == 409
    assert "not authenticated" in response.json()["Message"]
    assert sent(salesloft, mark) == []


def test_wrong_api_key_is_an_upstream_401(partner: Partner, salesloft: EmulatorServer) -> None:
    account = partner.new_account()
    emulator(salesloft).add_api_key("not-the-key")
    installed = account.install("salesloft", AuthValue="not-the-key")  # accepted when saved, revoked since
    emulator(salesloft).revoke_api_key("not-the-key")
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    response = account.post(f"/v1.0/account/connectors/{installed}/methods/{uid}", json={})
    assert response.status_code == 401
    assert response.json()["Source"] == "Upstream"
    assert "not-the-key" not in response.text


def test_test_endpoint_shows_exchanges_with_secrets_redacted(
    connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    account, installed = connected
    (person,) = emulator(salesloft).seed("people", 1)
    method = account.methods("salesloft")["Get person"]
    response = account.post(
        f"/v1.0/account/connectors/{installed}/test/{method['MethodUniqueIdentifier']}",
        json={"Mergefields": {str(param_ids(method)["person_id"]): person["id"]}},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["Status"] == 200
    assert body["Response"]["data"]["id"] == person["id"]
    (exchange,) = body["Exchanges"]
    assert exchange["Request"]["Method"] == "GET"
    assert exchange["Request"]["Url"].endswith(f"/v2/people/{person['id']}")
    assert exchange["Request"]["Headers"]["Authorization"] == "[redacted]"
    assert exchange["Response"]["Status"] == 200
    assert emulator(salesloft).api_key not in response.text
    legacy = account.get(
        f"/v1.0/account/connectors/{installed}/test/{method['Id']}", params={"person_id": person["id"]}
    )
    assert legacy.status_code == 200
    assert legacy.json()["Response"] == body["Response"]


def test_test_endpoint_reports_upstream_failures_with_exchanges(connected: tuple[Account, int]) -> None:
    account, installed = connected
    method = account.methods("salesloft")["Get person"]
    response = account.post(
        f"/v1.0/account/connectors/{installed}/test/{method['MethodUniqueIdentifier']}",
        json={"Mergefields": {str(param_ids(method)["person_id"]): 987_654_321}},
    )
    assert response.status_code == 404
    assert response.json()["Exchanges"][0]["Response"]["Status"] == 404


def test_oversized_request_body_is_refused(connected: tuple[Account, int]) -> None:
    account, installed = connected
    response = account.post(
        f"/v1.0/account/connectors/{installed}/methods/1/body",
        content=b'{"RequestBody": "' + b"x" * (11 * 1024 * 1024) + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "larger than the limit" in response.json()["Message"]


def test_list_people_finds_a_person_by_email(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    """Beyond the seed catalogue (which lists people only as a DDL): people filtered as Salesloft filters them."""
    account, installed = connected
    people = emulator(salesloft).seed("people", 3)
    wanted = people[1]
    method = account.methods("salesloft")["List people"]["MethodUniqueIdentifier"]
    mark = len(emulator(salesloft).requests.all())
    answer = account.post(f"/v1.0/account/connectors/{installed}/methods/{method}/body",
                          json={"Parameters": {"email_addresses": [wanted["email_address"].upper()]}})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert [p["id"] for p in answer.json()["data"]] == [wanted["id"]]  # matched without case, as Salesloft does
    (request,) = sent(salesloft, mark)
    assert request.path == "/v2/people"
    assert [v for k, v in request.query if k.startswith("email_addresses")] == [wanted["email_address"].upper()]


def test_a_range_filter_takes_only_its_members(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    """Salesloft ignores a member it does not know, so a typo gave the whole list, unfiltered, with nothing said."""
    account, installed = connected
    method = account.methods("salesloft")["List people"]["MethodUniqueIdentifier"]
    url = f"/v1.0/account/connectors/{installed}/methods/{method}/body"
    mark = len(emulator(salesloft).requests.all())
    refused = account.post(url, json={"Parameters": {"updated_at": {"after": "2024-01-01T00:00:00Z"}}})
    assert refused.status_code == 400
    assert refused.json()["Message"] == "Parameter Updated At takes the members gt, gte, lt, lte, not 'after'"
    assert sent(salesloft, mark) == []  # nothing went upstream
    since = "2024-01-01T00:00:00Z"
    answer = account.post(url, json={"Parameters": {"updated_at": {"gte": since}}})
    assert answer.status_code == 200, answer.text
    (request,) = sent(salesloft, mark)
    assert ("updated_at[gte]", since) in request.query
