"""The emulator's Python side: seeding, and serving from a background thread."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.unit.emulators.cpu import own_cpu

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_seeding_is_deterministic_fast_and_copied() -> None:
    first, second = ConstantContactEmulator(), ConstantContactEmulator()
    with own_cpu() as seconds:
        made = first.seed("contacts", 10_000)
    # About 0.2 s of this thread's CPU: the bound catches a quadratic seeding. Wall time would
    # measure the CI machine (5.7 s once, with the other worker and the fuzzers on both cores).
    assert seconds() < 5.0
    assert second.seed("contacts", 10_000) == made
    assert len({c["email_address"]["address"] for c in made}) == 10_000
    records = first.records("contacts")
    records[0]["first_name"] = "changed"
    assert first.records("contacts")[0]["first_name"] != "changed"
    with pytest.raises(KeyError):
        first.seed("segments", 1)
    with pytest.raises(KeyError):
        first.issue_token_set("unregistered")


async def test_runs_in_a_background_thread() -> None:
    def drive() -> None:
        emu = ConstantContactEmulator()
        emu.seed("contacts", 5)
        with EmulatorServer(emu) as server:
            token = emu.issue_token_set()
            headers = {"Authorization": f"Bearer {token['access_token']}"}
            response = httpx.get(f"{server.url}/v3/contacts", headers=headers)
            assert response.status_code == 200
            assert len(response.json()["contacts"]) == 5
            emu.seed("contacts", 1)  # seeding while the server thread runs is safe
            assert len(emu.records("contacts")) == 6

    # The synchronous server API, off the event loop the other tests share.
    await asyncio.to_thread(drive)
