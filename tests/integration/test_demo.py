"""``switchboard demo`` prints commands that work as printed."""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.harness import free_port, is_free, server_env


def test_demo_commands_work_as_printed(tmp_path: Path) -> None:
    # Fails, never skips, where curl is missing: the demo's printed commands are curl commands.
    assert shutil.which("curl"), "the demo's commands use curl: install it (Debian: apt-get install curl)"
    port = free_port()
    out = tmp_path / "demo.out"
    env = server_env(tmp_path / "demo", {})
    del env["SWITCHBOARD_SECRET_KEY"]  # as a new user runs it: the key file is made on first start
    with out.open("wb") as sink:
        demo = subprocess.Popen(
            [sys.executable, "-m", "switchboard", "demo", "--port", str(port)],  # data: SWITCHBOARD_DATA_DIR
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert demo.poll() is None, out.read_text()
                assert time.monotonic() < deadline, out.read_text()
                time.sleep(0.2)
        # The sync walk-through's waits are one-line loops around curl.
        commands = [line for line in out.read_text().splitlines() if line.startswith(("curl ", "SIGNIN=", "for "))]
        assert len(commands) >= 12
        script = tmp_path / "commands.sh"
        script.write_text("set -e\n" + "\n".join(commands) + "\n")
        result = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=120, check=True)
        # The MCP client snippet, run as printed with the demo's ready MCP token.
        printed = out.read_text()
        snippet = printed.split("# --- mcp client snippet ---\n")[1].split("# --- end of snippet ---")[0]
        agent = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True, timeout=60, check=False)
        assert agent.returncode == 0, agent.stderr
        deadline = time.monotonic() + 15  # the demo's receiver prints the walk-through's events
        while "[webhook] connection.authenticated" not in out.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        demo.terminate()
        demo.wait(15)
    output = result.stdout
    assert '"token_type":"bearer"' in output
    assert '"email_address":"ada@example.com"' in output  # created through /body
    assert '"email_address":"grace@example.com"' in output  # created with Fields by Id
    assert output.count('"name":"Account ') >= 250  # every page of List accounts
    assert "/health?AccountConnectorId=" in output and "Status=Authenticated" in output  # the OAuth flow
    assert '"contact_email"' in output  # a Constant Contact call with the stored token
    assert '"Message"' not in output  # no command answered an error
    assert '"input_schema"' in output and '"Truncated":false' in output  # tools as schemas, one called
    assert "tools, e.g. salesloft_" in agent.stdout and '"data"' in agent.stdout  # over MCP
    printed = out.read_text()
    assert "[webhook] connection.authenticated account connector" in printed and "(signature ok)" in printed
    assert "BAD SIGNATURE" not in printed
    assert '"Calls":[{"RequestId":' in output  # the call log lists them
    # The sync: the first run (waited for) read every account; the rename made after it is an update.
    first = next(line for line in output.splitlines() if line.startswith('"LastRun":'))
    assert '"Outcome":"completed"' in first and '"Full":true' in first and '"Added":250' in first, first
    feed = next(line for line in output.splitlines() if line.startswith('{"Records":'))
    changed = [(r["_switchboard"]["Action"], r["_switchboard"]["Key"], r["name"]) for r in json.loads(feed)["Records"]]
    assert changed == [("updated", "1", "Renamed in Salesloft")], feed
    assert "200 " in output and "bytes of metrics" in output
    banner = out.read_text()
    assert f"Data:                {(tmp_path / 'demo').resolve()}" in banner
    # The admin commands, with the same environment and no options, see the demo's partner.
    listing = subprocess.run(
        [sys.executable, "-m", "switchboard", "partner", "list"], env=env, capture_output=True, text=True, check=True
    )
    assert "Demo Partner" in listing.stdout


def test_demo_says_which_port_is_busy(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "switchboard", "demo", "--port", str(port)],
            env=server_env(tmp_path, {}),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is not free" in result.stderr
    suggested = int(re.findall(r"make demo PORT=(\d+)", result.stderr)[0])
    assert suggested > port and is_free(suggested), result.stderr  # a port free now, not merely the next one
    assert "Switchboard demo" not in result.stdout and not (tmp_path / "switchboard.db").exists()


def test_a_second_demo_on_the_same_data_folder_is_refused_before_it_seeds(tmp_path: Path) -> None:
    """Each demo seeds its partner and account again: a second on one folder would break the first's commands."""
    data = tmp_path / "demo"
    env = server_env(data, {})
    first = subprocess.Popen(
        [sys.executable, "-m", "switchboard", "demo", "--port", str(free_port())],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 60
        while "pid " not in ((data / "demo.lock").read_text() if (data / "demo.lock").exists() else ""):
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        port = free_port()
        second = subprocess.run(
            [sys.executable, "-m", "switchboard", "demo", "--port", str(port)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        assert second.returncode == 1, second.stdout + second.stderr
        assert f"Another Switchboard demo (pid {first.pid}, port " in second.stderr
        assert f"SWITCHBOARD_DATA_DIR=$(mktemp -d) make demo PORT={port}" in second.stderr  # the port asked for
        assert "Switchboard demo" not in second.stdout  # nothing seeded, nothing printed
        assert first.poll() is None  # the first goes on
    finally:
        first.terminate()
        first.wait(15)
    # Its lock went with it: the folder takes a demo again.
    with (data / "demo.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
