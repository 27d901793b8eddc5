"""The TypeScript client (clients/typescript): node's test runner drives it against a live server.

``scripts/install-node.sh`` (run by ``make test``) puts Node and the client's locked dependencies in
place; here the client is built, its tests run with this server's and the emulator's addresses, and
its generated types are checked against the OpenAPI document.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import SwitchboardServer

CLIENT = Path(__file__).resolve().parents[2] / "clients" / "typescript"


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None or not (CLIENT / "node_modules").is_dir():
        pytest.fail("Node and the client's dependencies are missing: run scripts/install-node.sh (make test does)")
    return npm


def test_the_typescript_client_creates_installs_calls_and_reads_the_call_log(
    switchboard: SwitchboardServer, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    partner = switchboard.new_partner("TypeScript SaaS")
    env = {
        **os.environ,
        "SWITCHBOARD_URL": switchboard.url,
        "SWITCHBOARD_CLIENT_ID": partner.client_id,
        "SWITCHBOARD_CLIENT_SECRET": partner.client_secret,
        "SALESLOFT_API_KEY": salesloft_api_key,
    }
    mark = len(salesloft.emulator.requests.all())
    run = subprocess.run(
        [_npm(), "test", "--silent"], cwd=CLIENT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    output = run.stdout + run.stderr
    assert partner.client_secret not in output and salesloft_api_key not in output
    assert run.returncode == 0, output
    assert "# pass 2" in output and "# fail 0" in output, output
    sent = [r for r in salesloft.emulator.requests.all()[mark:] if r.method == "POST" and r.path == "/v2/people"]
    assert len(sent) == 1  # the client's call reached the emulator through Switchboard


def test_the_typescript_types_match_the_openapi_document(tmp_path: Path) -> None:
    """The committed types are what openapi-typescript makes of the committed OpenAPI document
    (which tests/integration/test_client.py keeps equal to the server's): `make client` regenerates both."""
    fresh = tmp_path / "schema.d.ts"
    command = [
        str(CLIENT / "node_modules" / ".bin" / "openapi-typescript"),
        str(CLIENT.parent / "python" / "openapi.json"),
        "--default-non-nullable",
        "false",
        "--output",
        str(fresh),
    ]
    _npm()
    run = subprocess.run(command, cwd=CLIENT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert fresh.read_text() == (CLIENT / "src" / "schema.d.ts").read_text(), "stale: run `make client`"
