"""MCP tokens cached per raw token: no database read per call, yet revocation, expiry and allow lists hold."""

from __future__ import annotations

import asyncio
import math
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.backends import POSTGRES_URL, postgres_database
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration.test_mcp import bearer, new_token

CALLS = 100


def connected(partner: Partner, salesloft: EmulatorServer) -> tuple[Account, int]:
    assert isinstance(salesloft.emulator, SalesloftEmulator)
    account = partner.new_account()
    return account, account.install("salesloft", AuthValue=salesloft.emulator.api_key)


def tools(server: SwitchboardServer, token: str, installed: int) -> httpx.Response:
    return httpx.get(f"{server.url}/v1.0/account/connectors/{installed}/tools", headers=bearer(token))


def test_a_revoked_token_is_refused_on_its_next_call(switchboard: SwitchboardServer, salesloft: EmulatorServer) -> None:
    account, installed = connected(switchboard.new_partner("Revokes"), salesloft)
    token = new_token(account)
    for _ in range(3):  # cached now
        assert tools(switchboard, token["Token"], installed).status_code == 200
    revoked = account.partner.http.delete(f"/v1.0/accounts/{account.api_id}/mcptokens/{token['Id']}")
    assert revoked.status_code == 204, revoked.text
    refused = tools(switchboard, token["Token"], installed)  # at once: the revocation dropped the cached scope
    assert refused.status_code == 401 and "revoked" in refused.json()["Message"]
    assert token["Token"] not in refused.text


def test_a_token_revoked_elsewhere_is_refused_within_a_second(
    switchboard: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    """Another worker or host revokes it: this worker believes its cached scope for a second at most."""
    account, installed = connected(switchboard.new_partner("Revoked elsewhere"), salesloft)
    token = new_token(account)
    for _ in range(3):
        assert tools(switchboard, token["Token"], installed).status_code == 200
    with sqlite3.connect(switchboard.data_dir / "switchboard.db") as db:
        assert db.execute("UPDATE mcp_tokens SET revoked_at = ? WHERE id = ?", (time.time(), token["Id"])).rowcount
    revoked = time.monotonic()
    while (status := tools(switchboard, token["Token"], installed).status_code) == 200:
        assert time.monotonic() - revoked < 3, "still believed 3 s after its revocation"
        time.sleep(0.05)
    assert status == 401
    assert time.monotonic() - revoked < 1.3, "refused only past the cache's second"


def test_a_cached_token_is_refused_from_its_expiry_on(
    switchboard: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    account, installed = connected(switchboard.new_partner("Expires"), salesloft)
    token = new_token(account)
    expires_at = time.time() + 1.5  # sooner than tokens are issued for: set in the server's own database
    with sqlite3.connect(switchboard.data_dir / "switchboard.db") as db:
        db.execute("UPDATE mcp_tokens SET expires_at = ? WHERE id = ?", (expires_at, token["Id"]))
    answers: list[tuple[float, float, int]] = []
    while (sent := time.time()) < expires_at + 0.5:
        status = tools(switchboard, token["Token"], installed).status_code
        answers.append((sent, time.time(), status))
        time.sleep(0.02)
    before = [status for sent, came, status in answers if came < expires_at]
    after = [status for sent, came, status in answers if sent >= expires_at]
    assert len(before) > 5 and set(before) == {200}  # believed (and cached) until then
    # A cached entry never outlives the token: every call sent after its expiry is refused, not for a second more.
    assert after and set(after) == {401}, answers


def test_an_allow_list_change_is_honoured_at_once(switchboard: SwitchboardServer, salesloft: EmulatorServer) -> None:
    """The allow list guards calls (not listings): it rides on the cached lookup, dropped when it changes."""
    partner = switchboard.new_partner("Allow list")
    account, installed = connected(partner, salesloft)
    token = new_token(account)["Token"]
    call = f"{switchboard.url}/v1.0/account/connectors/{installed}/tools/salesloft_list_account_tiers_ddl"
    for _ in range(3):
        assert httpx.post(call, json={}, headers=bearer(token)).status_code == 200
    assert partner.http.put("/v1.0/ipallowlist", json={"Cidrs": ["203.0.113.0/24"]}).status_code == 200
    refused = httpx.post(call, json={}, headers=bearer(token))
    assert refused.status_code == 403 and "Unknown client IP Address" in refused.json()["Message"]
    assert partner.http.put("/v1.0/ipallowlist", json={"Cidrs": ["127.0.0.1/32"]}).status_code == 200
    assert httpx.post(call, json={}, headers=bearer(token)).status_code == 200


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    try:
        with postgres_database("sbmcptok") as url:
            yield url
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(f"this test needs PostgreSQL at {POSTGRES_URL}: {exc}")


@pytest.fixture(scope="module")
def postgres_server(
    tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer, postgres_url: str
) -> Iterator[SwitchboardServer]:
    """A server on PostgreSQL, whose own statistics count the reads of a table."""
    data_dir: Path = tmp_path_factory.mktemp("mcptokens-pg")
    server = SwitchboardServer(
        data_dir, server_env(data_dir, {"salesloft": salesloft.url}, SWITCHBOARD_DATABASE_URL=postgres_url)
    )
    server.start()
    yield server
    server.stop()


def table_reads(url: str, table: str) -> int:
    """Scans of ``table`` so far. Read with the server stopped: a backend flushes its counts when it exits
    (while it lives, up to 10 s late)."""

    async def read() -> int:
        connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            query = "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = $1"
            return int(await connection.fetchval(query, table))
        finally:
            await connection.close()

    counts = [asyncio.run(read())]
    while len(counts) < 20 and counts[-2:] != [counts[-1]] * 2:  # the exiting backends' last flushes
        time.sleep(0.3)
        counts.append(asyncio.run(read()))
    return counts[-1]


def test_repeated_calls_do_not_read_the_token_table(
    postgres_server: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    account, _ = connected(postgres_server.new_partner("Counted"), salesloft)
    token = new_token(account)["Token"]
    url = postgres_server.env["SWITCHBOARD_DATABASE_URL"]
    postgres_server.stop()
    before = table_reads(url, "mcp_tokens")
    postgres_server.start()
    started = time.monotonic()
    for _ in range(CALLS):  # the token is checked first: an unknown connection is a 404 after it
        assert tools(postgres_server, token, 999_999).status_code == 404
    seconds = time.monotonic() - started
    postgres_server.stop()
    reads = table_reads(url, "mcp_tokens") - before
    # One read when the entry is missed or lapses (a second at most): not one a call.
    assert reads <= math.ceil(seconds) + 1 and reads < CALLS / 4, f"{reads} reads for {CALLS} calls in {seconds:.2f} s"
