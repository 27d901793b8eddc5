"""A NUL character (``\\u0000``, ``%00``) where text goes: PostgreSQL's text cannot hold it, so the API refuses it
with a 400 on every store, rather than letting the database's refusal become a 500."""

from __future__ import annotations

import httpx
import pytest

from tests.harness import SwitchboardServer

NUL_MESSAGE = "may not contain a NUL character"


@pytest.fixture(scope="module")
def partner_http(scale_server: SwitchboardServer) -> httpx.Client:
    return scale_server.new_partner("Nul").http


def test_a_nul_in_a_body_is_a_400(partner_http: httpx.Client) -> None:
    created = partner_http.post("/v1.0/accounts", json={"Name": "Acme\u0000Corp"})
    assert created.status_code == 400, created.text
    assert NUL_MESSAGE in created.json()["Message"]
    fine = partner_http.post("/v1.0/accounts", json={"Name": "Acme \\u0000 Corp, as typed"})  # a backslash, not a NUL
    assert fine.status_code == 200, fine.text
    assert fine.json()["Name"] == "Acme \\u0000 Corp, as typed"


@pytest.mark.parametrize(
    "path",
    ["/v1.0/accounts/acme%00", "/v1.0/accounts?name=a%00b", "/v1.0/connectors/salesloft%00"],
    ids=["path", "query", "connector-name"],
)
def test_a_nul_in_the_url_is_a_400(partner_http: httpx.Client, path: str) -> None:
    answer = partner_http.get(path)
    assert answer.status_code == 400, answer.text
    assert NUL_MESSAGE in answer.json()["Message"]


@pytest.mark.parametrize("basic", [False, True], ids=["form", "basic"])
def test_a_nul_in_a_client_id_is_no_client(scale_server: SwitchboardServer, basic: bool) -> None:
    """Before, the partner lookup reached PostgreSQL, whose refusal was a 500 (and a logged traceback) at will,
    without any credentials."""
    form = {"grant_type": "client_credentials"}
    if basic:
        answer = httpx.post(f"{scale_server.url}/oauth/token", data=form, auth=("a\u0000b", "s"))
    else:
        answer = httpx.post(
            f"{scale_server.url}/oauth/token", data={**form, "client_id": "a\u0000b", "client_secret": "s"}
        )
    assert answer.status_code == 401, answer.text
    assert answer.json()["error"] == "invalid_client"


def test_a_nul_in_a_token_scope_is_a_400(scale_server: SwitchboardServer) -> None:
    partner = scale_server.new_partner("Nul scope")
    credentials = {"grant_type": "client_credentials", "client_id": partner.client_id}
    answer = httpx.post(
        f"{scale_server.url}/oauth/token",
        data={**credentials, "client_secret": partner.client_secret, "scope": "account:a\u0000b"},
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "invalid_scope"


def test_a_nul_in_the_console_sign_in_is_no_partner(scale_server: SwitchboardServer) -> None:
    answer = httpx.post(f"{scale_server.url}/console/signin", data={"client_id": "a\u0000b", "client_secret": "s"})
    assert answer.status_code == 401, answer.text
    assert "do not match a partner" in answer.text
