"""Tools as a model's API takes them: schemas its validator accepts, errors and notes it can act on."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from tests.harness import Account, Partner, SwitchboardServer
from tests.integration.test_mcp import mcp_session, partner_headers, text

# What OpenAI's function-calling API takes as a tool name.
OPENAI_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def subschemas(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema inside ``schema`` (itself included), with where it sits."""
    yield path, schema
    for name, child in schema.get("properties", {}).items():
        yield from subschemas(child, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from subschemas(schema["items"], f"{path}[]")
    for index, branch in enumerate(schema.get("anyOf", [])):
        yield from subschemas(branch, f"{path}|{index}")


def test_openai_tool_definitions_pass_its_schema_rules(connected: tuple[Account, int]) -> None:
    """OpenAI answers 400 "array schema missing items" for a tool whose array has no ``items``."""
    account, installed = connected
    response = account.get(f"/v1.0/account/connectors/{installed}/tools", params={"format": "openai"})
    assert response.status_code == 200, response.text
    problems = []
    for tool in response.json():
        function = tool["function"]
        name, parameters = function["name"], function["parameters"]
        if not OPENAI_NAME.match(name) or not function["description"]:
            problems.append(f"{name}: name or description")
        if parameters.get("type") != "object" or {"anyOf", "oneOf", "allOf", "enum", "not"} & set(parameters):
            problems.append(f"{name}: top level")
        problems += [
            f"{name}{where}: array schema missing items"
            for where, schema in subschemas(parameters)
            if schema.get("type") == "array" and "items" not in schema
        ]
    assert problems == []


def test_an_array_argument_as_defined_is_sent(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    tools = account.get(f"/v1.0/account/connectors/{installed}/tools", params={"format": "anthropic"}).json()
    ids = next(t for t in tools if t["name"] == "salesloft_list_accounts")["input_schema"]["properties"]["tag"]
    assert ids["type"] == "array" and ids["items"] == {}
    mark = len(salesloft.emulator.requests.all())
    response = account.post(
        f"/v1.0/account/connectors/{installed}/tools/salesloft_list_accounts",
        json={"tag": ["vip", "emea"], "page": 1, "per_page": 5},
    )
    assert response.status_code == 200, response.text
    (sent,) = [r for r in salesloft.emulator.requests.all()[mark:] if r.path == "/v2/accounts"]
    assert "vip" in str(sent.query) and "emea" in str(sent.query), sent.query


def test_a_cut_list_names_the_page_that_follows_the_records_shown(
    connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    """Following the note loses no record: a page of the size first asked would skip the ones cut."""
    account, installed = connected
    salesloft.emulator.seed("accounts", 150)  # type: ignore[attr-defined]
    tool = f"/v1.0/account/connectors/{installed}/tools/salesloft_list_accounts"
    method = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    listed = account.post(f"/v1.0/account/connectors/{installed}/methods/{method}", json={})  # the whole list
    every = [a["id"] for a in listed.json()["data"]]
    for arguments in ({}, {"page": 1, "per_page": 100}):
        body = account.post(tool, json=arguments).json()
        assert body["Truncated"] is True
        note = body["StructuredContent"]["truncated"]
        shown = [a["id"] for a in body["StructuredContent"]["data"]]
        told = re.search(r"call again with page=(\d+) and per_page=(\d+)", note)
        assert told is not None, note
        following = account.post(tool, json={"page": int(told[1]), "per_page": int(told[2])}).json()
        assert following["Truncated"] is False, following["StructuredContent"].get("truncated")
        after = [a["id"] for a in following["StructuredContent"]["data"]]
        assert shown + after == every[: len(shown) + len(after)], (arguments, note)


def test_each_tool_has_a_description_of_its_own(connected: tuple[Account, int]) -> None:
    """A model picks a tool by its description: Cyclr's note on every DDL left 30 of them worded alike."""
    account, installed = connected
    tools = account.get(f"/v1.0/account/connectors/{installed}/tools", params={"format": "anthropic"}).json()
    by_description: dict[str, list[str]] = {}
    for tool in tools:
        by_description.setdefault(tool["description"], []).append(tool["name"])
    assert {d: names for d, names in by_description.items() if len(names) > 1} == {}
    users = next(t for t in tools if t["name"] == "salesloft_list_users_ddl")["description"]
    assert users.startswith("Salesloft: List users (DDL): the choices") and "can only be called" not in users
    locales = next(t for t in tools if t["name"] == "salesloft_list_locales_ddl")["description"]
    assert locales.endswith("Locales Salesloft accepts for people and accounts.")  # its own words kept


def test_two_connections_to_one_app_say_which_each_tool_acts_in(partner: Partner, salesloft: EmulatorServer) -> None:
    """``salesloft_get_person`` and ``salesloft_get_person_<id>``: the descriptions name the connection of each."""
    key: str = salesloft.emulator.api_key  # type: ignore[attr-defined]
    account = partner.new_account()
    emea = account.install("salesloft", AuthValue=key, Name="EMEA team")
    us = account.install("salesloft", AuthValue=key, Name="US team")
    listed = {
        t["name"]: t["description"]
        for installed in (emea, us)
        for t in account.get(f"/v1.0/account/connectors/{installed}/tools", params={"format": "anthropic"}).json()
    }
    assert listed["salesloft_get_person"].startswith(f"Salesloft (connection {emea} 'EMEA team'): ")
    assert listed[f"salesloft_get_person_{us}"].startswith(f"Salesloft (connection {us} 'US team'): ")
    assert len(set(listed.values())) == len(listed)
    alone = partner.new_account()
    only = alone.install("salesloft", AuthValue=key, Name="Solo")
    tools = alone.get(f"/v1.0/account/connectors/{only}/tools", params={"format": "anthropic"}).json()
    assert next(t for t in tools if t["name"] == "salesloft_get_person")["description"].startswith("Salesloft: ")


def test_one_record_too_large_is_shown_cut_not_dropped(connected: tuple[Account, int]) -> None:
    """A record over the bound with no list to cut answered ``null`` and "ask for a single record by its id"."""
    account, installed = connected
    tools = f"/v1.0/account/connectors/{installed}/tools"
    email = f"long-{uuid.uuid4().hex[:8]}@example.com"
    create = account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    created = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{create}/body",
        json={"RequestBody": json.dumps({"email_address": email, "title": "CEO " * 10000})},
    )
    assert created.status_code == 200, created.text
    person = str(created.json()["data"]["id"])
    body = account.post(f"{tools}/salesloft_get_person", json={"person_id": person}).json()
    assert body["Truncated"] is True
    note = body["StructuredContent"]["truncated"]
    assert "one record too large to show whole" in note and "by its id" not in note
    assert body["Text"].startswith(note)
    shown = body["StructuredContent"]["text"]
    assert shown.startswith('{"data":{"id":' + person) and "CEO CEO" in shown
    assert len(body["Text"].encode()) <= 32 * 1024


async def test_a_revoked_key_is_told_as_the_users_to_fix(
    switchboard: SwitchboardServer, partner: Partner, salesloft: EmulatorServer
) -> None:
    """The app refuses a key it took at install: the model is told no argument fixes it, the user must reconnect."""
    key = f"revoked-{uuid.uuid4().hex}"
    salesloft.emulator.add_api_key(key)  # type: ignore[attr-defined]
    account = partner.new_account()
    account.install("salesloft", AuthValue=key)
    salesloft.emulator.revoke_api_key(key)  # type: ignore[attr-defined]
    async with mcp_session(switchboard, partner_headers(account)) as session:
        refused = await session.call_tool("salesloft_get_person", {"person_id": "1"})
    assert refused.is_error is True
    assert "Salesloft answered 401" in text(refused)
    assert "the user must connect it again" in text(refused)
    assert key not in text(refused)


async def test_a_rate_limited_tool_error_says_when_to_try_again(
    switchboard: SwitchboardServer, connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    """REST callers get Retry-After; a model reads only the tool result, so it says when too."""
    account, _ = connected
    limited = Fault(kind="error", status=429, retry_after="600", path_prefix="/v2/people/", times=None)
    with salesloft.emulator.faults.armed(limited):
        async with mcp_session(switchboard, partner_headers(account)) as session:
            result = await session.call_tool("salesloft_get_person", {"person_id": "1"})
    assert result.is_error is True
    assert "Try again in 600 s or later" in text(result), text(result)
    assert result.structured_content is not None and result.structured_content["RetryAfter"] == 600
