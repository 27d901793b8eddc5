"""``switchboard connectors configure`` names the redirect URI the server answers, and says where it comes from."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.harness import free_port, server_env

SAY = "Register this redirect URI with the provider: "


def cli(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "switchboard", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def configure(env: dict[str, str], cwd: Path, partner: str) -> str:
    args = ["connectors", "configure", "constant_contact", "--partner", partner, "--client-id", "app-id"]
    done = cli(env, cwd, *args, "--client-secret", "app-secret-value")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "app-secret-value" not in done.stdout + done.stderr
    return done.stdout


def test_configure_names_the_callback_of_the_demo_running_on_its_data_folder(tmp_path: Path) -> None:
    env = server_env(tmp_path / "demo", {})
    port = free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "switchboard", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert demo.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        created = cli(env, tmp_path, "partner", "create", "--name", "Callback", "--json")
        assert created.returncode == 0, created.stderr
        partner = json.loads(created.stdout)
        said = configure(env, tmp_path, partner["client_id"])
        form = {"grant_type": "client_credentials", **{k: partner[k] for k in ("client_id", "client_secret")}}
        token = httpx.post(f"{base}/oauth/token", data=form).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        listed = cli(env, tmp_path, "connectors", "list", "--connector", "constant_contact", "--json")
        connector = json.loads(listed.stdout)[0]["Id"]
        settings = httpx.get(f"{base}/v1.0/connectors/{connector}/settings", headers=auth).json()
    finally:
        demo.terminate()
        demo.wait(15)
    # The URI printed is the one the running demo's server answers, and the note says why.
    assert settings["CallbackUrl"] == f"{base}/connector/callback" and settings["ClientId"] == "app-id"
    assert f"{SAY}{base}/connector/callback (the demo running on this data folder, port {port}," in said, said
    assert "SWITCHBOARD_PUBLIC_URL is not set here" in said
    # The demo has ended: its lock file is left, but no server is at its port any more.
    after = configure(env, tmp_path, partner["client_id"])
    assert f"{SAY}http://127.0.0.1:8000/connector/callback, if the server is at http://127.0.0.1:8000" in after
    assert "SWITCHBOARD_PUBLIC_URL's default" in after and "run this command with SWITCHBOARD_PUBLIC_URL set" in after
    assert f":{port}" not in after
    # Given the variable, as the server is, the command says it used it.
    given = configure({**env, "SWITCHBOARD_PUBLIC_URL": "https://sb.example.com/"}, tmp_path, partner["client_id"])
    assert f"{SAY}https://sb.example.com/connector/callback (from SWITCHBOARD_PUBLIC_URL here;" in given
