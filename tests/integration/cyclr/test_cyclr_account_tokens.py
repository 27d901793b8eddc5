"""Account-restricted tokens (issue 26, item 11): ``POST /oauth/token`` with ``scope=account:{id}``.

Cyclr's API reference splits its routes into a partner level and an account level; a token
requested with ``scope=account:{id}`` works on the account level for that one account only.
Switchboard refuses everything else with 401 ``Authorization has been denied for this request.``
(the refusal of Cyclr's ASP.NET API), through the fast call path and the declared routes alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import Account, Partner, SwitchboardServer
from tests.integration.cyclr.declared import declared_routes
from tests.integration.test_mcp import mcp_session

DENIED = "Authorization has been denied for this request."


@dataclass
class Scene:
    partner: Partner
    mine: Account  # the account the restricted token names
    other: Account  # another account of the same partner
    my_connection: int
    other_connection: int
    token: str  # restricted to ``mine``
    uid: str  # Salesloft's "List accounts"

    def client(self, base_url: str | None = None) -> httpx.Client:
        return httpx.Client(
            base_url=base_url or self.partner.server.url,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=60,
        )


def restricted_token(partner: Partner, scope: str) -> httpx.Response:
    return httpx.post(
        f"{partner.server.url}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": partner.client_id,
            "client_secret": partner.client_secret,
            "scope": scope,
        },
    )


@pytest.fixture(scope="module")
def scene(switchboard: SwitchboardServer, salesloft: EmulatorServer) -> Scene:
    partner = switchboard.new_partner("Restricted tokens")
    key = salesloft.emulator.api_key  # type: ignore[attr-defined]
    mine, other = partner.new_account(), partner.new_account()
    my_connection = mine.install("salesloft", AuthValue=key)
    other_connection = other.install("salesloft", AuthValue=key)
    answer = restricted_token(partner, f"account:{mine.api_id}")
    assert answer.status_code == 200, answer.text
    assert answer.json()["token_type"] == "bearer"
    uid = mine.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    return Scene(partner, mine, other, my_connection, other_connection, answer.json()["access_token"], uid)


@pytest.fixture(scope="module")
def declared(switchboard: SwitchboardServer) -> Iterator[str]:
    with declared_routes(switchboard) as url:
        yield url


def _denied(response: httpx.Response) -> str:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/json")
    message: str = response.json()["Message"]
    assert message.startswith(DENIED), message
    return message


def _call(client: httpx.Client, account: Account, connection: int, uid: str) -> httpx.Response:
    return client.post(
        f"/v1.0/account/connectors/{connection}/methods/{uid}/body",
        json={"Parameters": {"page": 1}},
        headers={"X-Cyclr-Account": account.api_id},
    )


@pytest.mark.parametrize("edge", ["fast path", "declared routes"])
def test_a_method_call_reaches_only_the_tokens_account(
    scene: Scene, salesloft: EmulatorServer, declared: str, edge: str
) -> None:
    with scene.client(declared if edge == "declared routes" else None) as client:
        mark = len(salesloft.emulator.requests.all())  # type: ignore[attr-defined]
        mine = _call(client, scene.mine, scene.my_connection, scene.uid)
        assert mine.status_code == 200, mine.text
        assert "data" in mine.json()
        sent = salesloft.emulator.requests.all()[mark:]  # type: ignore[attr-defined]
        assert len(sent) == 1
        # Another account of the same partner, by its own header and connection: refused, nothing sent.
        refused = _call(client, scene.other, scene.other_connection, scene.uid)
        message = _denied(refused)
        assert f"restricted to account {scene.mine.api_id}" in message
        assert f"cannot reach account {scene.other.api_id}" in message
        # Naming another account's connection under its own header is no way round either.
        sideways = _call(client, scene.mine, scene.other_connection, scene.uid)
        assert sideways.status_code == 404, sideways.text
        assert salesloft.emulator.requests.all()[mark + 1 :] == []  # type: ignore[attr-defined]
        assert scene.token not in refused.text


def test_both_edges_refuse_in_the_same_words(scene: Scene, declared: str) -> None:
    answers = []
    for base in (None, declared):
        with scene.client(base) as client:
            answers.append(_call(client, scene.other, scene.other_connection, scene.uid))
    assert [a.status_code for a in answers] == [401, 401]
    assert answers[0].json() == answers[1].json()


# Each route the token may use for its own account, and what it answers.
ALLOWED: list[tuple[str, str, dict[str, Any] | None, int]] = [
    ("GET", "/v1.0/account/connectors", None, 200),
    ("GET", "/v1.0/account/connectors/{mine_conn}", None, 200),
    ("PUT", "/v1.0/account/connectors/{mine_conn}", {"Name": "Renamed by the account"}, 200),
    ("GET", "/v1.0/account/connectors/{mine_conn}/calls", None, 200),
    ("GET", "/v1.0/account/connectors/{mine_conn}/tools", None, 200),
    ("GET", "/v1.0/accounts/{mine}", None, 200),
    ("PUT", "/v1.0/accounts/{mine}", {"Description": "Set with an account token"}, 200),
    ("POST", "/v1.0/accounts/{mine}/signintoken", None, 200),
    ("GET", "/v1.0/accounts/{mine}/mcptokens", None, 200),
    ("GET", "/v1.0/connectors", None, 200),  # the catalogue is read-only: installing needs its ids
    ("GET", "/v1.0/connectors/{salesloft}/methods", None, 200),
    ("POST", "/v1.0/connectors/{salesloft}/install", {"Name": "Installed with an account token"}, 200),
]

# Partner-level routes, and the other account's: refused whatever the header says.
REFUSED: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/v1.0/accounts", None),
    ("POST", "/v1.0/accounts", {"Name": "Not with this token"}),
    ("DELETE", "/v1.0/accounts/{mine}", None),  # account lifecycle is the partner's
    ("GET", "/v1.0/accounts/{other}", None),
    ("PUT", "/v1.0/accounts/{other}", {"Name": "No"}),
    ("POST", "/v1.0/accounts/{other}/signintoken", None),
    ("GET", "/v1.0/accounts/{other}/mcptokens", None),
    ("GET", "/v1.0/connectors/{salesloft}/settings", None),
    ("PUT", "/v1.0/connectors/{salesloft}/settings", {"ClientId": "x", "ClientSecret": "y"}),
    ("GET", "/v1.0/webhooks", None),
    ("POST", "/v1.0/webhooks", {"Url": "https://example.com/hook"}),
    ("GET", "/v1.0/ipallowlist", None),
    ("PUT", "/v1.0/ipallowlist", {"Cidrs": []}),
    ("GET", "/v1.0/branding", None),
    ("GET", "/v1.0/calls", None),
]


def _fill(path: str, scene: Scene) -> str:
    return path.format(
        mine=scene.mine.api_id,
        other=scene.other.api_id,
        mine_conn=scene.my_connection,
        salesloft=scene.partner.connector_id("salesloft"),
    )


@pytest.mark.parametrize(("method", "path", "body", "status"), ALLOWED, ids=[f"{m} {p}" for m, p, _, _ in ALLOWED])
def test_account_routes_of_its_own_account_answer(
    scene: Scene, method: str, path: str, body: dict[str, Any] | None, status: int
) -> None:
    with scene.client() as client:
        response = client.request(method, _fill(path, scene), json=body, headers={"X-Cyclr-Account": scene.mine.api_id})
    assert response.status_code == status, response.text


@pytest.mark.parametrize(("method", "path", "body"), REFUSED, ids=[f"{m} {p}" for m, p, _ in REFUSED])
def test_partner_level_and_other_accounts_routes_are_refused(
    scene: Scene, method: str, path: str, body: dict[str, Any] | None
) -> None:
    with scene.client() as client:
        response = client.request(method, _fill(path, scene), json=body, headers={"X-Cyclr-Account": scene.mine.api_id})
    _denied(response)


def test_other_account_routes_by_header_are_refused(scene: Scene) -> None:
    with scene.client() as client:
        for method, path in [
            ("GET", "/v1.0/account/connectors"),
            ("GET", f"/v1.0/account/connectors/{scene.other_connection}"),
            ("DELETE", f"/v1.0/account/connectors/{scene.other_connection}"),
            ("POST", f"/v1.0/connectors/{scene.partner.connector_id('salesloft')}/install"),
            ("GET", f"/v1.0/account/connectors/{scene.other_connection}/tools"),
            ("GET", f"/v1.0/account/connectors/{scene.other_connection}/calls"),
        ]:
            _denied(client.request(method, path, json={}, headers={"X-Cyclr-Account": scene.other.api_id}))
    # Still there: the refused DELETE removed nothing.
    assert scene.other.get(f"/v1.0/account/connectors/{scene.other_connection}").status_code == 200


def test_the_call_log_shows_only_its_own_accounts_calls(scene: Scene) -> None:
    mine = _call(scene.partner.http, scene.mine, scene.my_connection, scene.uid)
    other = _call(scene.partner.http, scene.other, scene.other_connection, scene.uid)
    assert mine.status_code == other.status_code == 200
    with scene.client() as client:
        own = client.get(f"/v1.0/calls/{mine.headers['X-Request-Id']}")
        assert own.status_code == 200, own.text
        assert own.json()["AccountId"] == scene.mine.api_id
        foreign = client.get(f"/v1.0/calls/{other.headers['X-Request-Id']}")
        assert foreign.status_code == 404, foreign.text
        assert scene.partner.http.get(f"/v1.0/calls/{other.headers['X-Request-Id']}").status_code == 200


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        pytest.param(
            "account:no-such-account", "scope names account no-such-account, which does not exist", id="unknown"
        ),
        pytest.param("accounts:x", "scope must be account:{account id}", id="not-account"),
        pytest.param("account:", "scope must be account:{account id}", id="no-id"),
        pytest.param("account:a account:b", "scope must be account:{account id}", id="two-accounts"),
    ],
)
def test_token_requests_with_a_scope_it_cannot_grant_are_400(scene: Scene, scope: str, message: str) -> None:
    response = restricted_token(scene.partner, scope)
    assert response.status_code == 400, response.text
    assert message in response.json()["Message"]


def test_another_partners_account_cannot_be_named(scene: Scene, switchboard: SwitchboardServer) -> None:
    stranger = switchboard.new_partner("Stranger")
    response = restricted_token(stranger, f"account:{scene.mine.api_id}")
    assert response.status_code == 400
    assert "does not exist" in response.json()["Message"]


def test_an_empty_scope_is_a_partner_token(scene: Scene) -> None:
    response = restricted_token(scene.partner, "")
    assert response.status_code == 200
    token = response.json()["access_token"]
    listing = httpx.get(f"{scene.partner.server.url}/v1.0/accounts", headers={"Authorization": f"Bearer {token}"})
    assert listing.status_code == 200
    assert {a["Id"] for a in listing.json()} >= {scene.mine.api_id, scene.other.api_id}


def test_deleting_the_account_ends_its_tokens(scene: Scene) -> None:
    doomed = scene.partner.new_account()
    token = restricted_token(scene.partner, f"account:{doomed.api_id}").json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "X-Cyclr-Account": doomed.api_id}
    url = f"{scene.partner.server.url}/v1.0/account/connectors"
    assert httpx.get(url, headers=headers).status_code == 200
    assert scene.partner.http.delete(f"/v1.0/accounts/{doomed.api_id}").status_code == 200
    after = httpx.get(url, headers=headers)
    assert after.status_code == 401
    assert "unknown or has expired" in after.json()["Message"]


def test_a_restricted_token_does_not_open_the_console(scene: Scene) -> None:
    with httpx.Client(base_url=scene.partner.server.url, follow_redirects=False) as browser:
        browser.cookies.set("sb_console", scene.token)
        refused = browser.get("/console/connectors")
        assert refused.status_code == 303
        assert refused.headers["Location"].startswith("/console/signin")
        browser.cookies.set("sb_console", scene.partner.token)  # a partner token does, which shows the test bites
        assert browser.get("/console/connectors").status_code == 200


async def test_mcp_with_a_restricted_token_serves_its_own_account_only(scene: Scene) -> None:
    own = {"Authorization": f"Bearer {scene.token}", "X-Cyclr-Account": scene.mine.api_id}
    async with mcp_session(scene.partner.server, own) as session:
        tools = await session.list_tools()
    assert any(t.name.startswith("salesloft_") for t in tools.tools)
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}  # fmt: skip
    async with httpx.AsyncClient(base_url=scene.partner.server.url) as client:
        refused = await client.post(
            "/mcp",
            json=initialize,
            headers={**own, "X-Cyclr-Account": scene.other.api_id, "Accept": "application/json, text/event-stream"},
        )
    _denied(refused)
