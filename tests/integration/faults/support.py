"""The limits the faults' server runs with, the connection a test calls through, and the outcome it observes."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, SwitchboardServer, server_env

READ_TIMEOUT = 1.0
CALL_TIMEOUT = 4.0
MAX_PAGES = 20
MAX_RECORDS = 1000
MAX_RESPONSE_BYTES = 4 * 1024 * 1024
MAX_RETRY_AFTER = 3.0
MAX_RETRIES = 2
MAX_REQUEST_BYTES = 64 * 1024
ACCOUNTS = 250  # three pages of 100

TIGHT = {
    "SWITCHBOARD_UPSTREAM_READ_TIMEOUT": str(READ_TIMEOUT),
    "SWITCHBOARD_CALL_TIMEOUT": str(CALL_TIMEOUT),
    "SWITCHBOARD_MAX_PAGES": str(MAX_PAGES),
    "SWITCHBOARD_MAX_RECORDS": str(MAX_RECORDS),
    "SWITCHBOARD_MAX_RESPONSE_BYTES": str(MAX_RESPONSE_BYTES),
    "SWITCHBOARD_MAX_RETRY_AFTER": str(MAX_RETRY_AFTER),
    "SWITCHBOARD_MAX_RETRIES": str(MAX_RETRIES),
    "SWITCHBOARD_MAX_REQUEST_BYTES": str(MAX_REQUEST_BYTES),
}


def start_server(
    tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer, cc: EmulatorServer, **extra: str
) -> SwitchboardServer:
    data_dir: Path = tmp_path_factory.mktemp("faults")
    env = server_env(data_dir, {"salesloft": sl.url, "constant_contact": cc.url}, **extra)
    return SwitchboardServer(data_dir, env).start()


@dataclass
class Conn:
    """A connected account and the numeric id of its account connector."""

    account: Account
    id: int
    emulator: EmulatorServer

    def call(self, method: str, **body: Any) -> httpx.Response:
        uid = self.account.methods(self.emulator.emulator.name)[method]["MethodUniqueIdentifier"]
        return self.account.post(f"/v1.0/account/connectors/{self.id}/methods/{uid}/body", json=body)


OUTCOMES: list[dict[str, Any]] = []


@dataclass
class Outcome:
    response: httpx.Response
    seconds: float
    upstream: int  # requests the emulator received for the faulted path

    @property
    def message(self) -> str:
        try:
            body = self.response.json()
        except ValueError:
            return ""
        return str(body.get("Message", "")) if isinstance(body, dict) else ""


def observe(case: str, fault: str, conn: Conn, method: str, path: str, **body: Any) -> Outcome:
    """Make the call, time it, count what reached the emulator, and note the outcome for the report."""
    before = len(conn.emulator.emulator.requests.all())
    started = time.monotonic()
    response = conn.call(method, **body)
    seconds = time.monotonic() - started
    upstream = sum(1 for r in conn.emulator.emulator.requests.all()[before:] if r.path.startswith(path))
    outcome = Outcome(response, seconds, upstream)
    OUTCOMES.append(
        {"case": case, "fault": fault, "status": response.status_code, "message": outcome.message,
         "seconds": round(seconds, 2), "upstream_requests": upstream}
    )  # fmt: skip
    return outcome


def arm(conn: Conn, *faults: Fault) -> None:
    # Copies: a Fault counts its hits, and the parametrized ones must stay fresh for a rerun.
    conn.emulator.emulator.faults.arm(*(replace(f) for f in faults))


def person_id(sl: EmulatorServer) -> int:
    emulator = sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    return int(emulator.records("people")[0]["id"])


def new_person() -> dict[str, Any]:
    return {"RequestBody": json.dumps({"email_address": f"p{time.monotonic_ns()}@example.com", "last_name": "Fault"})}


LISTS: dict[str, Any] = {"path_prefix": "/v2/accounts", "times": None}
# Without the counts Salesloft's definition asks for, no page is known ahead: one page at a time,
# as these faults' page-by-page expectations need (tests/integration/test_list_paging.py pages ahead).
ONE_AT_A_TIME: dict[str, Any] = {"include_paging_counts": False}
SMALL_PAGES: dict[str, Any] = {"per_page": 10, **ONE_AT_A_TIME}
