"""Crash safety: SIGKILL the server in the middle of installs, calls and token refreshes, restart it.

Afterwards the store must be whole: the database passes SQLite's integrity check, every install
that was acknowledged is there, every account connector row reads through the API, every stored
credential decrypts, states and versions agree, and every stored OAuth token set still works
against the provider (refreshing first).

One loss is inherent to rotating refresh tokens and not a fault of the store: if the kill lands
after the provider rotated a refresh token but before the new set was committed, the provider
has already retired the stored one. The load is timed so the kill falls between refresh bursts,
once the store holds at least one rotated set (so the restart has one to prove durable); should it
still hit that window for the others, the connection must end in the clean NeedsReauthentication
state (a 409 that says so), never in a broken one.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, SwitchboardServer, server_env
from tests.integration.test_oauth import TARGET, browse

OAUTH_CONNECTIONS = 6
LOAD_SECONDS = 2.0
EXPIRE_EVERY = 0.5  # every half second every access token dies: the next calls refresh
KILL_AT = 1.75  # a quarter of a period after the last expiry: between refresh bursts, mid-installs
QUIET = 0.1  # ... and once no token request has come for this long (waiting half a period at most)
CATCH_UP = 5.0  # ... and once one rotated set is stored: how long the store may take to write one
MIN_INSTALLS = 5  # ... and once this many installs are acknowledged (the same bound on the wait)


@pytest.fixture(scope="module")
def sl_server() -> Iterator[EmulatorServer]:
    emulator = SalesloftEmulator()
    # The emulator is one Salesloft team, where this test's seven connections stand for seven, each with
    # a budget of its own in Switchboard's limiter: at today's call rate they would spend the one team's
    # 600 a minute within the load's two seconds, and this test is about the store, not the limit.
    emulator.limiter.limit = 1_000_000
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


@dataclass
class Load:
    """What the load saw acknowledged before the kill."""

    installed: list[int] = field(default_factory=list)
    calls: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def sl_emulator(server: EmulatorServer) -> SalesloftEmulator:
    assert isinstance(server.emulator, SalesloftEmulator)
    return server.emulator


def test_a_killed_server_restarts_with_a_consistent_store(
    tmp_path_factory: pytest.TempPathFactory, sl_server: EmulatorServer
) -> None:
    sl = sl_emulator(sl_server)
    data_dir = tmp_path_factory.mktemp("crash")
    # No cached call targets: with tokens killed every half second, a call working from a 2-second
    # old view would meet a second 401 after its one refresh (by design it then gives up).
    env = server_env(data_dir, {"salesloft": sl_server.url}, SWITCHBOARD_CACHE_SECONDS="0")
    server = SwitchboardServer(data_dir, env).start()
    try:
        partner = server.new_partner("Crash")
        settings = partner.http.put(
            f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
            json={"ClientId": sl.client_id, "ClientSecret": sl.client_secret},
        )
        assert settings.status_code == 200, settings.text
        account = partner.new_account()
        oauth = [connect(account) for _ in range(OAUTH_CONNECTIONS)]
        api_key = account.install("salesloft", AuthValue=sl.api_key)
        method = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
        refreshes_before = sl.token_requests

        fernet = Fernet(env["SWITCHBOARD_SECRET_KEY"].encode())

        def one_set_stored() -> bool:
            """Whether the store, as a reader sees it now, holds a set the provider has not retired."""
            uri = f"file:{data_dir / 'switchboard.db'}?mode=ro"
            with closing(sqlite3.connect(uri, uri=True)) as db:
                rows = db.execute("SELECT id, credentials_encrypted FROM account_connectors").fetchall()
            sets = [json.loads(fernet.decrypt(sealed.encode())) for row_id, sealed in rows if row_id in oauth]
            return any(not refresh_token_retired(sl, credentials) for credentials in sets)

        load = asyncio.run(run_load(server, account, method, [*oauth, api_key], sl, one_set_stored))
        assert server.process is not None and server.process.poll() == -signal.SIGKILL
        server.process = None
        assert len(load.installed) >= MIN_INSTALLS, load
        assert sl.token_requests - refreshes_before >= OAUTH_CONNECTIONS, "the load did not refresh"
        assert all(load.calls.values()), load.calls

        # The store, as the killed process left it (SQLite replays its write-ahead log on open).
        with sqlite3.connect(data_dir / "switchboard.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            rows = db.execute(
                "SELECT id, credentials_encrypted, credentials_version, auth_state FROM account_connectors"
            ).fetchall()
        server.start()

        # Every acknowledged install is there, and every row reads through the API.
        answer = account.get(
            "/v1.0/account/connectors", params={"pageSize": 1000}
        )  # every install (50 a page by default)
        assert int(answer.headers["Total-Records"]) < 1000, "more installs than one page holds"
        listed = {c["Id"]: c for c in answer.json()}
        assert set(load.installed) <= set(listed)
        assert set(listed) == {row[0] for row in rows}
        for connection in listed:
            assert account.get(f"/v1.0/account/connectors/{connection}").status_code == 200

        stored = {row[0]: check_row(row, fernet, sl) for row in rows}
        assert stored[api_key] == {"type": "api_key", "key": sl.api_key}

        # Every stored token set works: each connection refreshes (all access tokens die) and calls.
        lost = [c for c in oauth if refresh_token_retired(sl, stored[c])]
        assert len(lost) < len(oauth), "no rotation survived the crash: new token sets are not being stored"
        sl.expire_access_tokens()
        for connection in [*oauth, api_key]:
            response = account.post(f"/v1.0/account/connectors/{connection}/methods/{method}", json={})
            if connection in lost:
                assert response.status_code == 409, response.text
                assert response.json()["AuthState"] == "NeedsReauthentication"
            else:
                assert response.status_code == 200, (connection, response.text)
        log = server.log_path.read_text()
        assert "Traceback" not in log.split("Started server process")[-1]  # nothing failed after the restart
    finally:
        server.stop()


def connect(account: Account) -> int:
    connection = account.install("salesloft")
    token = account.partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    query = httpx.QueryParams({"id": connection, "token": token, "targetOrigin": TARGET})
    final, page = browse(f"{account.partner.server.url}/connectorauth/updateaccountconnectoroauth?{query}")
    assert page is None and final.startswith(TARGET), page.text if page else final
    return connection


async def run_load(
    server: SwitchboardServer,
    account: Account,
    method: str,
    connections: list[int],
    sl: SalesloftEmulator,
    one_set_stored: Callable[[], bool],
) -> Load:
    """Installs, calls on every connection and forced refreshes, until the server is killed."""
    load = Load(calls=dict.fromkeys(connections, 0))
    headers = {"Authorization": f"Bearer {account.partner.token}", **account.headers}
    connector = account.partner.connector_id("salesloft")
    start = time.monotonic()

    async def installer(client: httpx.AsyncClient, n: int) -> None:
        while True:
            body: dict[str, Any] = {"Name": f"Install {n}"}
            if n % 2:
                body["AuthValue"] = sl.api_key
            try:
                response = await client.post(f"/v1.0/connectors/{connector}/install", json=body)
            except httpx.TransportError:
                return
            if response.status_code == 200:
                load.installed.append(response.json()["Id"])
            else:
                load.failures.append(response.text)
            n += 2

    async def caller(client: httpx.AsyncClient, connection: int) -> None:
        while True:
            try:
                response = await client.post(f"/v1.0/account/connectors/{connection}/methods/{method}", json={})
            except httpx.TransportError:
                return
            if response.status_code == 200:
                load.calls[connection] += 1
            elif response.status_code != 401:
                load.failures.append(response.text)
            # A relayed 401 is the test's doing: a call refreshes once, and this test revokes every
            # token twice a second, so now and then a retry meets the next revocation.
            await asyncio.sleep(0.02)

    async def clock() -> None:
        expiries = 1
        while (elapsed := time.monotonic() - start) < KILL_AT:
            if elapsed >= expiries * EXPIRE_EVERY:
                sl.expire_access_tokens()
                expiries += 1
            await asyncio.sleep(0.01)
        # On a loaded machine installs come slower (two a second, at times, beside a test suite): the kill waits,
        # bounded, for enough of them acknowledged to judge the store by. Calls and installs go on meanwhile.
        enough = time.monotonic() + CATCH_UP
        while time.monotonic() < enough:
            if len(load.installed) >= MIN_INSTALLS:
                break
            await asyncio.sleep(0.01)
        # Between refresh bursts, as the provider sees it: on a loaded machine the burst after the last
        # expiry may outlast the quarter period, and a kill inside every connection's refresh leaves
        # nothing to judge the store by. Calls and installs go on meanwhile.
        quiet_since, seen = time.monotonic(), sl.token_requests
        while time.monotonic() - quiet_since < QUIET and time.monotonic() - start < KILL_AT + EXPIRE_EVERY:
            await asyncio.sleep(0.01)
            if sl.token_requests != seen:
                quiet_since, seen = time.monotonic(), sl.token_requests
        # The provider rotates a token when asked; the store writes the new set when its answer is in
        # and its turn at the file comes, behind the installs' and the call log's writes. A kill before
        # any such write would leave nothing to judge durability by, so wait (bounded) for one.
        caught_up = time.monotonic() + CATCH_UP
        while time.monotonic() < caught_up:
            if one_set_stored():
                break
            await asyncio.sleep(0.01)
        assert server.process is not None
        server.process.send_signal(signal.SIGKILL)
        await asyncio.get_running_loop().run_in_executor(None, server.process.wait)

    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=30, limits=limits) as client:
        workers = [installer(client, n) for n in range(2)]
        workers += [caller(client, c) for c in connections for _ in range(3)]
        await asyncio.wait_for(asyncio.gather(clock(), *workers), timeout=LOAD_SECONDS + 30)
    assert not load.failures, load.failures[:3]
    return load


def check_row(row: tuple[Any, ...], fernet: Fernet, sl: SalesloftEmulator) -> dict[str, Any]:
    """A row's credentials, decrypted, after checking that state and version agree with them."""
    connection, encrypted, version, state = row
    if encrypted is None:
        assert (version, state) == (0, "unauthenticated"), row
        return {}
    credentials: dict[str, Any] = json.loads(fernet.decrypt(encrypted.encode()))
    assert version >= 1 and state in {"authenticated", "needs_reauth"}, row
    if "access_token" in credentials:
        # A set the provider issued, not a torn or mixed one.
        assert credentials["access_token"] in sl.oauth._access, connection
        assert credentials["refresh_token"] in sl.oauth._refresh, connection
    return credentials


def refresh_token_retired(sl: SalesloftEmulator, credentials: dict[str, Any]) -> bool:
    """The provider rotated this refresh token away: the crash fell inside that refresh."""
    # The emulator's token records are private to it; the test reads them to judge the store.
    return bool(sl.oauth._refresh[credentials["refresh_token"]].used)
