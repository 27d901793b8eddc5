"""The MCP lane (``mcp/lane.py``) answers a 2026-era ``tools/call`` exactly as the SDK does.

The session's server runs with the lane; a second one here runs without it
(``SWITCHBOARD_MCP_TOOL_CALL_LANE=false``: every message through the SDK's own request handling).
The same raw JSON-RPC POSTs go to both, and their answers must agree in status, content type and
every JSON field. ``/metrics`` tells which of them the lane answered and which it left to the SDK.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from mcp_types import CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY
from mcp_types.version import LATEST_HANDSHAKE_VERSION, LATEST_MODERN_VERSION

from switchboard_emulators import EmulatorServer
from tests.harness import Account, SwitchboardServer, server_env
from tests.integration.test_observability import samples

VERSION = LATEST_MODERN_VERSION
META = {
    PROTOCOL_VERSION_META_KEY: VERSION,
    CLIENT_CAPABILITIES_META_KEY: {},
    CLIENT_INFO_META_KEY: {"name": "lane-test", "version": "1.0"},
}


@pytest.fixture(scope="module")
def sdk_only(tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("mcp-sdk-only")
    env = server_env(data_dir, {"salesloft": salesloft.url}, SWITCHBOARD_MCP_TOOL_CALL_LANE="false")
    server = SwitchboardServer(data_dir, env).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def accounts(switchboard: SwitchboardServer, sdk_only: SwitchboardServer, salesloft: EmulatorServer) -> list[Account]:
    """An account with Salesloft on each server: the lane's first, the SDK's second."""
    key: str = salesloft.emulator.api_key  # type: ignore[attr-defined]
    made = []
    for server in (switchboard, sdk_only):
        account = server.new_partner("Lane").new_account()
        account.install("salesloft", AuthValue=key)
        made.append(account)
    return made


def tool_call(request_id: int | str, name: Any, arguments: Any, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    params = {"name": name, "arguments": arguments, "_meta": META if meta is None else meta}
    return {"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": params}


def post(account: Account, message: dict[str, Any], **headers: str | None) -> httpx.Response:
    """POST ``message`` with a 2026-era client's headers, ``headers`` changing them (None: not sent)."""
    name = message["params"].get("name")
    sent = {
        "Authorization": f"Bearer {account.partner.token}",
        "X-Cyclr-Account": account.api_id,
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
        "MCP-Protocol-Version": VERSION,
        "Mcp-Method": "tools/call",
        **({"Mcp-Name": name} if isinstance(name, str) else {}),
        **headers,
    }
    given = {k: v for k, v in sent.items() if v is not None}
    return httpx.post(f"{account.partner.server.url}/mcp", content=json.dumps(message), headers=given, timeout=30)


def both(accounts: list[Account], message: dict[str, Any], **headers: str | None) -> dict[str, Any]:
    """Send ``message`` to both servers; their answers agree field for field. The lane's, parsed."""
    lane, sdk = (post(account, message, **headers) for account in accounts)
    kind = lane.headers.get("content-type")
    assert (lane.status_code, kind) == (sdk.status_code, sdk.headers.get("content-type"))
    if kind != "application/json":  # the SDK's plain refusals (406, a bad Content-Type)
        assert lane.text == sdk.text
        return {}
    assert lane.json() == sdk.json(), (lane.text, sdk.text)
    answer: dict[str, Any] = lane.json()
    return answer


def answered(server: SwitchboardServer) -> dict[str, float]:
    """How many tools/call messages the lane and the SDK answered, from /metrics."""
    counted = samples(server, "switchboard_mcp_tool_calls_total")
    return {dict(labels)["path"]: value for labels, value in counted.items()}


def test_the_lane_answers_tool_calls_as_the_sdk_does(
    switchboard: SwitchboardServer, sdk_only: SwitchboardServer, accounts: list[Account], salesloft: EmulatorServer
) -> None:
    person = salesloft.emulator.seed("people", 1)[0]  # type: ignore[attr-defined]
    before = answered(switchboard)
    found = both(accounts, tool_call(7, "salesloft_get_person", {"person_id": str(person["id"])}))
    result = found["result"]
    assert found["id"] == 7 and result["isError"] is False and result["resultType"] == "complete"
    assert result["structuredContent"]["data"]["id"] == person["id"]  # nulls kept: "last_contacted_at": null
    assert result["structuredContent"]["data"]["last_contacted_at"] is None
    assert result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "switchboard"
    # A string id, a progress token beside the envelope, a tool error (the emulator's 404), and arguments refused.
    meta = {**META, "progressToken": "p-1"}
    assert both(accounts, tool_call("s-1", "salesloft_get_person", {"person_id": "987654321"}, meta))["id"] == "s-1"
    missing = both(accounts, tool_call(8, "salesloft_get_person", {"person_id": "987654321"}))["result"]
    assert missing["isError"] is True and missing["structuredContent"]["Status"] == 404
    refused = both(accounts, tool_call(9, "salesloft_create_person", {"emial_address": "zoë@example.com"}))["result"]
    assert refused["isError"] is True and "emial_address" in refused["content"][0]["text"]
    # An integer past 64 bits stays exact, as the SDK reads it (not a float): refused, naming it digit for digit.
    huge = both(accounts, tool_call(10, "salesloft_list_accounts", {"page": 10**23}))["result"]
    assert huge["isError"] is True and f"not {10**23}" in huge["content"][0]["text"]
    lane = answered(switchboard)
    assert lane.get("lane", 0) - before.get("lane", 0) == 5 and lane.get("sdk", 0) == before.get("sdk", 0)
    assert answered(sdk_only).get("lane", 0) == 0


@pytest.mark.parametrize(
    ("message", "headers"),
    [
        pytest.param(tool_call(1, "salesloft_launch_rocket", {}), {}, id="unknown-tool"),
        pytest.param(tool_call(2, "salesloft_get_person", {"person_id": "1"}), {"Mcp-Name": "other"}, id="name-header"),
        pytest.param(tool_call(3, "salesloft_get_person", {"person_id": "1"}, {}), {}, id="no-envelope"),
        pytest.param(
            tool_call(6, "salesloft_get_person", {"person_id": "1"}),
            {"MCP-Protocol-Version": "2099-01-01"},
            id="unknown-version",
        ),
    ],
)
def test_what_the_lane_leaves_to_the_sdk_is_answered_by_it(
    switchboard: SwitchboardServer, accounts: list[Account], message: dict[str, Any], headers: dict[str, str]
) -> None:
    before = answered(switchboard)
    both(accounts, message, **headers)
    after = answered(switchboard)
    assert after.get("lane", 0) == before.get("lane", 0) and after["sdk"] == before.get("sdk", 0) + 1


HANDSHAKE = {"MCP-Protocol-Version": LATEST_HANDSHAKE_VERSION, "Mcp-Method": None, "Mcp-Name": None}


def test_handshake_era_calls_take_the_lane_and_are_answered_alike(
    switchboard: SwitchboardServer, accounts: list[Account], salesloft: EmulatorServer
) -> None:
    # A client that sent initialize: no envelope in _meta, a handshake version in its header, or none at all.
    person = salesloft.emulator.seed("people", 1)[0]  # type: ignore[attr-defined]
    before = answered(switchboard)
    found = both(accounts, tool_call(1, "salesloft_get_person", {"person_id": str(person["id"])}, {}), **HANDSHAKE)
    assert found["result"]["structuredContent"]["data"]["id"] == person["id"]
    assert "resultType" not in found["result"] and "_meta" not in found["result"]
    missing = tool_call("s-2", "salesloft_get_person", {"person_id": "987654321"}, {"progressToken": 5})
    assert both(accounts, missing, **HANDSHAKE)["result"]["isError"] is True
    unversioned = {**HANDSHAKE, "MCP-Protocol-Version": None}  # the SDK's default version
    assert both(accounts, tool_call(3, "salesloft_list_accounts", {"page": 10**23}, {}), **unversioned)["id"] == 3
    assert both(accounts, tool_call(4, "salesloft_get_person", {}, {}), **HANDSHAKE)["result"]["isError"] is True
    after = answered(switchboard)
    assert after["lane"] - before.get("lane", 0) == 4 and after.get("sdk", 0) == before.get("sdk", 0)
    # What the transport itself refuses stays its own answer: a JSON media type that is not application/json.
    patch = {**HANDSHAKE, "Content-Type": "application/json-patch+json"}
    both(accounts, tool_call(5, "salesloft_get_person", {"person_id": "1"}, {}), **patch)
    assert answered(switchboard)["sdk"] == after.get("sdk", 0) + 1


def odd(**changes: Any) -> dict[str, Any]:
    """A valid Get person call with ``changes`` made to its envelope (``params`` merged, not replaced)."""
    message = tool_call(1, "salesloft_get_person", {"person_id": "987654321"})
    params = {**message["params"], **changes.pop("params", {})}
    return {**message, **changes, "params": params}


@pytest.mark.parametrize(
    ("message", "headers"),
    [
        pytest.param(odd(id=0), {}, id="id-zero"),
        pytest.param(odd(id=-(2**53)), {}, id="id-negative"),
        pytest.param(odd(id=""), {}, id="id-empty-string"),
        pytest.param(odd(extra={"x": 1}), {}, id="extra-envelope-member"),
        pytest.param(odd(params={"_meta": {**META, "custom/key": [1, None]}}), {}, id="extra-meta"),
        pytest.param(odd(params={"arguments": None}), {}, id="arguments-null"),
        pytest.param(odd(params={"arguments": {}}), {}, id="arguments-missing-a-required-one"),
        pytest.param(odd(params={"arguments": {"person_id": "1", "ünïcode": "✓"}}), {}, id="unknown-unicode-name"),
        pytest.param(odd(params={"task": {"ttl": 1000}}), {}, id="task-param"),
        pytest.param(odd(jsonrpc="1.0"), {}, id="jsonrpc-1.0"),
        pytest.param(odd(), {"Accept": "*/*"}, id="accept-wildcard"),
        pytest.param(odd(), {"Accept": "text/event-stream"}, id="accept-sse-only"),
        pytest.param(odd(), {"Content-Type": "application/json; charset=utf-8"}, id="content-type-charset"),
        pytest.param(odd(), {"Content-Type": "text/plain"}, id="content-type-text"),
        pytest.param(odd(), {"Mcp-Method": "tools/list"}, id="method-header-mismatch"),
        pytest.param(odd(params={"_meta": {**META, PROTOCOL_VERSION_META_KEY: "2025-06-18"}}), {}, id="meta-version"),
    ],
)
def test_odd_but_possible_calls_are_answered_alike(
    accounts: list[Account], message: dict[str, Any], headers: dict[str, str]
) -> None:
    both(accounts, message, **headers)
