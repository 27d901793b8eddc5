"""Install properties marked ``secret: true`` (N3): encrypted at rest, redacted wherever a call is shown.

A test connector (``secret_connectors/team_app``) sends its secret ``team_token`` property in
a header on every request; the server is the real one, its upstream the Salesloft emulator.
"""

from __future__ import annotations

import secrets as random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from switchboard.store.db import alembic_config
from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, logged, server_env

CONNECTORS = Path(__file__).parent / "secret_connectors"
WHO_AM_I = "0b6f3f7e-6c1d-4f0a-9a53-1d2c3e4f5a60"
SEALING_REVISION = "0009_hard_sec"  # the migration that moved secret properties out of the clear


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("secret-props")
    env = server_env(
        data_dir,
        {"team_app": salesloft.url},
        SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]',
        SWITCHBOARD_HEALTH_POLL_SECONDS="3600",
    )
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def partner(server: SwitchboardServer) -> Partner:
    return server.new_partner("Secret properties")


def install(account: Account, api_key: str, token: str) -> int:
    listing = account.partner.connectors()
    catalog_id = next(c["Id"] for c in listing if c["Name"] == "Team App")
    response = account.post(
        f"/v1.0/connectors/{catalog_id}/install",
        json={"AuthValue": api_key, "Properties": {"team_token": token, "region": "eu"}},
    )
    assert response.status_code == 200, response.text
    installed: int = response.json()["Id"]
    return installed


def api_key(salesloft: EmulatorServer) -> str:
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    return emulator.api_key


def stored_bytes(server: SwitchboardServer) -> bytes:
    """Every byte of the SQLite database as it is on disk now (main file and write-ahead log)."""
    return b"".join(p.read_bytes() for p in sorted(server.data_dir.glob("switchboard.db*")))


def stored_row(server: SwitchboardServer, connection_id: int) -> tuple[str, str | None]:
    with sqlite3.connect(server.data_dir / "switchboard.db") as db:
        row = db.execute(
            "SELECT properties, secret_properties_encrypted FROM account_connectors WHERE id = ?", (connection_id,)
        ).fetchone()
    return str(row[0]), row[1]


def console_page(server: SwitchboardServer, partner: Partner, path: str) -> str:
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        signed_in = browser.post(
            "/console/signin", data={"client_id": partner.client_id, "client_secret": partner.client_secret}
        )
        assert signed_in.status_code == 303, signed_in.text
        page = browser.get(path)
        assert page.status_code == 200, page.text
        return page.text


def test_a_secret_property_is_encrypted_at_rest_and_redacted_everywhere_a_call_is_shown(
    server: SwitchboardServer, partner: Partner, salesloft: EmulatorServer
) -> None:
    token = f"team-{random.token_urlsafe(24)}"
    account = partner.new_account()
    connection = install(account, api_key(salesloft), token)
    plain, sealed = stored_row(server, connection)
    assert token not in plain and '"region": "eu"' in plain.replace('":"', '": "')
    assert sealed and token not in sealed
    path = f"/v1.0/account/connectors/{connection}"

    # The upstream request carries the value; the caller's views of the call do not.
    before = len(salesloft.emulator.requests.all())
    called = account.post(f"{path}/methods/{WHO_AM_I}", json={}, headers={"X-Request-Id": f"team-{connection}"})
    assert called.status_code == 200, called.text
    sent = salesloft.emulator.requests.all()[before:]
    assert [r.headers.get("X-Team-Token") for r in sent] == [token]

    tested = account.post(f"{path}/test/{WHO_AM_I}", json={})
    assert tested.status_code == 200, tested.text
    assert token not in tested.text
    assert tested.json()["Exchanges"][0]["Request"]["Headers"]["X-Team-Token"] == "[redacted]"
    assert [r.headers.get("X-Team-Token") for r in salesloft.emulator.requests.all()[before + 1 :]] == [token]

    dry = account.post(f"{path}/methods/{WHO_AM_I}?dryRun=true", json={})
    assert dry.status_code == 200, dry.text
    assert token not in dry.text and dry.json()["Request"]["Headers"]["X-Team-Token"] == "[redacted]"

    call = logged(partner.http, f"team-{connection}")
    assert call["Exchanges"][0]["Request"]["Headers"]["X-Team-Token"] == "[redacted]"
    assert token not in str(call)

    page = console_page(server, partner, f"/console/calls/team-{connection}")
    assert "[redacted]" in page and token not in page

    shown = account.get(path).json()
    assert {p["Name"]: p["Value"] for p in shown["Properties"]} == {"team_token": "********", "region": "eu"}
    assert token.encode() not in stored_bytes(server)


def test_a_secret_property_changed_later_is_sealed_too(
    server: SwitchboardServer, partner: Partner, salesloft: EmulatorServer
) -> None:
    account = partner.new_account()
    connection = install(account, api_key(salesloft), f"team-{random.token_urlsafe(24)}")
    newer = f"newer-{random.token_urlsafe(24)}"
    path = f"/v1.0/account/connectors/{connection}"
    changed = account.put(path, json={"Properties": {"team_token": newer}})
    assert changed.status_code == 200, changed.text
    assert newer not in changed.text
    plain, sealed = stored_row(server, connection)
    assert newer not in plain and sealed and newer not in sealed
    # A client that sends back what it read (the mask) changes the other properties, not the secret.
    shown = {p["Name"]: p["Value"] for p in account.get(path).json()["Properties"]}
    assert shown == {"team_token": "********", "region": "eu"}
    echoed = account.put(path, json={"Properties": {**shown, "region": "us"}})
    assert echoed.status_code == 200, echoed.text
    before = len(salesloft.emulator.requests.all())
    assert account.post(f"{path}/methods/{WHO_AM_I}", json={}).status_code == 200
    assert [r.headers.get("X-Team-Token") for r in salesloft.emulator.requests.all()[before:]] == [newer]


def test_a_secret_property_changed_between_calls_is_sent_and_redacted_at_once(
    server: SwitchboardServer, partner: Partner, salesloft: EmulatorServer
) -> None:
    """A connection's calls share what they work out from it (its secrets, its authenticator) while it is
    cached: a change made in between reaches the very next call, the redaction of its trace included."""
    older = f"older-{random.token_urlsafe(24)}"
    account = partner.new_account()
    connection = install(account, api_key(salesloft), older)
    path = f"/v1.0/account/connectors/{connection}"
    sent = len(salesloft.emulator.requests.all())
    assert account.post(f"{path}/methods/{WHO_AM_I}", json={}).status_code == 200
    newer = f"newer-{random.token_urlsafe(24)}"
    assert account.put(path, json={"Properties": {"team_token": newer}}).status_code == 200
    traced = account.post(f"{path}/test/{WHO_AM_I}", json={})
    assert traced.status_code == 200, traced.text
    assert [r.headers.get("X-Team-Token") for r in salesloft.emulator.requests.all()[sent:]] == [older, newer]
    assert newer not in traced.text and older not in traced.text
    [exchange] = traced.json()["Exchanges"]
    assert exchange["Request"]["Headers"]["X-Team-Token"] == "[redacted]"


def test_rows_stored_in_the_clear_before_the_migration_are_sealed_and_keep_working(
    server: SwitchboardServer, partner: Partner, salesloft: EmulatorServer
) -> None:
    """A database from before 0009_hard_sec (the plaintext value in ``properties``) is sealed by the upgrade."""
    account = partner.new_account()
    legacy = f"legacy-{random.token_urlsafe(24)}"
    connection_id = install(account, api_key(salesloft), "placeholder-value")
    server.stop()
    database = server.data_dir / "switchboard.db"
    engine = create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        # Back to the revision before 0009_hard_sec with Alembic itself, then the value in the clear as it was.
        config = alembic_config(connection)
        before_sealing = ScriptDirectory.from_config(config).get_revision(SEALING_REVISION).down_revision
        assert isinstance(before_sealing, str)
        command.downgrade(config, before_sealing)
        connection.execute(
            text("UPDATE account_connectors SET properties = :plain WHERE id = :id"),
            {"plain": f'{{"team_token": "{legacy}", "region": "eu"}}', "id": connection_id},
        )
    engine.dispose()
    server.start()
    plain, sealed = stored_row(server, connection_id)
    assert legacy not in plain and sealed and legacy not in sealed
    before = len(salesloft.emulator.requests.all())
    path = f"/v1.0/account/connectors/{connection_id}"
    tested = account.post(f"{path}/test/{WHO_AM_I}", json={})
    assert tested.status_code == 200, tested.text
    assert legacy not in tested.text
    assert [r.headers.get("X-Team-Token") for r in salesloft.emulator.requests.all()[before:]] == [legacy]
