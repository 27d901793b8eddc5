"""Where the vendor specs live, and what happens when they are not there.

They are not in this repository: ``../shared/specs`` beside the checkout, or ``SWITCHBOARD_SPECS_DIR``.
Without them a developer's run skips the spec checks and says why (``-ra`` lists the reason);
under CI (``CI`` set, as ``.ci/run`` does) the same absence fails the run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SPECS_DIR = Path(os.environ.get("SWITCHBOARD_SPECS_DIR") or Path(__file__).parents[3] / "shared/specs")


def require_spec(name: str) -> Path:
    path = SPECS_DIR / name
    if path.is_file():
        return path
    why = (
        f"vendor spec not found at {path}: put the shared/ folder beside the checkout "
        "or set SWITCHBOARD_SPECS_DIR to the folder that holds the vendor specs"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI runs every contract check)")
    pytest.skip(why)
