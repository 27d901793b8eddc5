"""One pair of emulators and one server with small limits, started once for the package's modules;
faults disarmed after each test, the outcomes written once at the end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import SwitchboardServer
from tests.integration.faults.support import ACCOUNTS, OUTCOMES, TIGHT, Conn, start_server
from tests.integration.test_constant_contact import connect


@pytest.fixture(scope="package")
def sl() -> Iterator[EmulatorServer]:
    emulator = SalesloftEmulator()
    emulator.seed("people", 5)
    emulator.seed("accounts", ACCOUNTS)
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def cc() -> Iterator[EmulatorServer]:
    emulator = ConstantContactEmulator()
    emulator.seed("contacts", 30)
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def tight(
    tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer, cc: EmulatorServer
) -> Iterator[SwitchboardServer]:
    server = start_server(tmp_path_factory, sl, cc, **TIGHT)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def salesloft_conn(tight: SwitchboardServer, sl: EmulatorServer) -> Conn:
    account = tight.new_partner("Faults").new_account()
    emulator = sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    return Conn(account, account.install("salesloft", AuthValue=emulator.api_key), sl)


@pytest.fixture(scope="package")
def cc_conn(tight: SwitchboardServer, cc: EmulatorServer) -> Conn:
    emulator = cc.emulator
    assert isinstance(emulator, ConstantContactEmulator)
    account, connection = connect(tight.new_partner("Faults CC"), emulator)
    return Conn(account, connection, cc)


@pytest.fixture(autouse=True)
def disarm(sl: EmulatorServer, cc: EmulatorServer) -> Iterator[None]:
    yield
    sl.emulator.faults.clear()
    cc.emulator.faults.clear()


@pytest.fixture(scope="package", autouse=True)
def fault_report() -> Iterator[None]:
    yield
    path = os.environ.get("SWITCHBOARD_FAULT_REPORT")
    if path and OUTCOMES:
        Path(path).write_text(json.dumps(OUTCOMES, indent=2) + "\n")
