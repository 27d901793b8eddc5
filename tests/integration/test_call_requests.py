"""Malformed call requests get the declared routes' 400s from the fast path, and nothing goes upstream."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import Account, Partner


@pytest.fixture
def connected(partner: Partner, salesloft_api_key: str) -> tuple[Account, int]:
    account = partner.new_account()
    return account, account.install("salesloft", AuthValue=salesloft_api_key)


@pytest.mark.parametrize(
    ("path", "request_kwargs", "message"),
    [
        pytest.param("/0/methods/{uid}", {"json": {}}, "Path parameter connector_id must be 1 or more",
                     id="id-zero"),
        pytest.param("/2147483648/methods/{uid}", {"json": {}}, "connector_id must be 2147483647 or less",
                     id="id-too-large"),
        pytest.param("/abc/methods/{uid}/body", {"json": {}}, "Path parameter connector_id must be a whole number",
                     id="id-not-a-number"),
        pytest.param("/{id}/methods/{uid}", {"content": b"{nope", "headers": {"Content-Type": "application/json"}},
                     "The request body is not valid JSON", id="broken-json"),
        pytest.param("/{id}/methods/{uid}", {"json": [1, 2]}, "The request body must be a JSON object ({...}), not a "
                     "list or a single value", id="body-is-a-list"),
        pytest.param("/{id}/methods/{uid}", {"content": b"a=b", "headers": {"Content-Type": "text/plain"}},
                     "The request body must be JSON, sent with Content-Type: application/json", id="not-json"),
        pytest.param("/{id}/test/{uid}", {"json": {"Fields": 3}}, "Fields must be a JSON object ({...})",
                     id="fields-not-an-object"),
        pytest.param("/{id}/methods/{uid}/body", {"json": {"RequestBody": {"a": 1}}},
                     "RequestBody must be a string", id="request-body-not-a-string"),
        # The commonest slip after a first call: the body as JSON itself; the answer shows the string form.
        pytest.param("/{id}/methods/{uid}/body", {"json": {"RequestBody": {"email_address": "ada@example.com"}}},
                     'RequestBody must be a string: the body as one string of JSON (or XML), '
                     '"RequestBody": "{\\"email_address\\": ...}", not a JSON object or list',
                     id="request-body-an-object-shows-the-string-form"),
        pytest.param("/{id}/methods/{uid}/body", {"json": {"CustomCategoryId": "x"}},
                     "CustomCategoryId must be a whole number", id="category-not-an-integer"),
    ],
)  # fmt: skip
def test_malformed_requests_are_400s(
    connected: tuple[Account, int], salesloft: EmulatorServer, path: str, request_kwargs: dict[str, Any], message: str
) -> None:
    account, installed = connected
    uid = account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"]
    mark = len(salesloft.emulator.requests.all())
    url = "/v1.0/account/connectors" + path.format(id=installed, uid=uid)
    response = account.post(url, **request_kwargs)
    assert response.status_code == 400, response.text
    assert message in response.json()["Message"]
    assert salesloft.emulator.requests.all()[mark:] == []


def test_a_body_labelled_text_json_is_read_as_json(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    """ASP.NET, Cyclr's server, takes ``text/json`` as JSON: a client written for it may send that."""
    account, installed = connected
    text_json = {"Content-Type": "text/json; charset=utf-8"}
    uid = account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"]
    mark = len(salesloft.emulator.requests.all())
    person = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{uid}/body",
        content=orjson.dumps({"Mergefields": {"person_id": 987_654_321}}),
        headers=text_json,
    )
    assert person.status_code == 404, person.text  # Salesloft has no such person: the call was made as asked
    assert [r.path for r in salesloft.emulator.requests.all()[mark:]] == ["/v2/people/987654321"]
    name = f"Text JSON {installed}"
    created = account.partner.http.post("/v1.0/accounts", content=orjson.dumps({"Name": name}), headers=text_json)
    assert created.status_code == 200, created.text
    assert created.json()["Name"] == name


def test_token_is_checked_before_inputs_and_account_header(connected: tuple[Account, int]) -> None:
    account, _ = connected
    url = "/v1.0/account/connectors/abc/methods/x"
    no_token = account.partner.http.post(url, json=[], headers={"Authorization": "Bearer nope"})
    assert no_token.status_code == 401
    no_account = account.partner.http.post(url, json=[])
    assert no_account.status_code == 400
    assert "X-Cyclr-Account" in no_account.json()["Message"]


def test_snake_case_members_are_accepted_like_the_schema(connected: tuple[Account, int]) -> None:
    account, installed = connected
    uid = account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"]
    response = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{uid}/body", json={"mergefields": {"person_id": 987_654_321}}
    )
    assert response.status_code == 404  # reached the emulator, which has no such person
    assert response.json()["Source"] == "Upstream"


def test_other_verbs_and_paths_still_reach_fastapi(connected: tuple[Account, int]) -> None:
    account, installed = connected
    assert account.put(f"/v1.0/account/connectors/{installed}/methods/1", json={}).status_code == 405
    assert account.post(f"/v1.0/account/connectors/{installed}/test/1/body", json={}).status_code == 404


def test_the_fast_path_outside_starlette_keeps_its_headers_and_errors(
    connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    """The call routes are served ahead of Starlette's middleware: the edge still gives every answer its
    request id and nosniff, takes a trailing slash, refuses a body past the limit and maps errors."""
    account, installed = connected
    uid = account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"]
    url = f"/v1.0/account/connectors/{installed}/methods/{uid}/body/"  # Cyclr's trailing slash: no redirect
    answer = account.post(url, json={"Mergefields": {"person_id": 987_654_321}}, headers={"X-Request-Id": "edge-1"})
    assert (answer.status_code, answer.json()["Source"]) == (404, "Upstream"), answer.text
    assert answer.headers["X-Request-Id"] == "edge-1"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    missing = account.post(url, json={})
    assert missing.status_code == 400 and "Required parameter Person ID" in missing.json()["Message"]
    assert missing.headers["X-Content-Type-Options"] == "nosniff" and len(missing.headers["X-Request-Id"]) == 32
    mark = len(salesloft.emulator.requests.all())
    huge = account.post(url, content=b'{"RequestBody": "' + b"x" * (11 * 1024 * 1024) + b'"}')
    assert huge.status_code == 413 and "larger than the limit" in huge.json()["Message"]
    assert huge.headers["X-Content-Type-Options"] == "nosniff" and huge.headers["X-Request-Id"]
    assert salesloft.emulator.requests.all()[mark:] == []
