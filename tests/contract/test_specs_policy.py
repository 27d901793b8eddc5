"""A missing vendor spec skips with its reason on a developer's machine and fails under CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contract import specs


def test_missing_spec_skips_with_a_reason_locally(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(specs, "SPECS_DIR", tmp_path)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="SWITCHBOARD_SPECS_DIR"):
        specs.require_spec("salesloft-v2.openapi.json")


def test_missing_spec_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(specs, "SPECS_DIR", tmp_path)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="vendor spec not found"):
        specs.require_spec("salesloft-v2.openapi.json")


def test_a_present_spec_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{}")
    monkeypatch.setattr(specs, "SPECS_DIR", tmp_path)
    assert specs.require_spec("x.json") == tmp_path / "x.json"
