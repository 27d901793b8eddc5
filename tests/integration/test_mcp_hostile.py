"""Malformed and hostile bodies on ``/mcp`` over raw HTTP: a JSON-RPC error, never a 500 (N7)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.harness import Account, SwitchboardServer
from tests.integration.test_mcp import bearer, new_token

HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def post(
    switchboard: SwitchboardServer, account: Account, body: bytes, account_id: str | None = None
) -> httpx.Response:
    """POST ``body`` to /mcp (for ``account_id``, the account's own by default); the server's log must gain no
    traceback and no ERROR line from it."""
    named = account.api_id if account_id is None else account_id
    headers = {**HEADERS, "Authorization": f"Bearer {account.partner.token}", "X-Cyclr-Account": named}
    logged = switchboard.log_path.stat().st_size
    response = httpx.post(f"{switchboard.url}/mcp", content=body, headers=headers, timeout=30)
    with switchboard.log_path.open("rb") as log:
        log.seek(logged)
        added = log.read()
    assert b"Traceback" not in added and b"ERROR" not in added, added[-2000:]
    return response


def call(name: str, email_depth: int) -> bytes:
    """A tools/call whose ``email_address`` is an object nested ``email_depth`` deep (spelt out:
    json.dumps itself gives up near 1,000)."""
    value = '{"a":' * email_depth + '"x"' + "}" * email_depth
    head = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": name}})
    return f'{head[:-2]}, "arguments": {{"email_address": {value}}}}}}}'.encode()


def rpc_error(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    error: dict[str, Any] = response.json()["error"]
    return error


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"jsonrpc": "2.0", "id": 1, "method": "tools/list", "x": "\xff\xfe"}', id="invalid-utf8"),
        pytest.param(b"\xc3\x28", id="invalid-utf8-only"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 1, "method": "tools/li', id="cut-json"),
    ],
)
def test_unparseable_bodies_are_a_json_rpc_parse_error(
    switchboard: SwitchboardServer, connected: tuple[Account, int], body: bytes
) -> None:
    response = post(switchboard, connected[0], body)
    assert response.status_code == 400, response.text
    assert rpc_error(response)["code"] == -32700


@pytest.mark.parametrize(
    ("body", "says"),
    [
        pytest.param(b'[{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}]', "not a batch", id="batch"),
        pytest.param(b"7", "a JSON object", id="a-number"),
        pytest.param(
            b'{"jsonrpc": "2.0", "id": {"a": 1}, "method": "tools/list"}', "string or an integer", id="id-obj"
        ),
        pytest.param(b'{"jsonrpc": "2.0", "id": 1.5, "method": "tools/list"}', "string or an integer", id="id-float"),
        pytest.param(b'{"jsonrpc": "2.0", "id": true, "method": "tools/list"}', "string or an integer", id="id-bool"),
        pytest.param(b'{"jsonrpc": "2.0", "id": null, "method": "tools/list"}', "string or an integer", id="id-null"),
    ],
)
def test_what_is_no_single_request_is_an_invalid_request_answered(
    switchboard: SwitchboardServer, connected: tuple[Account, int], body: bytes, says: str
) -> None:
    """Not left unanswered as a notification (an odd id), nor a validation dump (a batch)."""
    response = post(switchboard, connected[0], body)
    assert response.status_code == 400, response.text
    error = rpc_error(response)
    assert error["code"] == -32600 and says in error["message"], error
    assert "pydantic" not in response.text


def test_listing_the_tools_of_an_account_not_the_callers_is_invalid_params(
    switchboard: SwitchboardServer, connected: tuple[Account, int]
) -> None:
    """JSON-RPC's own code and the account named, where the SDK would answer code 0 and log a traceback."""
    account, _ = connected
    other = switchboard.new_partner("Someone else").new_account()
    body = json.dumps({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}).encode()
    error = rpc_error(post(switchboard, account, body, account_id=other.api_id))
    assert error["code"] == -32602, error
    assert error["message"] == f"Account {other.api_id} was not found"
    assert error["data"]["Status"] == 404


def test_a_deep_body_is_invalid_params(switchboard: SwitchboardServer, connected: tuple[Account, int]) -> None:
    response = post(switchboard, connected[0], b"[" * 5000 + b"]" * 5000)
    assert response.status_code == 400, response.text
    assert rpc_error(response)["code"] == -32602


@pytest.mark.parametrize("depth", [70, 1_000, 5_000, 100_000])
def test_deeply_nested_arguments_are_invalid_params(
    switchboard: SwitchboardServer, connected: tuple[Account, int], depth: int
) -> None:
    response = post(switchboard, connected[0], call("salesloft_create_person", depth))
    error = rpc_error(response)
    assert error["code"] == -32602
    assert "deeper than 64 levels" in error["message"]


def test_moderately_nested_arguments_still_reach_the_tool(
    switchboard: SwitchboardServer, connected: tuple[Account, int]
) -> None:
    """A depth well inside the bound is the tool's to judge: a tool error naming the argument."""
    response = post(switchboard, connected[0], call("salesloft_create_person", 20))
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert result["isError"] is True
    assert "email_address" in result["content"][0]["text"]


def test_mcp_served_ahead_of_fastapi_keeps_the_edge_and_its_error_answers(
    switchboard: SwitchboardServer, connected: tuple[Account, int]
) -> None:
    """``/mcp`` is answered by the pure-ASGI edge, outside Starlette's stack: same headers, same refusals."""
    account, _ = connected
    headers = {"Authorization": f"Bearer {account.partner.token}", "X-Cyclr-Account": account.api_id}
    wrong_verb = httpx.put(f"{switchboard.url}/mcp", headers={**headers, "X-Request-Id": "mcp-edge"})
    assert wrong_verb.status_code == 405 and wrong_verb.headers["Allow"] == "POST"
    assert wrong_verb.json()["Message"].startswith("Method Not Allowed: /mcp answers each JSON-RPC message POSTed")
    assert wrong_verb.headers["X-Request-Id"] == "mcp-edge"
    assert wrong_verb.headers["X-Content-Type-Options"] == "nosniff"
    no_token = httpx.post(f"{switchboard.url}/mcp/", content=b"{}")  # a trailing slash is the same path
    assert no_token.status_code == 401 and no_token.headers["WWW-Authenticate"] == "Bearer"
    assert no_token.headers["X-Content-Type-Options"] == "nosniff" and no_token.headers["X-Request-Id"]
    huge = b'{"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"x": "' + b"x" * (11 * 1024 * 1024) + b'"}}'
    too_big = httpx.post(f"{switchboard.url}/mcp", content=huge, headers=headers)
    assert too_big.status_code == 413 and "larger than the limit" in too_big.json()["Message"]


@pytest.mark.parametrize("accept", [None, "text/event-stream", "application/json, text/event-stream"])
@pytest.mark.parametrize("verb", ["GET", "HEAD", "DELETE"])
def test_only_post_is_served_and_no_stream_is_held_open(
    switchboard: SwitchboardServer, connected: tuple[Account, int], verb: str, accept: str | None
) -> None:
    """Stateless with JSON answers, /mcp has no GET stream to offer: a 405 at once, never an empty
    event stream held open (one connection per request, without limit, for any token holder)."""
    token = new_token(connected[0])["Token"]
    headers = {**bearer(token), **({"Accept": accept} if accept else {})}
    with httpx.Client(timeout=httpx.Timeout(5.0)) as http:
        answer = http.request(verb, f"{switchboard.url}/mcp", headers=headers)
    assert answer.status_code == 405 and answer.headers["Allow"] == "POST", answer.headers
    assert not answer.headers["Content-Type"].startswith("text/event-stream")
    if verb != "HEAD":
        assert "POST" in answer.json()["Message"]


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        pytest.param(b'{"jsonrpc": "2.0", "id": 4, "method": "tools/list", "params": "x"}', -32602,
                     "params is a JSON object", id="params-a-string"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "x", "arguments": [1]}}',
                     -32602, "arguments are a JSON object", id="arguments-a-list"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 123456789012345678901234567890, "method": "tools/list"}', -32600,
                     "64 bits at most", id="id-past-64-bits"),
        pytest.param(b'{"id": 6, "method": "tools/list"}', -32600, '"jsonrpc": "2.0"', id="no-jsonrpc"),
        pytest.param(b'{"jsonrpc": "1.0", "id": 6, "method": "tools/list"}', -32600, '"jsonrpc": "2.0"',
                     id="jsonrpc-1.0"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 6, "method": 5}', -32600, "the method is a string", id="method-5"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 6}', -32600, "names its method", id="no-method"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 6, "method": "tools/call"}', -32602, "params.name, a string",
                     id="call-without-params"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 6, "method": "tools/call", "params": {"name": 7}}', -32602,
                     "params.name, a string", id="call-name-a-number"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 6, "method": "tools/list", "params": {"cursor": 5}}', -32602,
                     "tools/list: cursor must be a string", id="list-cursor-a-number"),
        pytest.param(b'{"jsonrpc": "2.0", "id": 6, "method": "initialize", "params": {"protocolVersion": "2025-06-18",'
                     b' "capabilities": {}, "clientInfo": {"name": "c"}}}', -32602,
                     "initialize: clientInfo.version is required", id="initialize-no-client-version"),
    ],
)  # fmt: skip
def test_malformed_params_are_named_in_plain_words(
    switchboard: SwitchboardServer, connected: tuple[Account, int], body: bytes, code: int, words: str
) -> None:
    """What the SDK would answer with its validation dump (pydantic's text and links) or with no data."""
    account, _ = connected
    response = post(switchboard, account, body)
    error = rpc_error(response)
    assert error["code"] == code and words in error["message"], error
    assert "pydantic" not in error["message"] and "validation error" not in error["message"]
    if b'"id": 6' in body:  # the request's id, where it has one, goes back with the refusal
        assert response.json()["id"] == 6


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_message_not_labelled_json_is_a_json_rpc_415(
    switchboard: SwitchboardServer, connected: tuple[Account, int], content_type: str | None
) -> None:
    """The SDK's transport check answered these with a bare ``Invalid Content-Type header``, no media type and
    no JSON, where ``application/json-patch+json`` got its JSON-RPC 415: now every label but JSON gets that one."""
    account, _ = connected
    headers = {"Accept": HEADERS["Accept"], "Authorization": f"Bearer {account.partner.token}"}
    headers["X-Cyclr-Account"] = account.api_id
    if content_type is not None:
        headers["Content-Type"] = content_type
    body = json.dumps({"jsonrpc": "2.0", "id": 9, "method": "tools/list"}).encode()
    response = httpx.post(f"{switchboard.url}/mcp", content=body, headers=headers, timeout=30)
    assert response.status_code == 415, response.text
    assert response.headers["Content-Type"] == "application/json"
    error = rpc_error(response)
    assert error["code"] == -32600 and "Content-Type must be application/json" in error["message"], error


def test_a_message_under_the_servers_body_limit_is_read_whatever_its_size(
    switchboard: SwitchboardServer, connected: tuple[Account, int]
) -> None:
    """The SDK's own 4 MiB bound answered a bare ``Request body too large`` (no JSON) to a message the server's
    10 MiB limit takes: one bound now, the server's, whose 413 says it in words (above)."""
    padding = "x" * (5 * 1024 * 1024)
    message = {"jsonrpc": "2.0", "id": 11, "method": "tools/call"}
    message["params"] = {"name": "salesloft_list_accounts", "arguments": {}, "_meta": {"padding": padding}}
    response = post(switchboard, connected[0], json.dumps(message).encode())
    assert response.status_code == 200, response.text[:300]
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["id"] == 11 and "result" in response.json()
