"""Integers past 64 bits: refused with a 400 naming the input on every call route, and never sent."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard_emulators import EmulatorServer, RecordedRequest
from tests.harness import Account, SwitchboardServer
from tests.integration.test_mcp import mcp_session, partner_headers, text

HUGE = 99999999999999999999999  # 23 digits: far past 2**63
RANGE = "must be an integer from -9223372036854775808 to 9223372036854775807 (64-bit)"


def sent(server: EmulatorServer, since: int) -> list[RecordedRequest]:
    return [r for r in server.emulator.requests.all()[since:] if r.path.startswith("/v2/")]


def list_accounts(account: Account) -> dict[str, Any]:
    return account.methods("salesloft")["List accounts"]


@pytest.mark.parametrize(
    ("route", "page"),
    [
        pytest.param("id", HUGE, id="by-id"),
        pytest.param("body", HUGE, id="by-name"),
        pytest.param("body", str(HUGE), id="by-name-as-a-string"),  # Cyclr sends every value as a string
        pytest.param("body", -HUGE, id="by-name-negative"),
        pytest.param("tool", HUGE, id="tool"),
    ],
)
def test_an_integer_past_64_bits_is_a_400_naming_it(
    connected: tuple[Account, int], salesloft: EmulatorServer, route: str, page: int | str
) -> None:
    account, installed = connected
    method = list_accounts(account)
    page_id = next(p["Id"] for p in method["Parameters"] if p["TargetName"] == "page")
    base = f"/v1.0/account/connectors/{installed}"
    path, body = {
        "id": (f"{base}/methods/{method['MethodUniqueIdentifier']}", {"Parameters": {str(page_id): page}}),
        "body": (f"{base}/methods/{method['MethodUniqueIdentifier']}/body", {"Parameters": {"page": page}}),
        "tool": (f"{base}/tools/salesloft_list_accounts", {"page": page}),
    }[route]
    mark = len(salesloft.emulator.requests.all())
    response = account.post(path, json=body)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert answer["Message"].startswith(f"Parameter Page {RANGE}, not "), answer
    assert (answer["ParameterId"], answer["TargetName"]) == (page_id, "page")
    assert sent(salesloft, mark) == []  # refused before anything went upstream


def test_the_largest_64_bit_integer_is_sent_as_it_is(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    uid = list_accounts(account)["MethodUniqueIdentifier"]
    mark = len(salesloft.emulator.requests.all())
    response = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{uid}/body", json={"Parameters": {"page": 2**63 - 1}}
    )
    assert response.status_code == 200, response.text
    (request,) = sent(salesloft, mark)
    assert request.query_values("page") == [str(2**63 - 1)]


async def test_mcp_tool_calls_are_refused_alike(
    switchboard: SwitchboardServer, connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    account, _ = connected
    mark = len(salesloft.emulator.requests.all())
    async with mcp_session(switchboard, partner_headers(account)) as session:
        page = await session.call_tool("salesloft_list_accounts", {"page": HUGE})
        # Inside a value taken whole (a list of objects): JSON-RPC keeps the integer exact, and it
        # could not even be written as JSON upstream.
        nested = await session.call_tool(
            "salesloft_create_account",
            {"full_name": "Initech", "domain": "initech.example", "custom_fields": [{"key": "n", "value": HUGE}]},
        )
    assert page.is_error and f"Parameter Page {RANGE}, not {HUGE}" in text(page)
    assert nested.is_error and "Field Custom Fields holds an integer outside the 64-bit range" in text(nested)
    assert sent(salesloft, mark) == []
