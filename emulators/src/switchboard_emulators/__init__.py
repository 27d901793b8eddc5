"""Local stand-ins for third-party APIs, used by the tests, the benchmarks and the demo.

Emulators import nothing from Switchboard: they are the third party. Each one is an
``Emulator`` (an aiohttp application plus its in-memory state) that ``EmulatorServer``
runs on a loopback port, in the caller's loop or in a thread of its own.
"""

from __future__ import annotations

from switchboard_emulators._base import Emulator, RecordedRequest
from switchboard_emulators._server import EmulatorServer

__all__ = ["Emulator", "EmulatorServer", "RecordedRequest", "create_emulator", "emulator_names"]


def emulator_names() -> list[str]:
    """The names `switchboard emulate NAME` accepts."""
    return ["salesloft", "constant_contact"]


def create_emulator(name: str) -> Emulator:
    """A fresh emulator by name (imported lazily so one emulator never loads the other)."""
    if name == "salesloft":
        from switchboard_emulators.salesloft import SalesloftEmulator

        return SalesloftEmulator()
    if name == "constant_contact":
        from switchboard_emulators.constant_contact import ConstantContactEmulator

        return ConstantContactEmulator()
    raise KeyError(f"unknown emulator {name!r}; choose one of {', '.join(emulator_names())}")
