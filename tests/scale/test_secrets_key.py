"""Servers sharing PostgreSQL must share SWITCHBOARD_SECRET_KEY: a server or command that would use a key of its
own says so, instead of leaving it to callers' 409s and failed OAuth sign-ins."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from switchboard_emulators import EmulatorServer
from tests.backends import postgres_database, scale_env
from tests.harness import SwitchboardServer, server_env


def _server(
    root: Path, name: str, salesloft: EmulatorServer, database: str, redis_url: str, key: str
) -> SwitchboardServer:
    data_dir = root / name
    data_dir.mkdir()
    env = scale_env(data_dir, {"salesloft": salesloft.url}, database, redis_url, SWITCHBOARD_SECRET_KEY=key)
    return SwitchboardServer(data_dir, env)


def test_a_server_with_another_key_says_so_at_start(
    tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer, redis_url: str, salesloft_api_key: str
) -> None:
    root = tmp_path_factory.mktemp("keys")
    with postgres_database("sbkeys") as database:
        first = _server(root, "a", salesloft, database, redis_url, Fernet.generate_key().decode()).start(
            ready_within=120
        )
        try:
            account = first.new_partner("Keys").new_account()
            account.install("salesloft", AuthValue=salesloft_api_key)
            assert "do not decrypt" not in first.log_path.read_text()
        finally:
            first.stop()
        other = _server(root, "b", salesloft, database, redis_url, Fernet.generate_key().decode()).start(
            ready_within=120
        )
        try:
            deadline = time.monotonic() + 20
            while "do not decrypt" not in other.log_path.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            other.stop()
    logged = other.log_path.read_text()
    assert "stored secrets (account_connectors.credentials_encrypted) do not decrypt with this server's key" in logged
    assert "the same SWITCHBOARD_SECRET_KEY" in logged


def test_a_shared_database_without_a_key_is_warned_of(tmp_path: Path, postgres_url: str) -> None:
    """With PostgreSQL and no SWITCHBOARD_SECRET_KEY each host would make a key file of its own."""
    env = server_env(tmp_path, {}, SWITCHBOARD_DATABASE_URL=postgres_url)
    del env["SWITCHBOARD_SECRET_KEY"]
    done = subprocess.run(
        [sys.executable, "-m", "switchboard", "partner", "list"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "SWITCHBOARD_SECRET_KEY is not set" in done.stderr
    assert str(tmp_path.resolve() / "secret.key") in done.stderr.replace("\n", "")
