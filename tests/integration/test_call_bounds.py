"""Calls bounded by requests and time, not only by pages (``keyed_app``: 5 requests a minute, 4 per call).

``keyed_app`` (tests/integration/connectors) pages the Salesloft emulator's accounts; its
definition caps a call at 4 upstream requests and its rate limit gives each account connector
5 requests a minute, so both bounds are reached within a second.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import MAX_PAGE, Account, Partner, SwitchboardServer, server_env

CONNECTORS = Path(__file__).parent / "connectors"
ACCOUNTS = 450  # five pages of 100


@pytest.fixture(scope="module")
def emu() -> Iterator[EmulatorServer]:
    emulator = SalesloftEmulator()
    emulator.seed("accounts", ACCOUNTS)
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def partner(tmp_path_factory: pytest.TempPathFactory, emu: EmulatorServer) -> Iterator[Partner]:
    data_dir = tmp_path_factory.mktemp("bounds")
    env = server_env(data_dir, {"keyed_app": emu.url}, SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]')
    server = SwitchboardServer(data_dir, env).start()
    yield server.new_partner("Bounds")
    server.stop()


def list_accounts(partner: Partner, emu: EmulatorServer) -> tuple[Account, Any]:
    """A fresh account connector (its own minute budget) and a caller of its List accounts."""
    emulator = emu.emulator
    assert isinstance(emulator, SalesloftEmulator)
    account = partner.new_account()
    listing = partner.connectors()
    catalog_id = next(c["Id"] for c in listing if c["Name"] == "Keyed App")
    installed = account.post(f"/v1.0/connectors/{catalog_id}/install", json={"AuthValue": emulator.api_key})
    assert installed.status_code == 200, installed.text
    methods = partner.http.get(f"/v1.0/connectors/{catalog_id}/methods", params={"pageSize": MAX_PAGE}).json()
    uid = next(m["MethodUniqueIdentifier"] for m in methods if m["Name"] == "List accounts")
    path = f"/v1.0/account/connectors/{installed.json()['Id']}/methods/{uid}/body"

    def call(**parameters: Any) -> httpx.Response:
        return account.post(path, json={"Parameters": parameters})

    return account, call


def pages_sent(emu: EmulatorServer, since: int) -> list[str]:
    return [r.query_values("page")[0] for r in emu.emulator.requests.all()[since:] if r.path == "/v2/accounts"]


def test_the_connectors_request_cap_ends_a_long_list(partner: Partner, emu: EmulatorServer) -> None:
    _, call = list_accounts(partner, emu)
    mark = len(emu.emulator.requests.all())
    response = call()
    assert response.status_code == 502, response.text
    assert response.json() == {
        "Message": "The call needed more than 4 upstream requests (the per-call limit, counting pages, retries "
        "and refreshes); narrow the request or ask for a page (page 5, after 4 page(s) came back)",
        "PagesFetched": 4,
        "FailedPage": {"page": "5"},
    }
    assert pages_sent(emu, mark) == ["1", "2", "3", "4"]


def test_a_rate_limit_that_would_outlast_the_call_stops_it_early_with_its_progress(
    partner: Partner, emu: EmulatorServer
) -> None:
    _, call = list_accounts(partner, emu)
    for page in (4, 5, 4, 5):  # four of the minute's five requests
        assert call(page=page).status_code == 200
    mark = len(emu.emulator.requests.all())
    started = time.monotonic()
    response = call()
    seconds = time.monotonic() - started
    assert response.status_code == 429, response.text
    body = response.json()
    assert body["Message"].startswith("The call stopped after 1 page(s) and 100 record(s): a rate limit asks")
    assert "starting with page=2 (as a Parameter)" in body["Message"]
    assert body["ResumeWith"] == {"page": "2"} and body["PagesFetched"] == 1
    assert int(response.headers["Retry-After"]) > 30  # the real wait for the window, not 1
    assert seconds < 2  # stopped at once, not after waiting out the call's time
    assert pages_sent(emu, mark) == ["1"]


def test_with_the_default_timeouts_a_silent_upstream_is_a_504_well_within_a_minute(
    partner: Partner, emu: EmulatorServer
) -> None:
    """Defaults: read timeout 10 s, a timeout retried once (not max_retries times): about 21 s."""
    _, call = list_accounts(partner, emu)
    emu.emulator.faults.arm(Fault("hang", path_prefix="/v2/accounts", times=None))
    mark = len(emu.emulator.requests.all())
    started = time.monotonic()
    try:
        response = call(page=1)
    finally:
        emu.emulator.faults.clear()
    seconds = time.monotonic() - started
    assert response.status_code == 504, response.text
    assert response.json()["Message"].endswith("did not answer in time (read timeout 10 s)")
    assert 20 <= seconds < 30, seconds
    assert pages_sent(emu, mark) == ["1", "1"]
