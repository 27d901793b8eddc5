"""Settings read from the environment as people write them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from switchboard.settings import Settings


@pytest.mark.parametrize(
    ("value", "dirs"),
    [
        ("./my-connectors", [Path("my-connectors")]),
        (f"/a{os.pathsep}/b", [Path("/a"), Path("/b")]),
        ('["/a", "/b"]', [Path("/a"), Path("/b")]),
        ("", []),
    ],
)
def test_connector_dirs_take_a_path_a_path_list_or_json(monkeypatch: pytest.MonkeyPatch, value: str,
                                                        dirs: list[Path]) -> None:  # fmt: skip
    monkeypatch.setenv("SWITCHBOARD_CONNECTOR_DIRS", value)
    assert Settings().connector_dirs == dirs
