"""The Salesloft emulator on a loopback port, with a client holding its API key and one without."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator


@pytest.fixture
def emu() -> SalesloftEmulator:
    return SalesloftEmulator()


@pytest.fixture
def server(emu: SalesloftEmulator) -> Iterator[EmulatorServer]:
    with EmulatorServer(emu) as srv:
        yield srv


@pytest.fixture
def api(server: EmulatorServer, emu: SalesloftEmulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {emu.api_key}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture
def anon(server: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10, follow_redirects=False) as client:
        yield client
