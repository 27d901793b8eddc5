"""A connect session's whole life is bounded (N8): renewing its ticket through the OAuth popup's
sign-in token keeps the session's start, so no chain of renewals outlives it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.harness import Partner, SwitchboardServer, server_env

SESSION_SECONDS = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, constant_contact: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("connect-session")
    env = server_env(
        data_dir,
        {"constant_contact": constant_contact.url},
        SWITCHBOARD_CONNECT_SESSION_SECONDS=str(SESSION_SECONDS),
        SWITCHBOARD_HEALTH_POLL_SECONDS="3600",
    )
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def partner(server: SwitchboardServer, constant_contact: EmulatorServer) -> Partner:
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    made = server.new_partner("Connect sessions")
    settings = {"ClientId": cc.client_id, "ClientSecret": cc.client_secret}
    assert made.http.put(f"/v1.0/connectors/{made.connector_id('constant_contact')}/settings", json=settings).is_success
    return made


def ticket_for(server: SwitchboardServer, sign_in_token: str) -> str:
    """Spend a sign-in token at /connect; the ticket the page is redirected with."""
    arrived = httpx.get(f"{server.url}/connect", params={"token": sign_in_token})
    assert arrived.status_code == 303, arrived.text
    return parse_qs(urlsplit(arrived.headers["location"]).query)["ticket"][0]


def popup_token(server: SwitchboardServer, partner: Partner, ticket: str) -> str:
    """What ``POST /connect/oauth`` hands the popup: a fresh sign-in token in the sign-in URL."""
    started = httpx.post(
        f"{server.url}/connect/oauth",
        data={"ticket": ticket, "connector_id": str(partner.connector_id("constant_contact"))},
    )
    assert started.status_code == 303, started.text
    return parse_qs(urlsplit(started.headers["location"]).query)["token"][0]


def test_renewing_a_ticket_through_the_popups_token_never_outlives_the_session(
    server: SwitchboardServer, partner: Partner
) -> None:
    account = partner.new_account()
    began = time.monotonic()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    first = ticket_for(server, token)
    # The renewal the issue found: the popup's token, spent at /connect, is a new ticket.
    renewed = ticket_for(server, popup_token(server, partner, first))
    again = ticket_for(server, popup_token(server, partner, renewed))
    for ticket in (first, renewed, again):
        assert httpx.get(f"{server.url}/connect/home", params={"ticket": ticket}).status_code == 200
    time.sleep(max(0.0, SESSION_SECONDS + 1.5 - (time.monotonic() - began)))
    for ticket in (first, renewed, again):
        page = httpx.get(f"{server.url}/connect/home", params={"ticket": ticket})
        assert page.status_code == 400 and "expired" in page.text
    refused = httpx.post(
        f"{server.url}/connect/oauth",
        data={"ticket": again, "connector_id": str(partner.connector_id("constant_contact"))},
    )
    assert refused.status_code == 400 and "expired" in refused.text
    # A new session from the partner starts a new clock.
    fresh = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    assert httpx.get(f"{server.url}/connect/home", params={"ticket": ticket_for(server, fresh)}).status_code == 200


def test_a_popup_token_spent_after_its_session_ended_opens_nothing(server: SwitchboardServer, partner: Partner) -> None:
    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    began = time.monotonic()
    kept = popup_token(server, partner, ticket_for(server, token))  # held back, spent once the session is over
    time.sleep(max(0.0, SESSION_SECONDS + 1.5 - (time.monotonic() - began)))
    arrived = httpx.get(f"{server.url}/connect", params={"token": kept})
    assert arrived.status_code == 400 and "expired" in arrived.text
