"""The console's sign-in and sign-out, pages that must not be framed (N17, N18) and its 404 page, over real HTTP.

Browsers' own behaviour (a cross-site form, a frame) is in ``tests/browser/test_console.py``;
here the same rules are checked header by header.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.harness import Partner, SwitchboardServer, server_env

WINDOW = 3.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("console-sign-in")
    env = server_env(
        data_dir,
        {},
        SWITCHBOARD_SIGN_IN_FAILURES_PER_CLIENT="3",
        SWITCHBOARD_SIGN_IN_FAILURES_PER_ADDRESS="5",
        SWITCHBOARD_SIGN_IN_WINDOW_SECONDS=str(WINDOW),
    )
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


def sign_in(server: SwitchboardServer, client_id: str, secret: str, **headers: str) -> httpx.Response:
    return httpx.post(
        f"{server.url}/console/signin", data={"client_id": client_id, "client_secret": secret}, headers=headers
    )


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Origin": "https://evil.example"}, id="foreign-origin"),
        pytest.param({"Origin": "null"}, id="opaque-origin"),
        pytest.param({"Sec-Fetch-Site": "cross-site"}, id="cross-site"),
        pytest.param({"Sec-Fetch-Site": "same-site", "Origin": "http://other.localhost"}, id="same-site"),
        pytest.param({"Referer": "https://evil.example/form"}, id="foreign-referer"),
    ],
)
def test_a_cross_site_sign_in_is_refused(server: SwitchboardServer, headers: dict[str, str]) -> None:
    partner = server.new_partner("Cross-site")
    refused = sign_in(server, partner.client_id, partner.client_secret, **headers)
    assert refused.status_code == 403, refused.text
    assert "posted from another site" in refused.text
    assert "set-cookie" not in refused.headers


def test_a_same_origin_sign_in_is_accepted(server: SwitchboardServer) -> None:
    partner = server.new_partner("Same origin")
    for headers in ({"Origin": server.url, "Sec-Fetch-Site": "same-origin"}, {"Referer": f"{server.url}/console"}, {}):
        accepted = sign_in(server, partner.client_id, partner.client_secret, **headers)
        assert accepted.status_code == 303, accepted.text
        assert "sb_console=" in accepted.headers["set-cookie"]


def test_signing_out_without_the_csrf_token_still_ends_the_session(server: SwitchboardServer) -> None:
    partner = server.new_partner("Sign out")
    signed_in = sign_in(server, partner.client_id, partner.client_secret)
    cookie = signed_in.cookies["sb_console"]
    with httpx.Client(base_url=server.url, cookies={"sb_console": cookie}) as browser:
        assert browser.get("/console/connectors").status_code == 200
        out = browser.post("/console/signout", data={})  # no csrf field
        assert out.status_code == 303 and out.headers["location"] == "/console/signin"
    with httpx.Client(base_url=server.url, cookies={"sb_console": cookie}) as replay:
        again = replay.get("/console/connectors")
        assert again.status_code == 303 and again.headers["location"].startswith("/console/signin")
    # The session's token is gone from the store: as a bearer token too.
    assert httpx.get(f"{server.url}/v1.0/accounts", headers={"Authorization": f"Bearer {cookie}"}).status_code == 401


def test_wrong_secrets_are_throttled_per_client_id_from_an_address_and_per_address(server: SwitchboardServer) -> None:
    time.sleep(WINDOW)  # a clean window for this address
    target: Partner = server.new_partner("Guessed")
    other: Partner = server.new_partner("Neighbour")
    started = time.monotonic()
    for _ in range(3):
        assert sign_in(server, target.client_id, "wrong").status_code == 401
    limited = sign_in(server, target.client_id, target.client_secret)  # even the right one, while throttled
    assert limited.status_code == 429, limited.text
    assert 1 <= int(limited.headers["retry-after"]) <= WINDOW + 1
    assert "Too many wrong Client ID and Client Secret pairs" in limited.text
    assert "set-cookie" not in limited.headers
    token = httpx.post(
        f"{server.url}/oauth/token",
        data={"grant_type": "client_credentials", "client_id": target.client_id, "client_secret": target.client_secret},
    )
    assert token.status_code == 429 and "retry-after" in token.headers, token.text  # one throttle for both doors
    # The Client ID is public: wrong secrets from this address do not lock the partner out elsewhere.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2")) as elsewhere:
        fresh = elsewhere.post(
            f"{server.url}/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": target.client_id,
                "client_secret": target.client_secret,
            },
        )
    assert fresh.status_code == 200 and fresh.json()["access_token"], fresh.text
    # Another Client ID from the same address still works, until the address has had its 5 failures.
    assert sign_in(server, other.client_id, other.client_secret).status_code == 303
    assert sign_in(server, other.client_id, "wrong").status_code == 401
    assert sign_in(server, "nobody-at-all", "wrong").status_code == 401
    assert sign_in(server, other.client_id, other.client_secret).status_code == 429  # the address's limit
    assert time.monotonic() - started < WINDOW, "the machine was too slow for this window"
    time.sleep(WINDOW + 0.5)
    assert sign_in(server, target.client_id, target.client_secret).status_code == 303


def test_oauth_and_docs_pages_may_not_be_framed_and_the_connect_page_keeps_its_own_list(
    server: SwitchboardServer,
) -> None:
    oauth_page = httpx.get(f"{server.url}/connectorauth/updateaccountconnectoroauth", params={"id": 1, "token": "x"})
    assert oauth_page.status_code == 400 and "expired" in oauth_page.text
    for name, page in {
        "oauth": oauth_page,
        "docs": httpx.get(f"{server.url}/docs"),
        "redoc": httpx.get(f"{server.url}/redoc"),
        "console": httpx.get(f"{server.url}/console/signin"),
    }.items():
        assert page.headers.get("x-frame-options") == "DENY", name
        assert "frame-ancestors 'none'" in page.headers.get("content-security-policy", ""), name
    partner = server.new_partner("Framing")
    assert partner.http.put("/v1.0/branding", json={"Name": "Acme", "AllowedOrigins": ["https://app.acme.example"]})
    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    connect = httpx.get(f"{server.url}/connect", params={"token": token}, follow_redirects=True)
    assert connect.status_code == 200
    assert "frame-ancestors 'self' https://app.acme.example" in connect.headers["content-security-policy"]
    assert "x-frame-options" not in connect.headers


def test_console_pages_of_unknown_ids_are_not_found(server: SwitchboardServer) -> None:
    """Every console page naming something that does not exist answers the same 404 page."""
    partner = server.new_partner("Missing")
    with httpx.Client(base_url=server.url) as browser:
        signed_in = browser.post(
            "/console/signin", data={"client_id": partner.client_id, "client_secret": partner.client_secret}
        )
        assert signed_in.status_code == 303, signed_in.text
        known = partner.connector_id("salesloft")
        assert browser.get(f"/console/connectors/{known}").status_code == 200
        for page in (
            "/console/connectors/99999",
            "/console/connectors/99999/methods",
            "/console/webhooks/99999",
            "/console/accounts/no-such-account",
        ):
            answer = browser.get(page)
            assert answer.status_code == 404, f"{page}: {answer.status_code}"
            assert "Not found" in answer.text and "does not exist" in answer.text, answer.text[:500]
