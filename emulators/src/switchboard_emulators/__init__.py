"""Local stand-ins for third-party APIs, used by the tests, the benchmarks and the demo.

Emulators import nothing from Switchboard: they are the third party. Each one is an
``Emulator`` (an aiohttp application plus its in-memory state) that ``EmulatorServer``
runs on a loopback port, in the caller's loop or in a thread of its own.
"""

from __future__ import annotations

from pathlib import Path

from switchboard_emulators._base import Emulator, RecordedRequest
from switchboard_emulators._server import EmulatorServer

__all__ = ["Emulator", "EmulatorServer", "RecordedRequest", "create_emulator", "emulator_names", "spec_vendors"]

VENDORS = Path(__file__).parent / "spec" / "vendors"


def emulator_names() -> list[str]:
    """The names `switchboard emulate NAME` accepts (``spec`` also wants a spec file)."""
    return ["salesloft", "constant_contact", "spec"]


def spec_vendors() -> list[str]:
    """The vendor configs shipped for the spec-driven emulator (``spec/vendors/<key>.yaml``)."""
    return sorted(p.stem for p in VENDORS.glob("*.yaml"))


def create_emulator(
    name: str, *, spec: str | Path | None = None, config: str | Path | None = None, within: str | Path | None = None
) -> Emulator:
    """A fresh emulator by name (imported lazily so one emulator never loads the other).

    ``spec`` serves the OpenAPI/Swagger file ``spec`` with ``config``: a config file's path, or
    a shipped vendor key (``spec_vendors()``); without a config the spec is served as it is. The files
    a split spec refers to are read from its folder, or from ``within``, a wider one holding it.
    """
    if name == "salesloft":
        from switchboard_emulators.salesloft import SalesloftEmulator

        return SalesloftEmulator()
    if name == "constant_contact":
        from switchboard_emulators.constant_contact import ConstantContactEmulator

        return ConstantContactEmulator()
    if name == "spec":
        from switchboard_emulators.spec import SpecEmulator, load_config

        if spec is None:
            raise ValueError("the spec emulator needs a spec file (spec=...)")
        if config is not None and str(config) in spec_vendors():
            config = VENDORS / f"{config}.yaml"
        return SpecEmulator(spec, load_config(config) if config is not None else None, within=within)
    raise KeyError(f"unknown emulator {name!r}; choose one of {', '.join(emulator_names())}")
