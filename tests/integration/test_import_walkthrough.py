"""examples/petstore/README.md as a new user runs it: import an API we do not ship, emulate it, call it.

Each step is the command the README gives: ``switchboard connectors import``, ``switchboard
emulate spec`` and ``switchboard serve`` run as processes; the calls go over HTTP.
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import yaml

from tests.harness import Account, SwitchboardServer, free_port, server_env

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "petstore"
KEY = "petstore-demo-key"
# The README calls "List all pets" by this id: ids derive from the key and the operation.
LIST_PETS = "bca890e2-8abd-5791-8fa6-900e96373c3e"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "switchboard", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=120)  # fmt: skip


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("my-connectors")
    done = _cli("connectors", "import", str(EXAMPLE / "petstore.yaml"), "--key", "petstore", "--out", str(out),
                cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out, " ".join(done.stdout.split())  # Rich wraps long lines


@pytest.fixture(scope="module")
def emulator_url() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "switchboard", "emulate", "spec", "--spec", str(EXAMPLE / "petstore.yaml"),
         "--config", str(EXAMPLE / "emulator.yaml"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/v1/pets", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read() if process.stdout else "emulator exited"
                assert time.monotonic() < deadline, "the emulator did not start in 30 s"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def account(imported: tuple[Path, str], emulator_url: str, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[tuple[Account, int]]:  # fmt: skip
    data_dir = tmp_path_factory.mktemp("walkthrough")
    env = server_env(data_dir, {"petstore": emulator_url}, SWITCHBOARD_CONNECTOR_DIRS=str(imported[0]))
    switchboard = SwitchboardServer(data_dir, env).start()
    try:
        partner = switchboard.new_partner("Pet shop")
        account = partner.new_account()
        connector = next(c["Id"] for c in partner.connectors() if c["Name"] == "Swagger Petstore")
        installed = account.post(f"/v1.0/connectors/{connector}/install", json={"AuthValue": KEY})
        assert installed.status_code == 200, installed.text
        yield account, installed.json()["Id"]
    finally:
        switchboard.stop()


def test_the_import_reports_what_it_mapped_and_why_not(imported: tuple[Path, str]) -> None:
    out, report = imported
    assert "5 operations: 5 mapped to methods, 0 skipped; 5 methods written" in report
    definition = yaml.safe_load((out / "petstore" / "connector.yaml").read_text(encoding="utf-8"))
    assert definition["auth"] == [{"type": "api_key", "name": "X-API-Key", "format": "{key}"}]
    # offset/limit on a list that answers a bare array: paged, its records the answer itself.
    assert definition["pagination"] == {"type": "offset", "records": ""}
    assert {m["name"]: m["unique_id"] for m in definition["methods"]}["List all pets"] == LIST_PETS


def test_the_readme_shows_what_the_import_prints(imported: tuple[Path, str]) -> None:
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    # The report lines the README quotes, as comments in its indented code blocks.
    printed = [line.strip().removeprefix("# ") for line in readme.splitlines() if line.startswith("       # ")]
    _, report = imported
    assert printed and all(line in report for line in printed), printed
    assert LIST_PETS in readme


def _call(account: Account, connection: int, uid: str, body: dict[str, Any]) -> httpx.Response:
    return account.post(f"/v1.0/account/connectors/{connection}/methods/{uid}/body", json=body)


def _uid(imported: tuple[Path, str], name: str) -> str:
    definition = yaml.safe_load((imported[0] / "petstore" / "connector.yaml").read_text(encoding="utf-8"))
    return str(next(m["unique_id"] for m in definition["methods"] if m["name"] == name))


def test_a_created_pet_comes_back_from_get_and_from_the_list(imported: tuple[Path, str],
                                                              account: tuple[Account, int]) -> None:  # fmt: skip
    acct, connection = account
    created = _call(
        acct,
        connection,
        _uid(imported, "Create a pet"),
        {"RequestBody": orjson.dumps({"name": "Rex", "tag": "dog"}).decode()},
    )
    assert created.status_code == 200, created.text
    pet = created.json()
    assert pet["name"] == "Rex" and pet["tag"] == "dog" and isinstance(pet["id"], int)
    got = _call(acct, connection, _uid(imported, "Info for a specific pet"), {"Parameters": {"petId": str(pet["id"])}})
    assert got.status_code == 200, got.text
    assert got.json() == pet
    listed = _call(acct, connection, LIST_PETS, {"Parameters": {"limit": 10}})
    assert listed.status_code == 200, listed.text
    assert listed.json() == [pet]


def test_a_request_the_vendor_would_refuse_is_refused_with_its_reason(account: tuple[Account, int]) -> None:
    acct, connection = account
    refused = _call(acct, connection, LIST_PETS, {"Parameters": {"limit": 1000}})  # the spec's maximum is 100
    assert refused.status_code == 400, refused.text
    assert re.search(r"1000 is greater than the maximum of 100", refused.text), refused.text


def test_a_list_longer_than_a_page_comes_back_whole(imported: tuple[Path, str], account: tuple[Account, int]) -> None:
    acct, connection = account
    before = _call(acct, connection, LIST_PETS, {}).json()
    create = _uid(imported, "Create a pet")
    made = [_call(acct, connection, create, {"RequestBody": orjson.dumps({"name": f"Pet {i}"}).decode()}).json()
            for i in range(105)]  # fmt: skip
    after = _call(acct, connection, LIST_PETS, {})
    assert after.status_code == 200, after.text
    # More than the spec's 100 a request: only paging (offset 0, 100, ...) brings them all, once each.
    assert [p["id"] for p in after.json()] == [p["id"] for p in before + made]


def test_a_photo_goes_up_as_the_bytes_of_its_base64(imported: tuple[Path, str], account: tuple[Account, int]) -> None:
    """The spec's ``image/png`` body: the RequestBody is the photo in base64, sent as its bytes."""
    acct, connection = account
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n\x00\xff").decode()
    stored = _call(acct, connection, _uid(imported, "Upload a photo of a pet"),
                   {"Parameters": {"petId": "1"}, "RequestBody": png})  # fmt: skip
    assert stored.status_code in (200, 204), stored.text
