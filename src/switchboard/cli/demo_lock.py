"""The data folder's demo lock: a running demo holds ``demo.lock`` (``flock``) and has written "pid N, port P" in it.

The one place that writes the file and reads it back: ``claim`` for ``switchboard demo``, ``running_port`` for
commands that want the port of the demo on their data folder (``connectors configure``'s callback URL).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO

DEMO_LOCK = "demo.lock"
_PORT = re.compile(r"\bport (\d+)")


class DemoBusy(RuntimeError):
    """Another demo runs on this data folder: each run rotates the demo partner's secret and seeds its account again."""


def _holder(pid: int, port: int) -> str:
    return f"pid {pid}, port {port}"


def claim(data_dir: Path, port: int) -> Callable[[], None]:
    """Hold the data folder's demo lock while this demo runs (the system drops it when the process ends, however it
    ends); the release. Two demos on one folder would re-seed it under each other's printed commands."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): one demo per folder is the user's to keep
        return lambda: None
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / DEMO_LOCK).open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = _read(handle) or "another process"
        handle.close()
        raise DemoBusy(
            f"Another Switchboard demo ({holder}) is using {data_dir}: each demo seeds its partner and account again, "
            "so two would break each other's printed commands. Stop it, or give this one a folder of its own: "
            f"SWITCHBOARD_DATA_DIR=$(mktemp -d) make demo PORT={port}"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(_holder(os.getpid(), port))
    handle.flush()
    return handle.close


def running_port(data_dir: Path) -> int | None:
    """The port of the demo running on ``data_dir`` (it holds the folder's demo lock), else None.

    A lock file nobody holds is a demo that has ended: its port says nothing of any server now. The
    check takes the lock shared and lets it go at once, so a demo starting in that instant may be
    refused as if another ran (it says so, and starting it again works).
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): the demo writes no lock there either
        return None
    try:
        handle = (data_dir / DEMO_LOCK).open(encoding="utf-8")
    except OSError:
        return None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:  # held: a demo runs on this folder
            found = _PORT.search(_read(handle))
            return int(found.group(1)) if found else None
        fcntl.flock(handle, fcntl.LOCK_UN)
        return None


def _read(handle: IO[str]) -> str:
    """What the holder wrote, from the start of the file."""
    handle.seek(0)
    return handle.read().strip()
