"""The TypeScript client (clients/typescript): node's test runner drives it against a live server.

``scripts/install-node.sh`` (run by ``make test``) puts Node and the client's locked dependencies in
place; here the client is built, its tests run with this server's and the emulator's addresses, and
its generated types are checked against the OpenAPI document.
"""

from __future__ import annotations

import json
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
    assert "# pass 4" in output and "# fail 0" in output, output
    sent = [r for r in salesloft.emulator.requests.all()[mark:] if r.method == "POST" and r.path == "/v2/people"]
    assert len(sent) == 1  # the client's call reached the emulator through Switchboard


def test_the_typescript_types_match_the_openapi_document(tmp_path: Path) -> None:
    """The committed types are what openapi-typescript makes of the committed OpenAPI document
    (which tests/integration/test_client.py keeps equal to the server's): `make client` regenerates both."""
    fresh = tmp_path / "schema.ts"
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
    assert fresh.read_text() == (CLIENT / "src" / "schema.ts").read_text(), "stale: run `make client`"


CONSUMER = """import { createSwitchboardClient } from "@switchboard/client";

const sb = createSwitchboardClient({ baseUrl: "http://127.0.0.1:8000", token: "t", account: "customer-42" });
export const listed = sb.GET("/v1.0/connectors");
export const called = sb.POST("/v1.0/account/connectors/{connector_id}/methods/{method_id}/body", {
  params: { path: { connector_id: 1, method_id: "m" }, header: { "X-Cyclr-Account": "customer-42" } },
  body: { RequestBody: "{}" },
});
"""


def _consumer(tmp_path: Path) -> tuple[list[str], Path]:
    """A project of its own with what ``npm pack`` ships installed, library checks on: its tsc and folder."""
    npm = _npm()
    subprocess.run([npm, "run", "--silent", "build"], cwd=CLIENT, check=True, capture_output=True, timeout=300)
    packed = subprocess.run(
        [npm, "pack", "--silent", "--pack-destination", str(tmp_path)],
        cwd=CLIENT, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    modules = tmp_path / "consumer" / "node_modules"
    installed = modules / "@switchboard" / "client"
    installed.mkdir(parents=True)
    shutil.unpack_archive(tmp_path / packed.stdout.strip().splitlines()[-1], tmp_path / "unpacked")
    shutil.copytree(tmp_path / "unpacked" / "package", installed, dirs_exist_ok=True)
    for dependency in ("openapi-fetch", "openapi-typescript-helpers"):  # the runtime dependency and its own
        (modules / dependency).symlink_to(CLIENT / "node_modules" / dependency)
    project = tmp_path / "consumer"
    options = {"module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "strict": True,
               "skipLibCheck": False, "noEmit": True, "types": []}  # fmt: skip
    (project / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "files": ["use.ts"]}))
    (project / "package.json").write_text('{"type": "module"}')
    tsc = [str(CLIENT / "node_modules" / ".bin" / "tsc"), "-p", str(project)]
    return tsc, project


def test_the_packed_client_carries_its_types_to_a_project_that_installs_it(tmp_path: Path) -> None:
    """What ``npm pack`` ships type-checks in a project of its own, library checks on: a misspelt path does not
    build there (the README's promise), which it did while the generated types stayed out of the package."""
    tsc, project = _consumer(tmp_path)
    (project / "use.ts").write_text(CONSUMER)
    good = subprocess.run(tsc, capture_output=True, text=True, timeout=300, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    (project / "use.ts").write_text(CONSUMER.replace('"/v1.0/connectors"', '"/v1.0/connectorz"'))
    misspelt = subprocess.run(tsc, capture_output=True, text=True, timeout=300, check=False)
    assert misspelt.returncode != 0 and "use.ts(4,26): error TS" in misspelt.stdout, misspelt.stdout  # the GET


EXCHANGES = """import { createSwitchboardClient } from "@switchboard/client";

const sb = createSwitchboardClient({ baseUrl: "http://127.0.0.1:8000", token: "t" });
const { data } = await sb.GET("/v1.0/calls/{request_id}", { params: { path: { request_id: "r" } } });
// The call log's exchanges are /test/'s: each one's request, and the answer or the error that replaced it.
for (const exchange of data?.Exchanges ?? []) {
  const status: number | undefined = exchange.Response?.Status;
  const sent: string = `${exchange.Request.Method} ${exchange.Request.Url}`;
  const error: string | null = exchange.Error;
  const elapsed: number = exchange.ElapsedMs;
  console.log(status, sent, error, elapsed);
}
"""


def test_a_logged_calls_exchanges_are_typed_as_the_test_routes_are(tmp_path: Path) -> None:
    """``GET /v1.0/calls/{request_id}`` answers ``Exchanges`` in ``/test/``'s shape; they were typed ``unknown[]``,
    so reading an exchange's status or URL did not build without a cast."""
    tsc, project = _consumer(tmp_path)
    (project / "use.ts").write_text(EXCHANGES)
    built = subprocess.run(tsc, capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
