"""An account-restricted token names its account: ``X-Cyclr-Account`` may be left out with it.

Cyclr's documentation sends the header with such a token too, which still works
(``test_cyclr_account_tokens``); without it, every account-level route acts on the token's own
account: the fast call path and the declared call routes, the FastAPI routes, the REST tool
calls and ``/mcp``. A partner token without the header keeps its 400 naming the header.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import Account, logged
from tests.integration.cyclr.test_cyclr_account_tokens import Scene, declared, scene
from tests.integration.test_mcp import mcp_session

__all__ = ["declared", "scene"]  # the restricted-token tests' fixtures, used by name: a scene of this module's own

MISSING = {"Message": "X-Cyclr-Account header is missing: send the API ID of the account to work in"}


def _installed(account: Account) -> set[int]:
    listing = account.get("/v1.0/account/connectors")
    assert listing.status_code == 200, listing.text
    return {c["Id"] for c in listing.json()}


@pytest.mark.parametrize("edge", ["fast path", "declared routes"])
def test_a_method_call_without_the_header_runs_in_the_tokens_account(
    scene: Scene, salesloft: EmulatorServer, declared: str, edge: str
) -> None:
    path = f"/v1.0/account/connectors/{scene.my_connection}/methods/{scene.uid}/body"
    with scene.client(declared if edge == "declared routes" else None) as client:
        mark = len(salesloft.emulator.requests.all())  # type: ignore[attr-defined]
        answer = client.post(path, json={"Parameters": {"page": 1}})
        assert answer.status_code == 200, answer.text
        assert "data" in answer.json()
        assert len(salesloft.emulator.requests.all()[mark:]) == 1  # type: ignore[attr-defined]
        # Recorded under the token's account, as if the header had named it.
        assert logged(scene.partner.http, answer.headers["X-Request-Id"])["AccountId"] == scene.mine.api_id
        # The other account's connection is not found in the token's account: nothing is sent.
        sideways = client.post(f"/v1.0/account/connectors/{scene.other_connection}/methods/{scene.uid}/body", json={})
        assert sideways.status_code == 404, sideways.text
        assert len(salesloft.emulator.requests.all()[mark:]) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("edge", ["fast path", "declared routes"])
def test_a_partner_token_without_the_header_is_still_400(scene: Scene, declared: str, edge: str) -> None:
    path = f"/v1.0/account/connectors/{scene.my_connection}/methods/{scene.uid}/body"
    base = declared if edge == "declared routes" else scene.partner.server.url
    answer = httpx.post(f"{base}{path}", json={}, headers={"Authorization": f"Bearer {scene.partner.token}"})
    assert answer.status_code == 400, answer.text
    assert answer.json() == MISSING


# Account routes of the FastAPI routers (api.deps), each with what it answers for the token's own account.
ROUTES: list[tuple[str, str, dict[str, Any] | None, int]] = [
    ("GET", "/v1.0/account/connectors/{mine_conn}", None, 200),
    ("PUT", "/v1.0/account/connectors/{mine_conn}", {"Description": "Set without the header"}, 200),
    ("GET", "/v1.0/account/connectors/{mine_conn}/calls", None, 200),
    ("GET", "/v1.0/account/connectors/{mine_conn}/tools", None, 200),
    ("GET", "/v1.0/account/connectors/{mine_conn}/syncs", None, 200),
    ("GET", "/v1.0/account/connectors/{other_conn}", None, 404),  # not in the token's account
]


@pytest.mark.parametrize(("method", "path", "body", "status"), ROUTES, ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_account_routes_without_the_header_act_on_the_tokens_account(
    scene: Scene, method: str, path: str, body: dict[str, Any] | None, status: int
) -> None:
    filled = path.format(mine_conn=scene.my_connection, other_conn=scene.other_connection)
    with scene.client() as client:
        answer = client.request(method, filled, json=body)
    assert answer.status_code == status, answer.text
    # The same route with a partner token and no header names the header, as before.
    partner = scene.partner.http.request(method, filled, json=body)
    assert partner.status_code == 400, partner.text
    assert partner.json() == MISSING


def test_listing_and_installing_without_the_header_use_the_tokens_account(scene: Scene) -> None:
    with scene.client() as client:
        listing = client.get("/v1.0/account/connectors")
        assert listing.status_code == 200, listing.text
        assert {c["Id"] for c in listing.json()} == _installed(scene.mine)
        assert scene.other_connection not in {c["Id"] for c in listing.json()}
        salesloft = scene.partner.connector_id("salesloft")
        installed = client.post(f"/v1.0/connectors/{salesloft}/install", json={"Name": "Without the header"})
    assert installed.status_code == 200, installed.text
    made = installed.json()["Id"]
    assert made in _installed(scene.mine)
    assert made not in _installed(scene.other)
    with scene.client() as client:  # and deleting: the tool tests want one Salesloft connection per account
        assert client.delete(f"/v1.0/account/connectors/{made}").status_code == 200
    assert made not in _installed(scene.mine)


def test_a_tool_call_without_the_header_runs_in_the_tokens_account(scene: Scene, salesloft: EmulatorServer) -> None:
    mark = len(salesloft.emulator.requests.all())  # type: ignore[attr-defined]
    with scene.client() as client:
        answer = client.post(f"/v1.0/account/connectors/{scene.my_connection}/tools/salesloft_list_accounts", json={})
        assert answer.status_code == 200, answer.text
        assert answer.json()["Tool"] == "salesloft_list_accounts"
        assert salesloft.emulator.requests.all()[mark:]  # type: ignore[attr-defined]
        other = client.post(f"/v1.0/account/connectors/{scene.other_connection}/tools/salesloft_list_accounts", json={})
        assert other.status_code == 404, other.text
    partner = scene.partner.http.post(
        f"/v1.0/account/connectors/{scene.my_connection}/tools/salesloft_list_accounts", json={}
    )
    assert partner.status_code == 400, partner.text
    assert partner.json() == MISSING


async def test_mcp_without_the_header_serves_the_tokens_account(scene: Scene) -> None:
    async with mcp_session(scene.partner.server, {"Authorization": f"Bearer {scene.token}"}) as session:
        tools = await session.list_tools()
        names = {t.name for t in tools.tools}
        assert "salesloft_list_accounts" in names
        result = await session.call_tool("salesloft_list_accounts", {})
    assert result.is_error is False, result.content
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}  # fmt: skip
    headers = {"Authorization": f"Bearer {scene.partner.token}", "Accept": "application/json, text/event-stream"}
    async with httpx.AsyncClient(base_url=scene.partner.server.url) as client:
        partner = await client.post("/mcp", json=initialize, headers=headers)
    assert partner.status_code == 400, partner.text
    assert partner.json()["Message"] == MISSING["Message"]
