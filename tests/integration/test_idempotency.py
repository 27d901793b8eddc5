"""Idempotency-Key on calls, over HTTP against the Salesloft emulator.

The server keeps answers for ``TTL`` seconds and lets a repeat wait ``WAIT`` seconds for a first
call still running. ``keyed_app`` (tests/integration/connectors) is a Salesloft-shaped connector
whose definition maps the key onto the provider's own ``Idempotency-Key`` header.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import MAX_PAGE, Account, Partner, SwitchboardServer, server_env

CONNECTORS = Path(__file__).parent / "connectors"
TTL = 3.0
WAIT = 1.0


@pytest.fixture(scope="module")
def emu() -> Iterator[EmulatorServer]:
    server = EmulatorServer(SalesloftEmulator()).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, emu: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("idempotency")
    env = server_env(
        data_dir,
        {"salesloft": emu.url, "keyed_app": emu.url},
        SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]',
        SWITCHBOARD_IDEMPOTENCY_TTL=str(TTL),
        SWITCHBOARD_IDEMPOTENCY_WAIT=str(WAIT),
    )
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


@pytest.fixture(autouse=True)
def disarm(emu: EmulatorServer) -> Iterator[None]:
    yield
    emu.emulator.faults.clear()


@dataclass
class Conn:
    account: Account
    id: int
    methods: dict[str, str]
    emu: SalesloftEmulator

    def call(self, method: str, body: dict[str, Any], key: str | None = None) -> httpx.Response:
        headers = {"Idempotency-Key": key} if key is not None else {}
        path = f"/v1.0/account/connectors/{self.id}/methods/{self.methods[method]}/body"
        return self.account.post(path, json=body, headers=headers)

    def posts(self) -> list[Any]:
        return [r for r in self.emu.requests.all() if r.method == "POST" and r.path == "/v2/people"]


def connect(partner: Partner, emu: EmulatorServer, name: str) -> Conn:
    emulator = emu.emulator
    assert isinstance(emulator, SalesloftEmulator)
    account = partner.new_account()
    listing = account.partner.connectors()
    catalog_id = next(c["Id"] for c in listing if c["Name"] == name)
    installed = account.post(f"/v1.0/connectors/{catalog_id}/install", json={"AuthValue": emulator.api_key})
    assert installed.status_code == 200, installed.text
    methods = account.partner.http.get(f"/v1.0/connectors/{catalog_id}/methods", params={"pageSize": MAX_PAGE}).json()
    return Conn(account, installed.json()["Id"], {m["Name"]: m["MethodUniqueIdentifier"] for m in methods}, emulator)


@pytest.fixture(scope="module")
def partner(server: SwitchboardServer) -> Partner:
    return server.new_partner("Idempotency")


@pytest.fixture
def salesloft(partner: Partner, emu: EmulatorServer) -> Conn:
    return connect(partner, emu, "Salesloft")


@pytest.fixture
def keyed(partner: Partner, emu: EmulatorServer) -> Conn:
    return connect(partner, emu, "Keyed App")


def person() -> dict[str, Any]:
    return {"RequestBody": json.dumps({"email_address": f"{uuid.uuid4().hex[:12]}@example.com", "last_name": "Key"})}


def test_a_repeat_is_answered_from_the_store_without_calling_upstream(salesloft: Conn) -> None:
    key, body = str(uuid.uuid4()), person()
    before = len(salesloft.posts())
    first = salesloft.call("Create person", body, key)
    assert first.status_code == 200, first.text
    assert "Idempotent-Replayed" not in first.headers
    assert len(salesloft.posts()) == before + 1
    # The same request with the JSON spaced differently is the same request.
    spaced = {"RequestBody": body["RequestBody"]}
    again = salesloft.account.post(
        f"/v1.0/account/connectors/{salesloft.id}/methods/{salesloft.methods['Create person']}/body",
        content=json.dumps(spaced, indent=2),
        headers={"Idempotency-Key": key, "Content-Type": "application/json"},
    )
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert len(salesloft.posts()) == before + 1  # nothing more reached the provider


def test_the_same_key_on_a_different_request_is_422(salesloft: Conn) -> None:
    key = str(uuid.uuid4())
    assert salesloft.call("Create person", person(), key).status_code == 200
    before = len(salesloft.posts())
    other = salesloft.call("Create person", person(), key)
    assert other.status_code == 422, other.text
    assert other.json() == {
        "Message": "This Idempotency-Key was used with a different request; use a new key for a new request",
        "IdempotencyKey": key,
    }
    assert len(salesloft.posts()) == before


def test_keys_belong_to_one_account(partner: Partner, emu: EmulatorServer, salesloft: Conn) -> None:
    key = str(uuid.uuid4())
    assert salesloft.call("Create person", person(), key).status_code == 200
    elsewhere = connect(partner, emu, "Salesloft")
    before = len(salesloft.posts())
    response = elsewhere.call("Create person", person(), key)
    assert response.status_code == 200, response.text
    assert "Idempotent-Replayed" not in response.headers
    assert len(salesloft.posts()) == before + 1


def test_an_input_error_keeps_the_key_free(keyed: Conn) -> None:
    key = str(uuid.uuid4())
    refused = keyed.call("Create person", {"RequestBody": json.dumps({"last_name": "No email"})}, key)
    assert refused.status_code == 400
    assert refused.json()["Location"] == "email_address"
    fixed = keyed.call("Create person", person(), key)
    assert fixed.status_code == 200, fixed.text
    assert "Idempotent-Replayed" not in fixed.headers


def test_an_upstream_error_is_an_answer_and_is_replayed(salesloft: Conn) -> None:
    key, body = str(uuid.uuid4()), person()
    salesloft.emu.faults.arm(Fault("error", path_prefix="/v2/people", method="POST", status=500, times=1))
    first = salesloft.call("Create person", body, key)
    assert first.status_code == 500
    assert first.json()["Source"] == "Upstream"
    before = len(salesloft.posts())
    again = salesloft.call("Create person", body, key)  # the fault has passed; the stored answer stands
    assert (again.status_code, again.content) == (500, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(salesloft.posts()) == before


def _in_thread(target: Any) -> tuple[threading.Thread, list[httpx.Response]]:
    out: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: out.append(target()))
    thread.start()
    return thread, out


def test_a_repeat_while_the_first_runs_waits_for_its_answer(salesloft: Conn) -> None:
    key, body = str(uuid.uuid4()), person()
    salesloft.emu.faults.arm(Fault("slow", path_prefix="/v2/people", method="POST", delay=0.6, times=1))
    before = len(salesloft.posts())
    thread, first = _in_thread(lambda: salesloft.call("Create person", body, key))
    time.sleep(0.2)
    second = salesloft.call("Create person", body, key)
    thread.join(10)
    assert first[0].status_code == 200 and second.status_code == 200
    assert second.content == first[0].content
    assert second.headers["Idempotent-Replayed"] == "true"
    assert len(salesloft.posts()) == before + 1


def test_a_repeat_that_would_wait_too_long_is_409(salesloft: Conn) -> None:
    key, body = str(uuid.uuid4()), person()
    salesloft.emu.faults.arm(Fault("slow", path_prefix="/v2/people", method="POST", delay=WAIT + 1.5, times=1))
    thread, first = _in_thread(lambda: salesloft.call("Create person", body, key))
    time.sleep(0.2)
    started = time.monotonic()
    busy = salesloft.call("Create person", body, key)
    assert busy.status_code == 409, busy.text
    assert "still in progress" in busy.json()["Message"]
    assert time.monotonic() - started < WAIT + 1
    thread.join(10)
    after = salesloft.call("Create person", body, key)
    assert (after.status_code, after.content) == (200, first[0].content)


def test_keys_expire(salesloft: Conn) -> None:
    key, body = str(uuid.uuid4()), person()
    assert salesloft.call("Create person", body, key).status_code == 200
    time.sleep(TTL + 0.3)
    before = len(salesloft.posts())
    again = salesloft.call("Create person", body, key)
    assert "Idempotent-Replayed" not in again.headers
    assert len(salesloft.posts()) == before + 1  # sent again (the provider now says the email is taken)


def test_the_key_goes_upstream_where_the_provider_takes_one(keyed: Conn, salesloft: Conn) -> None:
    key = str(uuid.uuid4())
    assert keyed.call("Create person", person(), key).status_code == 200
    assert keyed.posts()[-1].headers.get("Idempotency-Key") == key
    plain = str(uuid.uuid4())
    assert salesloft.call("Create person", person(), plain).status_code == 200
    assert "Idempotency-Key" not in salesloft.posts()[-1].headers


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "caf\u00e9"])
def test_a_malformed_key_is_400(salesloft: Conn, key: str) -> None:
    before = len(salesloft.posts())
    response = salesloft.account.post(
        f"/v1.0/account/connectors/{salesloft.id}/methods/{salesloft.methods['Create person']}/body",
        json=person(),
        headers={"Idempotency-Key": key.encode("utf-8")},
    )
    assert response.status_code == 400, response.text
    assert "Idempotency-Key must be" in response.json()["Message"]
    assert len(salesloft.posts()) == before


def test_two_different_keys_on_one_request_are_a_400_and_identical_copies_are_one(salesloft: Conn) -> None:
    """Two ``Idempotency-Key`` headers that differ were taken silently (the fast path kept the last, the declared
    routes the first), so a repeat could be matched by either; now nothing is sent and the 400 says why."""
    path = f"/v1.0/account/connectors/{salesloft.id}/methods/{salesloft.methods['Create person']}/body"
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    before = len(salesloft.posts())
    headers = [*salesloft.account.headers.items(), ("Idempotency-Key", first), ("Idempotency-Key", second)]
    refused = salesloft.account.partner.http.post(path, json=person(), headers=headers)
    assert refused.status_code == 400, refused.text
    assert refused.json() == {
        "Message": "Idempotency-Key was sent more than once with different values: send one key per request"
    }
    assert len(salesloft.posts()) == before
    body = person()
    twice = [*salesloft.account.headers.items(), ("Idempotency-Key", first), ("Idempotency-Key", first)]
    made = salesloft.account.partner.http.post(path, json=body, headers=twice)
    assert made.status_code == 200, made.text
    again = salesloft.call("Create person", body, first)
    assert again.headers.get("Idempotent-Replayed") == "true" and len(salesloft.posts()) == before + 1
