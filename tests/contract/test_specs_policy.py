"""The vendor specs are in the repository: a missing one fails (never skips), and every one is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from switchboard_emulators import VENDORS, spec_vendors
from switchboard_emulators.spec.config import load_config
from tests.contract import specs


def test_missing_spec_fails_even_outside_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(specs, "SPECS_DIR", tmp_path)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.fail.Exception, match="vendor spec not found"):
        specs.require_spec("salesloft-v2.openapi.json")


def test_every_vendor_config_names_a_committed_spec() -> None:
    vendors = spec_vendors()
    assert len(vendors) >= 10, vendors
    for key in vendors:
        config = load_config(VENDORS / f"{key}.yaml")
        assert config.spec is not None, key
        assert specs.require_spec(config.spec).stat().st_size > 1000


def test_the_repository_reads_nothing_beside_it() -> None:
    root, beside = specs.SPECS_DIR.parent, "../" + "shared"  # spelt apart so this file passes its own check
    for folder in ("tests", "bench", "scripts", "emulators", "src"):
        for path in (root / folder).rglob("*.py"):
            assert beside not in path.read_text(encoding="utf-8"), path
