"""Ids are never given twice, and what names a row dies with it (N2, N15, N16 of the hardening issue).

On SQLite a deleted row's id went to the next row created, whoever's it was. Each test replays the
probe's steps over HTTP against a real server and checks that the old handle reaches nothing new.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from urllib.parse import parse_qs, urlsplit

import httpx

from switchboard_emulators import EmulatorServer
from tests.harness import Account, SwitchboardServer


def _internal_id(server: SwitchboardServer, table: str, column: str, value: str | int) -> int:
    with sqlite3.connect(server.data_dir / "switchboard.db") as db:
        row = db.execute(f"SELECT id FROM {table} WHERE {column} = ?", (value,)).fetchone()  # noqa: S608 - fixed
    assert row is not None
    return int(row[0])


def _connect_ticket(server: SwitchboardServer, account: Account) -> str:
    """What the end user's browser holds after opening the account's connect link."""
    token = account.partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken")
    assert token.status_code == 200, token.text
    arrived = httpx.get(f"{server.url}/connect", params={"token": token.json()["Token"]}, follow_redirects=False)
    assert arrived.status_code == 303, arrived.text
    return parse_qs(urlsplit(arrived.headers["location"]).query)["ticket"][0]


def test_a_connect_ticket_dies_with_its_account_and_never_opens_the_next_one(
    switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    alpha, beta = switchboard.new_partner("Alpha"), switchboard.new_partner("Beta")
    victim_of_reuse = alpha.new_account()
    ticket = _connect_ticket(switchboard, victim_of_reuse)
    old_id = _internal_id(switchboard, "accounts", "api_id", victim_of_reuse.api_id)
    assert alpha.http.delete(f"/v1.0/accounts/{victim_of_reuse.api_id}").status_code in (200, 204)

    target = beta.new_account()  # the next account created anywhere
    assert _internal_id(switchboard, "accounts", "api_id", target.api_id) > old_id

    page = httpx.get(f"{switchboard.url}/connect/home", params={"ticket": ticket})
    assert page.status_code == 400
    assert "expired" in page.text
    salesloft = beta.connector_id("salesloft")
    posted = httpx.post(
        f"{switchboard.url}/connect/apikey",
        data={"ticket": ticket, "connector_id": str(salesloft), "api_key": salesloft_api_key},
        follow_redirects=False,
    )
    assert posted.status_code == 400
    assert target.get("/v1.0/account/connectors").json() == []  # nothing was put into Beta's account


def test_an_mcp_token_scoped_to_a_deleted_connection_never_sees_its_successor(
    switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    account = switchboard.new_partner("Scoped").new_account()
    first = account.install("salesloft", AuthValue=salesloft_api_key)
    created = account.partner.http.post(
        f"/v1.0/accounts/{account.api_id}/mcptokens", json={"Name": "agent", "AccountConnectorIds": [first]}
    )
    assert created.status_code == 201, created.text
    token = created.json()["Token"]
    tools = httpx.get(
        f"{switchboard.url}/v1.0/account/connectors/{first}/tools", headers={"Authorization": f"Bearer {token}"}
    )
    assert tools.status_code == 200 and tools.json(), tools.text

    assert account.delete(f"/v1.0/account/connectors/{first}").status_code in (200, 204)
    second = account.install("salesloft", AuthValue=salesloft_api_key)
    assert second != first
    listed = account.partner.http.get(f"/v1.0/accounts/{account.api_id}/mcptokens").json()
    assert [t["AccountConnectorIds"] for t in listed] == [[]]  # the scope lost the deleted connection
    for connection in (first, second):
        refused = httpx.get(
            f"{switchboard.url}/v1.0/account/connectors/{connection}/tools",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert refused.status_code == 404, refused.text


def test_an_account_made_again_under_the_same_id_does_not_replay_the_old_ones_answers(
    switchboard: SwitchboardServer, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    partner = switchboard.new_partner("Replay")
    api_id = str(uuid.uuid4())
    key = f"key-{uuid.uuid4()}"
    answers = []
    for _ in range(2):
        made = partner.http.post("/v1.0/accounts", json={"Id": api_id, "Name": "Same Id"})
        assert made.status_code in (200, 201), made.text
        account = Account(partner, api_id)
        connection = account.install("salesloft", AuthValue=salesloft_api_key)
        create = account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
        email = f"replay-{uuid.uuid4().hex[:8]}@example.com"
        mark = len(salesloft.emulator.requests.all())
        answer = account.post(
            f"/v1.0/account/connectors/{connection}/methods/{create}/body",
            headers={"Idempotency-Key": key},
            json={"RequestBody": json.dumps({"email_address": email})},
        )
        assert answer.status_code == 200, answer.text
        assert "Idempotent-Replayed" not in answer.headers
        sent = [r for r in salesloft.emulator.requests.all()[mark:] if r.path == "/v2/people"]
        assert len(sent) == 1  # each account's call reached Salesloft: none was answered from the other's
        answers.append(answer.json()["data"]["email_address"])
        assert partner.http.delete(f"/v1.0/accounts/{api_id}").status_code in (200, 204)
    assert answers[0] != answers[1]
