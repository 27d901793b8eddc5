"""``X-Cyclr-Account`` sent more than once: refused alike on every edge unless every copy says the same.

The fast path once read the last copy and the FastAPI routers the first; neither was a way round
the token's scope, but one request meant two accounts depending on the route. Now ``scope.account_of``
takes every copy: copies that differ are a 400 in Cyclr's error shape, the same words on the fast
call path, the declared call routes, the FastAPI routers and the REST tool calls; identical copies are
one header (a proxy that repeats a header changes nothing).
"""

from __future__ import annotations

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import Partner
from tests.integration.cyclr.test_cyclr_account_tokens import declared

__all__ = ["declared"]  # a fixture, used by name

TWICE = {
    "Message": "X-Cyclr-Account was sent more than once with different values: send it once, with the API ID "
    "of the account to work in"
}


def _sent(salesloft: EmulatorServer) -> int:
    return len(salesloft.emulator.requests.all())  # type: ignore[attr-defined]


@pytest.mark.parametrize("edge", ["fast path", "declared routes"])
def test_a_call_with_two_different_account_headers_is_400_and_sends_nothing(
    partner: Partner, salesloft: EmulatorServer, salesloft_api_key: str, declared: str, edge: str
) -> None:
    mine, other = partner.new_account(), partner.new_account()
    connection = mine.install("salesloft", AuthValue=salesloft_api_key)
    uid = mine.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{connection}/methods/{uid}/body"
    base = declared if edge == "declared routes" else partner.server.url
    auth = ("Authorization", f"Bearer {partner.token}")
    mark = _sent(salesloft)
    for order in ([mine, other], [other, mine]):  # first or last copy: neither wins
        headers = [auth, *(("X-Cyclr-Account", a.api_id) for a in order)]
        answer = httpx.post(f"{base}{path}", json={"Parameters": {"page": 1}}, headers=headers)
        assert answer.status_code == 400, answer.text
        assert answer.json() == TWICE
    # A blank copy beside a named one is two different values too.
    blank = httpx.post(
        f"{base}{path}", json={}, headers=[auth, ("X-Cyclr-Account", ""), ("X-Cyclr-Account", mine.api_id)]
    )
    assert blank.status_code == 400, blank.text
    assert blank.json() == TWICE
    assert _sent(salesloft) == mark
    # The same account twice is the account once.
    same = httpx.post(
        f"{base}{path}", json={"Parameters": {"page": 1}}, headers=[auth, *[("X-Cyclr-Account", mine.api_id)] * 2]
    )
    assert same.status_code == 200, same.text
    assert _sent(salesloft) == mark + 1


def test_routers_and_tool_calls_refuse_two_account_headers_in_the_same_words(
    partner: Partner, salesloft_api_key: str
) -> None:
    mine, other = partner.new_account(), partner.new_account()
    connection = mine.install("salesloft", AuthValue=salesloft_api_key)
    twice = [("X-Cyclr-Account", mine.api_id), ("X-Cyclr-Account", other.api_id)]
    routes = [
        ("GET", "/v1.0/account/connectors"),  # a FastAPI router (api.deps)
        ("GET", f"/v1.0/account/connectors/{connection}"),
        ("POST", f"/v1.0/account/connectors/{connection}/tools/salesloft_list_accounts"),  # FastTools
    ]
    for method, path in routes:
        answer = partner.http.request(method, path, headers=twice, json={} if method == "POST" else None)
        assert answer.status_code == 400, f"{method} {path}: {answer.text}"
        assert answer.json() == TWICE, f"{method} {path}"
        same = partner.http.request(method, path, headers=[twice[0]] * 2, json={} if method == "POST" else None)
        assert same.status_code == 200, f"{method} {path}: {same.text}"


def test_mcp_refuses_two_account_headers_in_the_same_words(partner: Partner) -> None:
    mine, other = partner.new_account(), partner.new_account()
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}  # fmt: skip
    headers = [
        ("Authorization", f"Bearer {partner.token}"),
        ("Accept", "application/json, text/event-stream"),
        ("X-Cyclr-Account", mine.api_id),
        ("X-Cyclr-Account", other.api_id),
    ]
    answer = httpx.post(f"{partner.server.url}/mcp", json=initialize, headers=headers)
    assert answer.status_code == 400, answer.text
    assert answer.json()["Message"] == TWICE["Message"]
