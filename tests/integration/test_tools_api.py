"""Tools without MCP: function-calling schemas per vendor, and calls with a model's raw arguments."""

from __future__ import annotations

import json
import socket
import time
import uuid

import httpx

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account

JSON_MEDIA = "The request body must be JSON, sent with Content-Type: application/json"
NOT_AN_OBJECT = "The request body must be a JSON object ({...}), not a list or a single value"


def test_each_vendor_shape_lists_the_same_tools(connected: tuple[Account, int]) -> None:
    account, installed = connected
    shapes = {}
    for fmt in ("openai", "anthropic", "mcp"):
        response = account.get(f"/v1.0/account/connectors/{installed}/tools", params={"format": fmt})
        assert response.status_code == 200, response.text
        shapes[fmt] = response.json()
    openai = {t["function"]["name"]: t["function"] for t in shapes["openai"] if t["type"] == "function"}
    anthropic = {t["name"]: t for t in shapes["anthropic"]}
    mcp = {t["name"]: t for t in shapes["mcp"]}
    assert set(openai) == set(anthropic) == set(mcp)
    assert len(mcp) == len(account.methods("salesloft"))
    create = "salesloft_create_account"
    assert openai[create]["parameters"] == anthropic[create]["input_schema"] == mcp[create]["inputSchema"]
    assert set(mcp[create]["inputSchema"]["required"]) == {"full_name", "domain"}
    assert mcp[create]["annotations"]["readOnlyHint"] is False
    assert mcp["salesloft_delete_person"]["annotations"]["destructiveHint"] is True
    unknown = account.get(f"/v1.0/account/connectors/{installed}/tools", params={"format": "gemini"})
    assert unknown.status_code in {400, 422}, unknown.text


def test_the_list_narrows_to_what_a_models_api_takes(connected: tuple[Account, int]) -> None:
    """OpenAI takes at most 128 tools: words, a category and readOnly narrow a connector's list to fit."""
    account, installed = connected
    url = f"/v1.0/account/connectors/{installed}/tools"
    every = {t["name"]: t for t in account.get(url).json()}
    people = account.get(url, params={"query": "PERSON get", "format": "openai"}).json()
    names = {t["function"]["name"] for t in people}
    assert "salesloft_get_person" in names and "salesloft_get_account" not in names
    said = {n: f"{n} {t['description']}".lower() for n, t in every.items()}
    assert names == {n for n, text in said.items() if "person" in text and "get" in text}
    calls = {t["name"] for t in account.get(url, params={"category": "calls", "readOnly": "true"}).json()}
    assert calls and "salesloft_list_calls" in calls and "salesloft_create_call" not in calls
    assert all(every[n]["annotations"]["readOnlyHint"] for n in calls)
    assert account.get(url, params={"query": "no tool says this"}).json() == []
    assert account.get(url, params={"query": "x" * 201}).status_code in {400, 422}


def test_call_a_tool_with_raw_arguments(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    domain = f"initech-{uuid.uuid4().hex[:8]}.example"  # the emulator is shared: domains are unique
    mark = len(salesloft.emulator.requests.all())
    response = account.post(
        f"/v1.0/account/connectors/{installed}/tools/salesloft_create_account",
        json={"full_name": "Initech", "domain": domain, "do_not_contact": True},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["StructuredContent"]["data"]["name"] == "Initech"
    assert body["Truncated"] is False
    (sent,) = [r for r in salesloft.emulator.requests.all()[mark:] if r.path.startswith("/v2/")]
    assert (sent.method, sent.path) == ("POST", "/v2/accounts")
    assert json.loads(sent.body) == {"name": "Initech", "domain": domain, "do_not_contact": True}


def test_the_answer_has_exactly_the_documented_members(connected: tuple[Account, int]) -> None:
    """The OpenAPI document types a tool call's answer; the fast path's bytes are those members, in that order."""
    account, installed = connected
    url = f"/v1.0/account/connectors/{installed}/tools/salesloft_list_accounts"
    response = account.post(url, json={"per_page": 5, "page": 1})  # one page: the emulator is shared
    assert response.status_code == 200, response.text
    members = json.loads(response.content, object_pairs_hook=lambda pairs: pairs)
    assert [key for key, _ in members] == ["Tool", "Text", "StructuredContent", "Truncated"]
    body = response.json()
    assert body["Tool"] == "salesloft_list_accounts" and isinstance(body["Text"], str)
    assert isinstance(body["StructuredContent"]["data"], list) and body["Truncated"] is False
    document = account.partner.http.get("/openapi.json").json()
    operation = document["paths"]["/v1.0/account/connectors/{connector_id}/tools/{name}"]["post"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert list(schema["properties"]) == [key for key, _ in members] == schema["required"]
    types = {key: spec.get("type") for key, spec in schema["properties"].items()}
    assert types == {"Tool": "string", "Text": "string", "StructuredContent": "object", "Truncated": "boolean"}


def test_a_bad_argument_is_a_400_naming_it(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    mark = len(salesloft.emulator.requests.all())
    response = account.post(
        f"/v1.0/account/connectors/{installed}/tools/salesloft_create_account",
        json={"full_name": "Initech", "domain": "initech.example", "owner_id": "Bob"},
    )
    assert response.status_code == 400, response.text
    assert "owner_id" in json.dumps(response.json())
    missing = account.post(f"/v1.0/account/connectors/{installed}/tools/salesloft_nothing_here", json={})
    assert missing.status_code == 404, missing.text
    assert [r for r in salesloft.emulator.requests.all()[mark:] if r.path.startswith("/v2/")] == []


def test_a_large_answer_is_cut_with_a_note_on_paging(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    assert isinstance(salesloft.emulator, SalesloftEmulator)
    salesloft.emulator.seed("accounts", 120)
    response = account.post(f"/v1.0/account/connectors/{installed}/tools/salesloft_list_accounts", json={})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["Truncated"] is True
    assert len(body["Text"].encode()) <= 32 * 1024
    note = body["StructuredContent"]["truncated"]
    assert f"page=2 and per_page={len(body['StructuredContent']['data'])}" in note and "records shown" in note
    assert body["Text"].startswith(note)
    shown = body["StructuredContent"]["data"]
    assert 0 < len(shown) < len(salesloft.emulator.records("accounts"))
    # Asking for one page, as the note says, answers whole.
    page = account.post(
        f"/v1.0/account/connectors/{installed}/tools/salesloft_list_accounts", json={"page": 2, "per_page": 10}
    )
    assert page.status_code == 200, page.text
    assert page.json()["Truncated"] is False
    assert len(page.json()["StructuredContent"]["data"]) == 10


def test_what_the_route_declares_is_checked_before_the_caller_and_worded_alike(
    connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    # The call is answered ahead of FastAPI (api.fastpath.tools): the declared route's rules and words.
    account, installed = connected
    tool = f"/v1.0/account/connectors/{installed}/tools/salesloft_get_person"
    as_json = {"Content-Type": "application/json"}
    mark = len(salesloft.emulator.requests.all())
    cases = [
        (tool, as_json, b"[1, 2]", NOT_AN_OBJECT),
        (tool, {"Content-Type": "text/plain"}, b"{}", JSON_MEDIA),
        (tool, as_json, b"{nope", "The request body is not valid JSON: Bad key name (eof) at line 1 column 6"),
        (
            "/v1.0/account/connectors/abc/tools/salesloft_get_person",
            as_json,
            b'"x"',
            f"Path parameter connector_id must be a whole number; {NOT_AN_OBJECT}",
        ),
        (
            "/v1.0/account/connectors/0/tools/x",
            as_json,
            b"{}",
            "Path parameter connector_id must be 1 or more",
        ),
    ]
    with httpx.Client(base_url=account.partner.http.base_url) as bare:  # no token, no account
        for path, headers, body, message in cases:
            response = account.post(path, content=body, headers=headers)
            assert (response.status_code, response.json()) == (400, {"Message": message}), (path, body)
            nobody = bare.post(path, content=body, headers=headers)  # no token: still the 400 first
            assert (nobody.status_code, nobody.json()) == (400, {"Message": message}), (path, body)
        unauthenticated = bare.post(tool, json={"person_id": 1})
    assert unauthenticated.status_code == 401, unauthenticated.text
    assert unauthenticated.json()["Message"].startswith("Authorization header is missing")
    other = account.post("/v1.0/account/connectors/2147483647/tools/salesloft_get_person", json={"person_id": 1})
    assert (other.status_code, other.json()) == (404, {"Message": "Account connector 2147483647 was not found"})
    assert [r for r in salesloft.emulator.requests.all()[mark:] if r.path.startswith("/v2/")] == []
    for empty in (b"", b"null"):  # no arguments: the method's own check names the one it needs
        response = account.post(tool, content=empty, headers=as_json)
        assert response.status_code == 400, response.text
        assert response.json()["TargetName"] == "person_id"
    # A body without a Content-Type is read as JSON, as the declared routes read one (Cyclr's docs send them so).
    untyped = account.post(tool, content=b"{}")
    assert "content-type" not in untyped.request.headers
    assert untyped.status_code == 400 and untyped.json()["TargetName"] == "person_id", untyped.text
    assert account.get(tool).status_code == 405  # other methods are FastAPI's, as before
    for trips in (b"/*\t", b"[1e999]"):  # trip the lenient reader itself
        broken = account.post(tool, content=trips, headers=as_json)
        assert broken.status_code == 400 and broken.json()["Message"].startswith("The request body is not valid JSON")
        declared = account.partner.http.post("/v1.0/accounts", content=trips, headers=as_json)
        assert declared.status_code == 400 and declared.json()["Message"].startswith("The request body is not valid")
    signed = account.post(f"/v1.0/account/connectors/+{installed}/tools/salesloft_get_person", json={})
    assert signed.json().get("TargetName") == "person_id", signed.text  # "+5" is the id 5, as pydantic reads it


def test_a_client_gone_before_its_body_is_whole_calls_nothing(
    connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    account, installed = connected
    mark = len(salesloft.emulator.requests.all())
    base = account.partner.http.base_url
    head = (
        f"POST /v1.0/account/connectors/{installed}/tools/salesloft_list_accounts HTTP/1.1\r\n"
        f"Host: {base.host}\r\nAuthorization: Bearer {account.partner.token}\r\n"
        f"X-Cyclr-Account: {account.api_id}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
    with socket.create_connection((base.host, base.port), timeout=5) as client:
        client.sendall(head.encode() + b"{}")  # JSON, but 2 bytes of the 100 announced: then gone
    time.sleep(0.5)
    assert [r for r in salesloft.emulator.requests.all()[mark:] if r.path.startswith("/v2/")] == []
    # The same call, whole, does reach the provider: the check above could have failed.
    assert account.post(f"/v1.0/account/connectors/{installed}/tools/salesloft_list_accounts", json={}).is_success
    sent = [r.path for r in salesloft.emulator.requests.all()[mark:] if r.path.startswith("/v2/")]
    assert sent and set(sent) == {"/v2/accounts"}


def test_a_body_that_is_not_sent_as_json_is_told_so(connected: tuple[Account, int]) -> None:
    # What curl -d sends (a form's media type): the answer says what to change, on every kind of route.
    account, installed = connected
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    declared = account.partner.http.post("/v1.0/accounts", content=b'{"Name": "Initech"}', headers=form)
    call = account.post(f"/v1.0/account/connectors/{installed}/methods/x", content=b"{}", headers=form)
    tool = account.post(f"/v1.0/account/connectors/{installed}/tools/x", content=b"{}", headers=form)
    for answer in (declared, call, tool):
        assert (answer.status_code, answer.json()) == (400, {"Message": JSON_MEDIA}), answer.request.url
