"""Constant Contact end to end: the browser flow with Basic client auth, cursor paging, pacing."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration.test_oauth import TARGET, browse


def emulator(server: EmulatorServer) -> ConstantContactEmulator:
    assert isinstance(server.emulator, ConstantContactEmulator)
    return server.emulator


def connect(partner: Partner, cc: ConstantContactEmulator, app: tuple[str, str] | None = None) -> tuple[Account, int]:
    """A connection signed in through the partner's OAuth app: the emulator's default one unless ``app`` names
    another registered client (the provider's rate limits are per app)."""
    client_id, client_secret = app or (cc.client_id, cc.client_secret)
    settings = partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('constant_contact')}/settings",
        json={"ClientId": client_id, "ClientSecret": client_secret},
    )
    assert settings.status_code == 200, settings.text
    account = partner.new_account()
    connection = account.install("constant_contact")
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    query = httpx.QueryParams({"id": connection, "token": token, "targetOrigin": TARGET})
    final, page = browse(f"{partner.server.url}/connectorauth/updateaccountconnectoroauth?{query}")
    assert page is None, page.text if page else ""
    assert final.startswith(TARGET)
    return account, connection


@pytest.fixture(scope="module")
def cc_connection(switchboard: SwitchboardServer, constant_contact: EmulatorServer) -> tuple[Account, int]:
    return connect(switchboard.new_partner("CC partner"), emulator(constant_contact))


def call(account: Account, connection: int, name: str, **body: object) -> httpx.Response:
    uid = account.methods("constant_contact")[name]["MethodUniqueIdentifier"]
    return account.post(f"/v1.0/account/connectors/{connection}/methods/{uid}/body", json=body)


def test_flow_asks_for_offline_access_and_uses_basic_auth(
    cc_connection: tuple[Account, int], constant_contact: EmulatorServer
) -> None:
    authorize = [r for r in constant_contact.emulator.requests.all() if r.path.endswith("/v1/authorize")][-1]
    assert "offline_access" in authorize.query_values("scope")[0].split(" ")
    token = [r for r in constant_contact.emulator.requests.all() if r.path.endswith("/v1/token")][-1]
    assert token.headers["Authorization"].startswith("Basic ")
    assert b"client_secret" not in token.body


def test_contacts_round_trip_and_cursor_paging(
    cc_connection: tuple[Account, int], constant_contact: EmulatorServer
) -> None:
    account, connection = cc_connection
    created = call(
        account,
        connection,
        "Create contact",
        RequestBody=json.dumps(
            {"email_address": {"address": "ada@example.com", "permission_to_send": "implicit"},
             "first_name": "Ada", "create_source": "Account"}
        ),
    )  # fmt: skip
    assert created.status_code == 200, created.text
    contact_id = created.json()["contact_id"]
    got = call(account, connection, "Get contact", Mergefields={"contact_id": contact_id})
    assert got.json()["first_name"] == "Ada"
    emulator(constant_contact).seed("contacts", 1200)
    mark = len(constant_contact.emulator.requests.all())
    listed = call(account, connection, "List contacts")
    assert listed.status_code == 200, listed.text
    contacts = listed.json()["contacts"]
    expected = [c["contact_id"] for c in emulator(constant_contact).records("contacts") if not c.get("deleted_at")]
    assert sorted(c["contact_id"] for c in contacts) == sorted(expected)
    assert "next" not in listed.json().get("_links", {})
    pages = [r for r in constant_contact.emulator.requests.all()[mark:] if r.path == "/v3/contacts"]
    assert len(pages) == -(-len(expected) // 500)
    assert all("cursor" in dict(r.query) for r in pages[1:])


def test_ddl_lists(cc_connection: tuple[Account, int], constant_contact: EmulatorServer) -> None:
    account, connection = cc_connection
    emulator(constant_contact).seed("contact_lists", 3)
    response = call(account, connection, "List contact lists (DDL)")
    assert response.status_code == 200
    names = {item["text"] for item in response.json()["result"]}
    assert {r["name"] for r in emulator(constant_contact).records("contact_lists")} == names


def test_pacing_keeps_a_burst_under_four_per_second(
    cc_connection: tuple[Account, int], constant_contact: EmulatorServer
) -> None:
    account, connection = cc_connection
    cc = emulator(constant_contact)
    throttled = cc.throttled_count
    time.sleep(1.1)  # start from an empty window
    started = time.monotonic()
    responses = asyncio.run(_burst(account, connection, "Get account summary", 40))
    elapsed = time.monotonic() - started
    assert [r.status_code for r in responses] == [200] * 40
    assert cc.throttled_count == throttled  # not one 429 from the provider
    assert 8.5 <= elapsed <= 12.5, elapsed  # 40 calls at 4/s: about 10 s


def test_past_the_allowed_wait_switchboard_answers_429(
    tmp_path: Path, salesloft: EmulatorServer, constant_contact: EmulatorServer
) -> None:
    env = server_env(
        tmp_path,
        {"salesloft": salesloft.url, "constant_contact": constant_contact.url},
        SWITCHBOARD_MAX_RATE_LIMIT_WAIT="0.5",
    )
    server = SwitchboardServer(tmp_path, env).start()
    try:
        account, connection = connect(server.new_partner(), emulator(constant_contact))
        time.sleep(1.1)
        responses = asyncio.run(_burst(account, connection, "Get account summary", 12))
    finally:
        server.stop()
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(200) >= 4
    refused = [r for r in responses if r.status_code == 429]
    assert refused, statuses
    assert all(int(r.headers["Retry-After"]) >= 1 for r in refused)
    assert all("no free slot" in r.json()["Message"] for r in refused)
    assert "Source" not in refused[0].json()  # Switchboard's own 429, not the provider's


async def _burst(account: Account, connection: int, name: str, count: int) -> list[httpx.Response]:
    uid = account.methods("constant_contact")[name]["MethodUniqueIdentifier"]
    url = f"{account.partner.server.url}/v1.0/account/connectors/{connection}/methods/{uid}"
    headers = {"Authorization": f"Bearer {account.partner.token}", **account.headers}
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=count)) as client:
        return await asyncio.gather(*(client.post(url, json={}, headers=headers) for _ in range(count)))
