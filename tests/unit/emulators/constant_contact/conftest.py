"""A Constant Contact emulator on a loopback port, with a harness holding a live token."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.unit.emulators.constant_contact.support import Harness, start


@pytest.fixture
async def cc() -> AsyncIterator[Harness]:
    emu = ConstantContactEmulator()
    # Most tests fire requests faster than 4/s; the throttling tests set the real limit.
    emu.per_second_limit = 100_000
    async for harness in start(emu):
        yield harness
