"""The database going away just as an OAuth callback forgets its sign-in attempt (``oauth_flow._ended``): the user
still gets the page that says how their sign-in ended, never the outage's 503; the failure is logged without the
attempt's secrets, and the attempt left behind is used up (never used again) and stops counting as under way once a
callback could no longer be running.

The moment is made in order, not by sleeps: the test holds the attempt's row (``FOR KEY SHARE``, which lets the
callback use the attempt up but not delete it), waits until the callback's DELETE waits on it, then cuts the
server's way to PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import asyncpg
import httpx
import pytest

from switchboard.settings import Settings
from switchboard_emulators import EmulatorServer
from tests.harness import SwitchboardServer
from tests.integration.test_connect_denied_install import _partner, _ticket, _to_provider
from tests.scale.proxied import proxies, server
from tests.tcp_proxy import TcpProxy

__all__ = ["proxies", "server"]  # the fixtures, used by name


def _straight(postgres_url: str) -> str:
    """The server's database, reached straight, not through the proxy the test cuts."""
    return postgres_url.replace("postgresql+asyncpg://", "postgresql://")


async def _until_blocked_by(store: asyncpg.Connection, within: float = 30) -> None:
    """Until a session of the server waits for one of ``store``'s locks."""
    deadline = time.monotonic() + within
    check = "SELECT count(*) > 0 FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
    while not await store.fetchval(check):
        assert time.monotonic() < deadline, f"nothing waited for the test's lock within {within} s"
        await asyncio.sleep(0.05)


async def _ended_in_outage(
    postgres_url: str, database: TcpProxy, connection_id: int, callback: httpx.URL
) -> httpx.Response:
    """The callback's answer, the database cut away from the server as the callback forgets its attempt."""
    store = await asyncpg.connect(_straight(postgres_url))
    try:
        return await _held_then_cut(store, database, connection_id, callback)
    finally:
        await store.close()


async def _held_then_cut(
    store: asyncpg.Connection, database: TcpProxy, connection_id: int, callback: httpx.URL
) -> httpx.Response:
    async with store.transaction():
        await store.execute(
            "SELECT nonce FROM oauth_states WHERE account_connector_id = $1 FOR KEY SHARE", connection_id
        )
        async with httpx.AsyncClient(timeout=60) as browser:
            answering = asyncio.ensure_future(browser.get(callback))
            try:
                await _until_blocked_by(store)  # only a DELETE of the row waits for a KEY SHARE lock
            except BaseException:
                answering.cancel()
                raise
            database.cut()
            try:
                return await asyncio.wait_for(answering, 60)
            finally:
                database.mend()


def _callback(switchboard: SwitchboardServer, provider_url: str, **answer: str) -> httpx.URL:
    """The provider's redirect back to the callback: ``answer`` (a code, or an error) for the attempt's state."""
    state = parse_qs(urlsplit(provider_url).query)["state"][0]
    return httpx.URL(f"{switchboard.url}/connector/callback", params={"state": state, **answer})


def _code(provider_url: str) -> str:
    """The user allows access: the code the provider's redirect back carries."""
    consented = httpx.get(provider_url)
    assert consented.status_code == 302, consented.text
    return parse_qs(urlsplit(consented.headers["location"]).query)["code"][0]


async def _fetchrow(postgres_url: str, query: str, *args: object) -> Any:
    store = await asyncpg.connect(_straight(postgres_url))
    try:
        return await store.fetchrow(query, *args)
    finally:
        await store.close()


@pytest.mark.parametrize("outcome", ["allowed", "denied"])
def test_a_sign_in_whose_attempt_cannot_be_forgotten_still_gets_its_page(
    server: SwitchboardServer,
    proxies: tuple[TcpProxy, TcpProxy],
    constant_contact: EmulatorServer,
    postgres_url: str,
    outcome: str,
) -> None:
    database, _ = proxies
    account = _partner(server, constant_contact).new_account()
    ticket = _ticket(server, account)
    first, made_at = _to_provider(server, account, ticket)  # installs the connection for its sign-in
    _, retried_at = _to_provider(server, account, ticket)  # the user's second tab, on the same connection
    answer = {"code": _code(retried_at)} if outcome == "allowed" else {"error": "access_denied"}
    callback = _callback(server, retried_at, **answer)
    mark = len(server.log_path.read_bytes())

    page = asyncio.run(_ended_in_outage(postgres_url, database, first, callback))

    if outcome == "allowed":
        assert page.status_code == 200, page.text
        assert "<title>Connected</title>" in page.text
    else:
        assert page.status_code == 400, page.text
        assert "You did not allow access, so nothing was connected." in page.text
    assert "database" not in page.text
    logged = server.log_path.read_bytes()[mark:].decode()
    assert "the database could not be reached to forget its attempt" in logged, logged
    assert "Traceback" not in logged and "database unavailable on" not in logged
    for secret in (callback.params["state"], answer.get("code")):
        assert secret is None or secret not in logged

    # Used up all the same: the same redirect again is refused, and changes nothing.
    again = httpx.get(callback)
    assert again.status_code == 400 and "expired or was already completed" in again.text, again.text
    # Left behind, it counts as under way only as long as a callback may still be running, not the sign-in's
    # ten minutes; a day after that, the next sign-in's sweep (create_state) deletes it.
    query = "SELECT used_at, expires_at FROM oauth_states WHERE account_connector_id = $1 AND used_at IS NOT NULL"
    used_at, expires_at = asyncio.run(_fetchrow(postgres_url, query, first))
    assert expires_at == pytest.approx(used_at + Settings.model_fields["oauth_callback_seconds"].default)

    (connection,) = account.get("/v1.0/account/connectors").json()
    assert connection["Id"] == first and connection["Authenticated"] is (outcome == "allowed")
    if outcome == "allowed":
        # The page's own attempt denied now: one tab signed in, so the install stays.
        denied = httpx.get(_callback(server, made_at, error="access_denied"))
        assert denied.status_code == 400, denied.text
        (connection,) = account.get("/v1.0/account/connectors").json()
        assert connection["Id"] == first and connection["Authenticated"] is True
    else:
        # The other tab goes on and signs in: nothing the outage left gets in its way.
        connected = httpx.get(_callback(server, made_at, code=_code(made_at)))
        assert connected.status_code == 200 and "<title>Connected</title>" in connected.text, connected.text
        (connection,) = account.get("/v1.0/account/connectors").json()
        assert connection["Id"] == first and connection["Authenticated"] is True
