"""A spec written as a dict, saved to a file and served by the spec-driven emulator for one test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator


@contextmanager
def serving(folder: Path, spec: dict[str, Any], name: str = "spec.yaml") -> Iterator[str]:
    """The emulator's base URL while it serves ``spec`` (saved as ``folder/name``)."""
    path = folder / name
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    with EmulatorServer(SpecEmulator(path)) as server:
        yield server.url
