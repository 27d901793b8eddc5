"""The emulators are a distribution of their own: without it, ``demo`` and ``emulate`` say how to install it."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from switchboard.cli import app


@pytest.mark.parametrize("args", [["demo"], ["emulate", "salesloft"]])
def test_missing_emulators_are_named_with_the_install_command(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.setitem(sys.modules, "switchboard_emulators", None)  # as if not installed
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "pip install -e ./emulators" in result.output
    assert "make demo" in result.output
