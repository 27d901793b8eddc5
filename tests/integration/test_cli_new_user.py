"""The command line as a new user meets it: one data folder wherever a command runs, ids whole, clear
refusals. Each command runs as a subprocess, as typed."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from switchboard.catalog.registry import Registry
from switchboard.store.db import HEAD_REVISION
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.harness import free_port, is_free, two_ports_taken


def user_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A user's environment: no SWITCHBOARD_* variable, the platform's data folder under ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    return {**env, "XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home"), "COLUMNS": "60", **extra}


def switchboard(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "switchboard", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_admin_commands_use_one_data_folder_wherever_they_run(tmp_path: Path) -> None:
    env = user_env(tmp_path)
    created = switchboard(env, tmp_path / "repo", "partner", "create", "--name", "Acme", "--json")
    assert created.returncode == 0, created.stderr
    assert created.stdout.endswith("}\n")  # a final newline: the shell's prompt starts on its own line
    client_id = json.loads(created.stdout)["client_id"]
    folder = tmp_path / "xdg" / "switchboard"
    assert f"Data: {folder}" in created.stderr
    assert "warning: there is no database" in created.stderr  # the first command makes it, and says so
    listed = switchboard(env, tmp_path / "elsewhere", "partner", "list")
    assert listed.returncode == 0, listed.stderr
    assert client_id in listed.stdout and f"Data: {folder}" in listed.stderr
    assert "warning" not in listed.stderr  # it exists now
    assert not (tmp_path / "repo" / "data").exists() and not (tmp_path / "elsewhere" / "data").exists()
    # SWITCHBOARD_DATA_DIR still chooses another folder, and a fresh one is announced as such.
    other = switchboard({**env, "SWITCHBOARD_DATA_DIR": str(tmp_path / "other")}, tmp_path, "partner", "list")
    assert client_id not in other.stdout and "warning: there is no database" in other.stderr


def test_db_upgrade_says_whether_it_migrated(tmp_path: Path) -> None:
    """It said "Database is up to date." even when it had just made the schema."""
    env = user_env(tmp_path, SWITCHBOARD_DATA_DIR=str(tmp_path / "data"))
    first = switchboard(env, tmp_path, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert f"Database migrated to the newest migration, {HEAD_REVISION}." in " ".join(first.stdout.split())
    again = switchboard(env, tmp_path, "db", "upgrade")
    assert again.returncode == 0, again.stderr
    said = " ".join(again.stdout.split())
    assert f"Database is at the newest migration, {HEAD_REVISION}: nothing to do." in said


def test_methods_are_listed_with_whole_ids_filtered_and_as_json(tmp_path: Path) -> None:
    env = user_env(tmp_path)
    found = switchboard(env, tmp_path, "connectors", "list", "--methods", "--connector", "salesloft", "--json")
    rows = json.loads(found.stdout)
    assert {r["Connector"] for r in rows} == {"salesloft"} and len(rows) > 50
    listing = next(r for r in rows if r["Name"] == "List accounts")
    searched = switchboard(env, tmp_path, "connectors", "list", "--methods", "--search", "list accounts")
    assert searched.returncode == 0, searched.stderr
    assert listing["MethodUniqueIdentifier"] in searched.stdout  # whole, in a 60-column terminal
    assert str(listing["Id"]) in searched.stdout
    assert "Create person" not in searched.stdout
    connectors = json.loads(switchboard(env, tmp_path, "connectors", "list", "--json").stdout)
    shipped = Registry.load().connectors  # every connector of the library, each with its methods
    assert sorted(c["Key"] for c in connectors) == sorted(c.key for c in shipped)
    assert all(c["Methods"] > 0 for c in connectors)
    unknown = switchboard(env, tmp_path, "connectors", "list", "--connector", "nope")
    assert unknown.returncode == 2 and "salesloft" in unknown.stderr


def test_serve_refuses_a_busy_port_before_it_starts(tmp_path: Path) -> None:
    env = user_env(tmp_path, SWITCHBOARD_DATA_DIR=str(tmp_path / "data"))
    with two_ports_taken() as port:
        busy = switchboard(env, tmp_path, "serve", "--port", str(port))
        out = busy.stdout + busy.stderr
        suggested = int(re.findall(r"switchboard serve --port (\d+)", out)[0])
        assert suggested > port + 1 and is_free(suggested), out  # the next port is busy too: a free one is named
    assert busy.returncode == 1, out
    assert f"Port {port} on 127.0.0.1 is not free" in out
    assert "switchboard ready" not in out and not (tmp_path / "data" / "switchboard.db").exists()
    helped = switchboard(env, tmp_path, "serve", "--help")
    assert helped.returncode == 0 and "issue" not in helped.stdout.lower()


def test_every_demo_run_reuses_the_demo_partner(tmp_path: Path) -> None:
    from switchboard import demo
    from switchboard.settings import Settings
    from switchboard.store import Database
    from switchboard.store.partners import authenticate_client, list_partners

    settings = Settings(data_dir=tmp_path, secret_key="", public_url=f"http://127.0.0.1:{free_port()}")
    cc = ConstantContactEmulator()

    async def twice() -> None:
        first = await demo._seed(settings, "key-1", cc, ("http://127.0.0.1:9/webhooks", "whsec_one"))
        second = await demo._seed(settings, "key-2", cc, ("http://127.0.0.1:9/webhooks", "whsec_two"))
        db = Database(settings.resolved_database_url)
        try:
            async with db.session() as session:
                partners = await list_partners(session)
                assert [p.name for p in partners] == ["Demo Partner"]
                assert first.client_id == second.client_id
                assert await authenticate_client(session, second.client_id, second.client_secret) is not None
                assert await authenticate_client(session, first.client_id, first.client_secret) is None
        finally:
            await db.close()

    asyncio.run(twice())
