"""The contract tests' shared fixture: one Salesloft account connector per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.contract.salesloft_contract import Contract
from tests.harness import Partner


@pytest.fixture(scope="module")
def contract(partner: Partner, salesloft: EmulatorServer) -> Iterator[Contract]:
    emu = salesloft.emulator
    assert isinstance(emu, SalesloftEmulator)
    account = partner.new_account()
    connector_id = account.install("salesloft", AuthValue=emu.api_key)
    # Drop-down lists should have something to list: one record of each collection a fresh
    # team starts without.
    (person,) = emu.seed("people", 1)
    emu.seed("cadence_memberships", 1, person_id=person["id"], cadence_id=1)
    for resource in ("actions", "calls", "crm_activities", "emails", "imports", "notes", "tasks", "bulk_jobs"):
        emu.seed(resource, 1)
    emu.seed("call_data_records", 2)
    yield Contract(account, connector_id, account.methods("salesloft"), emu)
    emu.reset_rate_limit()  # leave the team's minute budget to the suites that follow
