"""Fixtures: the emulators on loopback ports and the real Switchboard server in a subprocess."""

from __future__ import annotations

import compileall
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.webhook_receiver import Receiver

SPEC_CACHE = "SWITCHBOARD_EMULATOR_SPEC_CACHE"
ROOT = Path(__file__).resolve().parent.parent


def pytest_sessionstart(session: pytest.Session) -> None:
    """The spec emulator's parse cache in this run's pytest temp folder (before collection, which loads
    specs; subprocesses inherit it), never a folder of the machine's own /tmp left behind.

    Our own modules are compiled first: with PYTHONDONTWRITEBYTECODE (CI sets it) every server, helper
    process and CLI call the tests start would compile them again (the libraries are compiled at install).
    Once per run: xdist's workers inherit the controller's environment, so they share its cache."""
    if _xdist_worker(session):
        assert os.environ.get(SPEC_CACHE), "an xdist worker without its controller's spec cache"
        return
    for folder in ("src", "emulators/src", "clients/python"):
        compileall.compile_dir(ROOT / folder, quiet=1, workers=0)
    factory: pytest.TempPathFactory = session.config._tmp_path_factory  # type: ignore[attr-defined]
    os.environ[SPEC_CACHE] = str(factory.mktemp("emulator-specs", numbered=False))


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _xdist_worker(session):
        return  # the controller removes the cache when every worker is done
    folder = os.environ.pop(SPEC_CACHE, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _xdist_worker(session: pytest.Session) -> bool:
    return hasattr(session.config, "workerinput")


@pytest.fixture(scope="session")
def salesloft() -> Iterator[EmulatorServer]:
    server = EmulatorServer(SalesloftEmulator()).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def constant_contact() -> Iterator[EmulatorServer]:
    server = EmulatorServer(ConstantContactEmulator()).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def switchboard(
    tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer, constant_contact: EmulatorServer
) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("switchboard")
    # The proactive refresher stays out of the way here: these tests count token requests exactly
    # (tests/integration/test_webhooks.py runs it on a server of its own).
    env = server_env(
        data_dir,
        {"salesloft": salesloft.url, "constant_contact": constant_contact.url},
        SWITCHBOARD_HEALTH_POLL_SECONDS="3600",
    )
    server = SwitchboardServer(data_dir, env).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def partner(switchboard: SwitchboardServer) -> Partner:
    return switchboard.new_partner("Acme SaaS")


@pytest.fixture(scope="module")
def connected(partner: Partner, salesloft: EmulatorServer) -> tuple[Account, int]:
    """A new account of the session's partner with a Salesloft connection (its Id), one per test module."""
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    account = partner.new_account()
    return account, account.install("salesloft", AuthValue=emulator.api_key)


@pytest.fixture
def salesloft_api_key(salesloft: EmulatorServer) -> str:
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    return emulator.api_key


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on loopback that verifies each delivery's signature (one per test module)."""
    r = Receiver().start()
    yield r
    r.stop()
