"""Where the vendor specs live: ``specs/`` at the repository's root, outside the installed package.

Every spec a test reads is committed there; a missing one fails the test that needs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SPECS_DIR = Path(__file__).resolve().parents[2] / "specs"


def require_spec(name: str) -> Path:
    path = SPECS_DIR / name
    if not path.is_file():
        pytest.fail(f"vendor spec not found at {path}: every spec the tests read is committed under specs/")
    return path
