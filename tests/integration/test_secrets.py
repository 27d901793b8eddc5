"""Secrets: never logged, stored or answered in the clear; unreadable without the key; rotatable.

A server of its own, with emulators of its own whose every credential is random, runs the OAuth
flows (a partner's app and an app given at install), refreshes, API-key calls, /test/ calls and
failing calls. Then every log line, every row of every table and every answer is searched for
every secret that was used. Finally the server is restarted with another key (it must say so,
not fail), and the key is rotated with ``switchboard keys rotate`` until the old one can go.
"""

from __future__ import annotations

import json
import secrets as random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration.test_oauth import TARGET, browse


@dataclass
class Seen:
    """Everything the test used (secrets) and everything the server answered (answers)."""

    secrets: dict[str, str] = field(default_factory=dict)
    answers: list[str] = field(default_factory=list)

    def answer(self, response: httpx.Response) -> httpx.Response:
        self.answers.append(
            f"{response.request.method} {response.request.url} -> {response.status_code} {response.text}"
        )
        return response


@dataclass
class World:
    server: SwitchboardServer
    sl: SalesloftEmulator
    cc: ConstantContactEmulator
    partner: Partner
    account: Account
    connections: dict[str, int]
    seen: Seen
    key: str  # the server's SWITCHBOARD_SECRET_KEY


@pytest.fixture(scope="module")
def sl_server() -> Iterator[EmulatorServer]:
    emulator = SalesloftEmulator()
    emulator.api_key = f"sl-key-{random.token_urlsafe(24)}"
    emulator.client_id = f"sl-client-{random.token_hex(8)}"
    emulator.client_secret = f"sl-secret-{random.token_urlsafe(24)}"
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cc_server() -> Iterator[EmulatorServer]:
    server = EmulatorServer(ConstantContactEmulator()).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, sl_server: EmulatorServer, cc_server: EmulatorServer
) -> Iterator[World]:
    sl, cc = sl_server.emulator, cc_server.emulator
    assert isinstance(sl, SalesloftEmulator) and isinstance(cc, ConstantContactEmulator)
    data_dir = tmp_path_factory.mktemp("secrets")
    env = server_env(
        data_dir, {"salesloft": sl_server.url, "constant_contact": cc_server.url}, SWITCHBOARD_LOG_FORMAT="json"
    )
    server = SwitchboardServer(data_dir, env).start()
    try:
        world = populate(server, sl, cc)
        exercise(world)
        yield world
    finally:
        server.stop()  # and the restarts' servers: never left running after the suite


def populate(server: SwitchboardServer, sl: SalesloftEmulator, cc: ConstantContactEmulator) -> World:
    seen = Seen()
    partner = server.new_partner("Secretive")
    seen.secrets.update({"partner client secret": partner.client_secret, "partner token": partner.token})
    seen.secrets.update({"Salesloft API key": sl.api_key, "Salesloft client secret": sl.client_secret})
    cc_client, cc_secret = f"cc-client-{random.token_hex(8)}", f"cc-secret-{random.token_urlsafe(24)}"
    cc.register_client(cc_client, cc_secret)
    seen.secrets["Constant Contact client secret (given at install)"] = cc_secret
    wrong_key = f"wrong-key-{random.token_urlsafe(24)}"
    seen.secrets["a wrong API key"] = wrong_key
    seen.answer(
        partner.http.put(
            f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
            json={"ClientId": sl.client_id, "ClientSecret": sl.client_secret},
        )
    ).raise_for_status()
    account = partner.new_account()
    connections = {
        "oauth": account.install("salesloft"),
        "api key": account.install("salesloft", AuthValue=sl.api_key),
        "wrong key": _revoked_key(sl, account, wrong_key),
        "install app": account.install(
            "constant_contact", Properties={"ClientId": cc_client, "ClientSecret": cc_secret}
        ),
    }
    for name in ("oauth", "install app"):
        signin = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken")  # its one job: say the token
        seen.secrets[f"sign-in token ({name})"] = signin.json()["Token"]
        query = httpx.QueryParams({"id": connections[name], "token": signin.json()["Token"], "targetOrigin": TARGET})
        final, page = browse(f"{server.url}/connectorauth/updateaccountconnectoroauth?{query}")
        assert page is None and final.startswith(TARGET), page.text if page else final
    return World(server, sl, cc, partner, account, connections, seen, server.env["SWITCHBOARD_SECRET_KEY"])


def exercise(world: World) -> None:
    """Calls of every kind on every connection: fresh tokens, refreshed ones, failures, /test/.

    Then what observability shows of them: the call log (list and every call with its
    exchanges, once written) and the metrics page.
    """
    request_ids = []
    for _ in range(2):
        for connection in world.connections.values():
            for answer in calls(world, connection):
                world.seen.answer(answer)
                request_ids.append(answer.headers["X-Request-Id"])
        world.sl.expire_access_tokens()  # the second round refreshes after a 401
        world.cc.expire_access_tokens()
    http = world.partner.http
    deadline = time.monotonic() + 20
    while True:  # the call log is written in batches, off the calls' path
        logged = world.seen.answer(http.get("/v1.0/calls", params={"limit": 200})).json()["Calls"]
        if len(logged) >= len(request_ids) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert {call["RequestId"] for call in logged} == set(request_ids)  # every call, failed ones too
    for call in logged:
        world.seen.answer(http.get(f"/v1.0/calls/{call['RequestId']}"))
    world.seen.answer(httpx.get(f"{world.server.url}/metrics"))


def calls(world: World, connection: int) -> list[httpx.Response]:
    account = world.account
    base = f"/v1.0/account/connectors/{connection}"
    if connection == world.connections["install app"]:
        methods = account.methods("constant_contact")
        good, bad = methods["Get account summary"], methods["Get contact"]
        failing = {"Mergefields": {"contact_id": "00000000-0000-0000-0000-000000000000"}}
    else:
        methods = account.methods("salesloft")
        good, bad = methods["List accounts"], methods["Get account"]
        failing = {"Mergefields": {"account_id": "987654321"}}
    good_id, bad_id = good["MethodUniqueIdentifier"], bad["MethodUniqueIdentifier"]
    return [
        account.post(f"{base}/methods/{good_id}", json={}),
        account.post(f"{base}/test/{good_id}", json={}),
        account.get(f"{base}/test/{good_id}"),
        account.post(f"{base}/methods/{bad_id}/body", json=failing),  # the third party's 404
        account.post(f"{base}/test/{bad_id}", json={"Mergefields": {str(p["Id"]): 1 for p in bad["Parameters"]}}),
        account.post(f"{base}/methods/{bad_id}", json={}),  # a required parameter missing: 400
    ]


def issued_tokens(world: World) -> dict[str, str]:
    """Every access and refresh token the emulators issued, used or not."""
    found: dict[str, str] = {}
    # The Salesloft emulator keeps every token it ever issued; its attributes are private to it.
    for token in list(world.sl.oauth._access) + list(world.sl.oauth._refresh):
        found[f"Salesloft token {token[:6]}…"] = token
    for token_set in list(world.cc.oauth.access.values()) + list(world.cc.oauth.refresh.values()):
        found[f"Constant Contact token {token_set.access_token[:6]}…"] = token_set.access_token
        if token_set.refresh_token:
            found[f"Constant Contact refresh token {token_set.refresh_token[:6]}…"] = token_set.refresh_token
    # Retired Constant Contact tokens: they were sent to it, in headers and refresh bodies.
    for request in world.cc.requests.all():
        bearer = request.headers.get("Authorization", "")
        if bearer.startswith("Bearer "):
            found[f"Constant Contact token {bearer[7:13]}…"] = bearer[7:]
        for key, value in httpx.QueryParams(request.body.decode(errors="replace")).multi_items():
            if key == "refresh_token":
                found[f"Constant Contact refresh token {value[:6]}…"] = value
    return found


def database_rows(data_dir: Path) -> list[str]:
    """Every row of every table, as text."""
    with sqlite3.connect(data_dir / "switchboard.db") as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [f"{table}: {row}" for table in tables for row in db.execute(f'SELECT * FROM "{table}"')]  # noqa: S608


def assert_nowhere(secrets: dict[str, str], places: dict[str, list[str]]) -> None:
    leaks = [
        f"{name} in {place}: {line[:200]}"
        for name, secret in secrets.items()
        for place, lines in places.items()
        for line in lines
        if secret in line
    ]
    assert not leaks, "\n".join(leaks)


def test_no_secret_is_logged_stored_or_answered(world: World) -> None:
    statuses = [line.split(" -> ")[1][:3] for line in world.seen.answers]
    assert {"200", "400", "401", "404"} <= set(statuses)  # successes and failures both ran
    tokens = issued_tokens(world)
    assert len([t for t in tokens if t.startswith("Salesloft")]) >= 4  # issued and refreshed
    assert len([t for t in tokens if t.startswith("Constant Contact refresh")]) >= 2
    secrets = {**world.seen.secrets, **tokens}
    rows = database_rows(world.server.data_dir)
    assert any(row.startswith("call_log:") and "[redacted]" in row for row in rows)  # exchanges are kept
    log = world.server.log_path.read_text().splitlines()
    lines = [json.loads(line) for line in log if line.startswith("{")]
    call_lines = [line for line in lines if line["logger"] == "switchboard.calls"]
    assert len(call_lines) >= 30 and all(len(line["request_id"]) == 32 for line in call_lines)
    assert {line["status"] for line in call_lines} >= {200, 401, 404}
    assert_nowhere(
        secrets,
        {
            "the server log": log,
            "the database": rows,
            "an answer": world.seen.answers,
        },
    )
    # What is stored instead: ciphertexts (Fernet) and hashes.
    stored = [row for row in rows if row.startswith("account_connectors:")]
    assert len(stored) == 4 and all("gAAAAA" in row for row in stored[:2])


def restart(world: World, key: str) -> None:
    world.server.stop()
    world.server.env["SWITCHBOARD_SECRET_KEY"] = key
    world.server.start()


def call_every_connection(world: World) -> dict[str, httpx.Response]:
    answers = {}
    for name, connection in world.connections.items():
        answers[name] = world.seen.answer(calls(world, connection)[0])
    return answers


def test_another_key_cannot_read_the_stored_secrets_and_says_so(world: World) -> None:
    restart(world, Fernet.generate_key().decode())
    try:
        for name, response in call_every_connection(world).items():
            assert response.status_code == 409, (name, response.text)
            message = response.json()["Message"]
            assert f"Account connector {world.connections[name]}: its stored" in message
            assert "cannot be decrypted with the configured SWITCHBOARD_SECRET_KEY" in message
        assert world.account.get("/v1.0/account/connectors").status_code == 200  # the rest still works
        signin = world.partner.http.post(f"/v1.0/accounts/{world.account.api_id}/signintoken").json()["Token"]
        query = httpx.QueryParams({"id": world.connections["oauth"], "token": signin, "targetOrigin": TARGET})
        page = httpx.get(f"{world.server.url}/connectorauth/updateaccountconnectoroauth?{query}")
        assert page.status_code == 400 and "cannot read this connection&#x27;s stored settings" in page.text
        log = world.server.log_path.read_text()
        assert "Traceback" not in log and "unhandled error" not in log
    finally:
        restart(world, world.key)
    statuses = {name: r.status_code for name, r in call_every_connection(world).items()}
    assert statuses == {"oauth": 200, "api key": 200, "wrong key": 401, "install app": 200}


def test_rotate_then_drop_the_old_key(world: World) -> None:
    data_dir = world.server.data_dir
    before = {row for row in database_rows(data_dir) if "gAAAAA" in row}
    new_key = Fernet.generate_key().decode()
    world.server.stop()
    env = world.server.env
    env["SWITCHBOARD_SECRET_KEY"] = f"{new_key},{world.key}"
    output = world.server.cli("keys", "rotate")
    assert "account_connectors.credentials_encrypted: 4 re-encrypted" in output
    assert "account_connectors.oauth_app_encrypted: 1 re-encrypted" in output
    assert "connector_settings.client_secret_encrypted: 1 re-encrypted" in output
    assert "the older keys can be dropped" in output
    # Every stored secret now opens with the new key alone.
    with sqlite3.connect(data_dir / "switchboard.db") as db:
        values = [
            value
            for table, column in [
                ("account_connectors", "credentials_encrypted"),
                ("account_connectors", "oauth_app_encrypted"),
                ("connector_settings", "client_secret_encrypted"),
            ]
            for (value,) in db.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
        ]
    assert len(values) == 6
    for value in values:
        Fernet(new_key.encode()).decrypt(value.encode())
    assert not before & {row for row in database_rows(data_dir) if "gAAAAA" in row}
    restart(world, new_key)  # the old key is gone
    world.sl.expire_access_tokens()
    world.cc.expire_access_tokens()  # so the calls refresh, with the rotated client secrets
    answers = call_every_connection(world)
    assert {name: r.status_code for name, r in answers.items()} == {
        "oauth": 200,
        "api key": 200,
        "wrong key": 401,  # the third party's answer to the wrong key, relayed
        "install app": 200,
    }
    assert answers["wrong key"].json()["Source"] == "Upstream"
    # A new sign-in still works: the partner's client secret is readable under the new key.
    signin = world.partner.http.post(f"/v1.0/accounts/{world.account.api_id}/signintoken").json()["Token"]
    query = httpx.QueryParams({"id": world.connections["oauth"], "token": signin, "targetOrigin": TARGET})
    final, page = browse(f"{world.server.url}/connectorauth/updateaccountconnectoroauth?{query}")
    assert page is None and final.startswith(TARGET)
    assert_nowhere(world.seen.secrets, {"the rotation's output": output.splitlines()})


def stored_rows(data_dir: Path) -> list[str]:
    """Every row but the call log's and its id counter (the running server keeps writing them; no ciphertext)."""
    return [row for row in database_rows(data_dir) if not row.startswith(("call_log:", "sqlite_sequence: ('call_log'"))]


def test_rotate_leaves_what_it_cannot_read_and_says_so(world: World) -> None:
    before = stored_rows(world.server.data_dir)
    env = {**world.server.env, "SWITCHBOARD_SECRET_KEY": Fernet.generate_key().decode()}
    result = subprocess.run(
        [sys.executable, "-m", "switchboard", "keys", "rotate"], env=env, capture_output=True, check=False, timeout=60
    )
    assert result.returncode == 1
    output = result.stdout.decode()
    assert "cannot decrypt account_connectors.credentials_encrypted {'id': " in output
    assert "Do not drop the old key yet" in output
    assert stored_rows(world.server.data_dir) == before


def _revoked_key(sl: SalesloftEmulator, account: Account, key: str) -> int:
    """A connection whose key Salesloft accepted when it was saved and refuses since (deleted in its admin)."""
    sl.add_api_key(key)
    connection = account.install("salesloft", AuthValue=key)
    sl.revoke_api_key(key)
    return connection
