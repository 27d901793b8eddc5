"""Agents over MCP: the official ``mcp`` client against the real server and the emulators."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, TextContent

from switchboard_emulators import EmulatorServer, RecordedRequest
from tests.harness import Account, Partner, SwitchboardServer, logged
from tests.integration.test_constant_contact import connect
from tests.integration.test_constant_contact import emulator as cc_emulator


@asynccontextmanager
async def mcp_session(server: SwitchboardServer, headers: dict[str, str], mode: str = "auto") -> AsyncIterator[Client]:
    """A connected MCP client over Streamable HTTP, as an agent runtime would open one: by default
    the SDK's own negotiation (the 2026 era's ``server/discover``), or ``legacy`` (``initialize``)."""
    http = httpx2.AsyncClient(headers=headers)
    async with http, Client(streamable_http_client(f"{server.url}/mcp", http_client=http), mode=mode) as client:
        assert client.server_info is not None and client.server_info.name == "switchboard"
        yield client


def partner_headers(account: Account) -> dict[str, str]:
    return {"Authorization": f"Bearer {account.partner.token}", "X-Cyclr-Account": account.api_id}


def new_token(account: Account, **body: Any) -> dict[str, Any]:
    response = account.partner.http.post(f"/v1.0/accounts/{account.api_id}/mcptokens", json={"Name": "agent", **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    assert created["Token"].startswith("sbmcp_")
    return created


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upstream(server: EmulatorServer, since: int, prefix: str) -> list[RecordedRequest]:
    return [r for r in server.emulator.requests.all()[since:] if r.path.startswith(prefix)]


def text(result: CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, TextContent))


@pytest.fixture(scope="module")
def salesloft_account(partner: Partner, salesloft: EmulatorServer) -> tuple[Account, int, int]:
    """An account with Salesloft installed twice (two teams), both authenticated by API key."""
    key: str = salesloft.emulator.api_key  # type: ignore[attr-defined]
    account = partner.new_account()
    return account, account.install("salesloft", AuthValue=key), account.install("salesloft", AuthValue=key)


@pytest.mark.parametrize("mode", ["auto", "legacy"])  # a 2026-era client, and one that sends initialize
async def test_initialize_list_and_call_a_salesloft_tool(
    switchboard: SwitchboardServer, salesloft_account: tuple[Account, int, int], salesloft: EmulatorServer, mode: str
) -> None:
    account, _, second = salesloft_account
    email = f"grace-{uuid.uuid4().hex[:8]}@example.com"  # the emulator is shared: addresses are unique
    async with mcp_session(switchboard, partner_headers(account), mode) as session:
        assert (session.protocol_version >= "2026") is (mode == "auto"), session.protocol_version
        tools = {t.name: t for t in (await session.list_tools()).tools}
        create = tools["salesloft_create_person"]
        assert f"salesloft_create_person_{second}" in tools  # the second install's copy, told apart
        assert create.input_schema["properties"]["email_address"]["type"] == "string"
        assert create.annotations is not None and create.annotations.read_only_hint is False
        listing = tools["salesloft_list_accounts"]
        assert listing.annotations is not None and listing.annotations.read_only_hint is True
        mark = len(salesloft.emulator.requests.all())
        result = await session.call_tool("salesloft_create_person", {"email_address": email, "first_name": "Grace"})
    assert result.is_error is False, text(result)
    assert result.structured_content is not None
    assert result.structured_content["data"]["email_address"] == email
    assert json.loads(text(result))["data"]["first_name"] == "Grace"
    (sent,) = upstream(salesloft, mark, "/v2/")
    assert (sent.method, sent.path) == ("POST", "/v2/people")
    assert json.loads(sent.body) == {"email_address": email, "first_name": "Grace"}


async def test_a_tool_call_is_logged_under_its_http_request_id(
    switchboard: SwitchboardServer, salesloft_account: tuple[Account, int, int], salesloft: EmulatorServer
) -> None:
    # An agent runtime that sends X-Request-Id finds its tool call in the call log under that id.
    account, installed, _ = salesloft_account
    request_id = f"agent-{uuid.uuid4().hex[:12]}"
    person: int = salesloft.emulator.seed("people", 1)[0]["id"]  # type: ignore[attr-defined]
    async with mcp_session(switchboard, {**partner_headers(account), "X-Request-Id": request_id}) as session:
        result = await session.call_tool("salesloft_get_person", {"person_id": str(person)})
    assert result.is_error is False, text(result)
    call = logged(account.partner.http, request_id)
    assert (call["Kind"], call["MethodName"], call["AccountConnectorId"]) == ("tool", "Get person", installed)
    assert call["Ok"] is True and call["Status"] == 200


async def test_bad_arguments_are_a_tool_error_naming_them_and_send_nothing(
    switchboard: SwitchboardServer, salesloft_account: tuple[Account, int, int], salesloft: EmulatorServer
) -> None:
    account, _, _ = salesloft_account
    mark = len(salesloft.emulator.requests.all())
    async with mcp_session(switchboard, partner_headers(account)) as session:
        missing = await session.call_tool("salesloft_create_account", {"domain": "example.com"})
        wrong_type = await session.call_tool(
            "salesloft_create_person", {"email_address": "a@example.com", "owner_id": "not a number"}
        )
        unknown = await session.call_tool("salesloft_create_person", {"emial_address": "a@example.com"})
        no_such_tool = await session.call_tool("salesloft_launch_rocket", {})
    assert missing.is_error and "full_name" in text(missing)
    assert wrong_type.is_error and "owner_id" in text(wrong_type)
    assert unknown.is_error and "emial_address" in text(unknown)
    assert unknown.structured_content is not None and unknown.structured_content["Argument"] == "emial_address"
    assert no_such_tool.is_error and "salesloft_launch_rocket" in text(no_such_tool)
    assert upstream(salesloft, mark, "/v2/") == []


async def test_a_token_scoped_to_one_account_connector_sees_and_calls_only_its_tools(
    switchboard: SwitchboardServer, salesloft_account: tuple[Account, int, int], salesloft: EmulatorServer
) -> None:
    account, first, second = salesloft_account
    token = new_token(account, AccountConnectorIds=[first])["Token"]
    mark = len(salesloft.emulator.requests.all())
    async with mcp_session(switchboard, bearer(token)) as session:
        names = {t.name for t in (await session.list_tools()).tools}
        foreign = await session.call_tool(f"salesloft_create_person_{second}", {"email_address": "x@example.com"})
    assert "salesloft_create_person" in names
    assert not any(name.endswith(f"_{second}") for name in names)
    assert foreign.is_error and "not found" in text(foreign)
    assert upstream(salesloft, mark, "/v2/") == []
    # The same over REST: the other account connector does not exist for this token.
    async with httpx.AsyncClient(base_url=switchboard.url) as client:
        other = await client.get(f"/v1.0/account/connectors/{second}/tools", headers=bearer(token))
    assert other.status_code == 404, other.text
    # The partner API is not its to use, and the answer says which token belongs there.
    async with httpx.AsyncClient(base_url=switchboard.url) as client:
        accounts = await client.get("/v1.0/accounts", headers=bearer(token))
    assert accounts.status_code == 401, accounts.text
    assert accounts.json()["Message"].startswith("An MCP token works at /mcp and the tool routes")
    assert token not in accounts.text


async def test_a_read_only_token_lists_reads_only_and_cannot_call_a_write(
    switchboard: SwitchboardServer, salesloft_account: tuple[Account, int, int], salesloft: EmulatorServer
) -> None:
    account, _, _ = salesloft_account
    token = new_token(account, ReadOnly=True)["Token"]
    mark = len(salesloft.emulator.requests.all())
    async with mcp_session(switchboard, bearer(token)) as session:
        tools = (await session.list_tools()).tools
        write = await session.call_tool("salesloft_create_person", {"email_address": "w@example.com"})
        read = await session.call_tool("salesloft_list_accounts", {"per_page": 5, "page": 1})
    assert tools and all(t.annotations is not None and t.annotations.read_only_hint for t in tools)
    assert write.is_error
    assert read.is_error is False, text(read)
    sent = upstream(salesloft, mark, "/v2/")
    assert [(r.method, r.path) for r in sent] == [("GET", "/v2/accounts")]


async def test_a_read_only_token_cannot_write_through_the_raw_http_method(
    switchboard: SwitchboardServer, salesloft_account: tuple[Account, int, int], salesloft: EmulatorServer
) -> None:
    """N1: the Raw HTTP method is declared as a GET, but its caller picks the verb: it is a write."""
    account, first, _ = salesloft_account
    create = account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    created = account.post(
        f"/v1.0/account/connectors/{first}/methods/{create}/body",
        json={"RequestBody": json.dumps({"email_address": f"raw-{uuid.uuid4().hex[:8]}@example.com"})},
    )
    assert created.status_code == 200, created.text
    person = created.json()["data"]["id"]
    raw_args = {"method": "DELETE", "url": {"endpoint": f"/v2/people/{person}"}}
    async with mcp_session(switchboard, partner_headers(account)) as session:
        everything = {t.name: t for t in (await session.list_tools()).tools}
    raw = everything["salesloft_raw_http_request_advanced"]
    assert raw.annotations is not None
    assert (raw.annotations.read_only_hint, raw.annotations.destructive_hint) == (False, True)
    token = new_token(account, ReadOnly=True)["Token"]
    mark = len(salesloft.emulator.requests.all())
    async with mcp_session(switchboard, bearer(token)) as session:
        names = {t.name for t in (await session.list_tools()).tools}
        refused = await session.call_tool("salesloft_raw_http_request_advanced", raw_args)
    assert "salesloft_raw_http_request_advanced" not in names
    assert "salesloft_list_accounts" in names
    assert refused.is_error
    async with httpx.AsyncClient(base_url=switchboard.url) as client:
        rest = await client.post(
            f"/v1.0/account/connectors/{first}/tools/salesloft_raw_http_request_advanced",
            headers=bearer(token),
            json=raw_args,
        )
    assert rest.status_code == 404, rest.text
    assert upstream(salesloft, mark, "/v2/") == []  # nothing reached Salesloft: the person is still there
    assert salesloft.emulator.store.get("people", person) is not None  # type: ignore[attr-defined]


async def test_revoked_and_expired_tokens_are_refused(
    switchboard: SwitchboardServer, salesloft_account: tuple[Account, int, int]
) -> None:
    account, _, _ = salesloft_account
    revoked, expired = new_token(account), new_token(account)
    async with mcp_session(switchboard, bearer(revoked["Token"])) as session:
        assert (await session.list_tools()).tools  # works until revoked
    deleted = account.partner.http.delete(f"/v1.0/accounts/{account.api_id}/mcptokens/{revoked['Id']}")
    assert deleted.status_code == 204, deleted.text
    # Time passes for the other one: its expiry is moved into the past in the server's own database.
    with sqlite3.connect(switchboard.data_dir / "switchboard.db") as db:
        db.execute("UPDATE mcp_tokens SET expires_at = ? WHERE id = ?", (time.time() - 1, expired["Id"]))
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}  # fmt: skip
    async with httpx.AsyncClient(base_url=switchboard.url) as client:
        for token in (revoked["Token"], expired["Token"], "sbmcp_made-up"):
            refused = await client.post(
                "/mcp", json=initialize, headers={**bearer(token), "Accept": "application/json, text/event-stream"}
            )
            assert refused.status_code == 401, refused.text
            assert "revoked" in refused.json()["Message"]
            assert token not in refused.text
    with pytest.raises(Exception):  # noqa: B017 - the SDK reports a refused session its own way
        async with mcp_session(switchboard, bearer(revoked["Token"])) as session:
            await session.list_tools()
    listed = account.partner.http.get(f"/v1.0/accounts/{account.api_id}/mcptokens").json()
    assert {t["Id"]: t["Revoked"] for t in listed}[revoked["Id"]] is True
    assert all(t.get("Token") is None for t in listed)  # shown once, never again


def _leaves(exc: BaseException) -> list[BaseException]:
    """The exceptions inside the SDK's task-group wrappers."""
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _leaves(inner)]
    return [exc]


async def test_the_official_client_says_why_a_token_is_refused(
    switchboard: SwitchboardServer, salesloft_account: tuple[Account, int, int]
) -> None:
    # The SDK shows a refused request's JSON-RPC error, else only "Server returned an error response".
    for headers in (bearer("sbmcp_made-up"), {}):
        with pytest.raises(BaseException) as refused:
            async with mcp_session(switchboard, headers) as session:
                await session.list_tools()
        errors = [leaf for leaf in _leaves(refused.value) if isinstance(leaf, MCPError)]
        assert errors, refused.value
        assert all("Server returned an error response" not in str(e) for e in errors)
        said = " ".join(str(e) for e in errors)
        assert ("unknown, expired or revoked" if headers else "Authorization") in said, said
        assert "sbmcp_made-up" not in said


async def test_constant_contact_tool_with_nested_arguments(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    account, connection = connect(switchboard.new_partner("CC agents"), cc_emulator(constant_contact))
    token = new_token(account, AccountConnectorIds=[connection], Methods=["*"])["Token"]
    email = f"lin-{uuid.uuid4().hex[:8]}@example.com"
    mark = len(constant_contact.emulator.requests.all())
    async with mcp_session(switchboard, bearer(token)) as session:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        schema = tools["constant_contact_create_contact"].input_schema
        assert schema["properties"]["email_address"]["required"] == ["address"]
        result = await session.call_tool(
            "constant_contact_create_contact",
            {"email_address": {"address": email, "permission_to_send": "implicit"},
             "first_name": "Lin", "create_source": "Account"},
        )  # fmt: skip
    assert result.is_error is False, text(result)
    assert result.structured_content is not None and result.structured_content["first_name"] == "Lin"
    (sent,) = upstream(constant_contact, mark, "/v3/")
    assert (sent.method, sent.path) == ("POST", "/v3/contacts")
    assert json.loads(sent.body)["email_address"] == {"address": email, "permission_to_send": "implicit"}


async def test_the_tool_list_follows_installs_sign_outs_and_removals_at_once(
    switchboard: SwitchboardServer, partner: Partner, salesloft: EmulatorServer
) -> None:
    """The account's list of connections is cached between calls: each write through the API drops it."""
    key: str = salesloft.emulator.api_key  # type: ignore[attr-defined]
    account = partner.new_account()
    first = account.install("salesloft", AuthValue=key)
    async with mcp_session(switchboard, partner_headers(account)) as session:

        async def names() -> set[str]:
            return {t.name for t in (await session.list_tools()).tools}

        assert "salesloft_get_person" in await names()
        second = account.install("salesloft", AuthValue=key)
        assert f"salesloft_get_person_{second}" in await names()
        result = await session.call_tool(f"salesloft_get_person_{second}", {"person_id": 1})
        assert "was not found (or is outside" not in text(result)
        signed_out = account.put(f"/v1.0/account/connectors/{second}/deauthenticate")
        assert signed_out.status_code == 200, signed_out.text
        assert f"salesloft_get_person_{second}" not in await names()
        mark = len(salesloft.emulator.requests.all())
        gone = await session.call_tool(f"salesloft_get_person_{second}", {"person_id": 1})
        # Not "no such tool": the model is told the connection must be signed in again.
        assert gone.is_error is True
        assert f"account connector {second} (Salesloft), is not authenticated" in text(gone)
        assert gone.structured_content is not None
        assert (gone.structured_content["Status"], gone.structured_content["AuthState"]) == (409, "Unauthenticated")
        assert upstream(salesloft, mark, "/v2/") == []
        rest = account.post(f"/v1.0/account/connectors/{second}/tools/salesloft_get_person_{second}", json={})
        assert (rest.status_code, rest.json().get("AuthState")) == (409, "Unauthenticated"), rest.text
        never = await session.call_tool(f"salesloft_get_person_{second + 1000}", {"person_id": 1})
        assert f"Tool salesloft_get_person_{second + 1000} was not found" in text(never)
        removed = account.delete(f"/v1.0/account/connectors/{first}")
        assert removed.status_code == 200, removed.text
        assert not {n for n in await names() if n.startswith("salesloft_")}
