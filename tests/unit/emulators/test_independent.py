"""The emulators are the third party: loading every one of them loads nothing of Switchboard's."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import pkgutil, sys, importlib
import switchboard_emulators
for info in pkgutil.walk_packages(switchboard_emulators.__path__, "switchboard_emulators."):
    importlib.import_module(info.name)
print(sorted({m.split(".")[0] for m in sys.modules if m.startswith("switchboard")}))
"""


def test_emulators_import_nothing_from_switchboard() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "['switchboard_emulators']"
