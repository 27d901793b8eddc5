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


@pytest.mark.parametrize("value", ["1.5", "-0.1", "often"])
def test_a_call_log_sample_is_a_fraction_from_zero_to_one(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.delenv("SWITCHBOARD_CALL_LOG_SAMPLE", raising=False)
    assert Settings().call_log_sample == 0.01  # the default: 1% of successful calls keep their exchanges
    monkeypatch.setenv("SWITCHBOARD_CALL_LOG_SAMPLE", value)
    with pytest.raises(ValueError, match="call_log_sample"):
        Settings()
    monkeypatch.setenv("SWITCHBOARD_CALL_LOG_SAMPLE", "0.25")
    assert Settings().call_log_sample == 0.25


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "soon"])
def test_an_oauth_callback_lasts_a_positive_finite_number_of_seconds(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.delenv("SWITCHBOARD_OAUTH_CALLBACK_SECONDS", raising=False)
    assert Settings().oauth_callback_seconds == 300  # past the longest a callback runs
    monkeypatch.setenv("SWITCHBOARD_OAUTH_CALLBACK_SECONDS", value)
    with pytest.raises(ValueError, match="oauth_callback_seconds"):
        Settings()
    monkeypatch.setenv("SWITCHBOARD_OAUTH_CALLBACK_SECONDS", "120")
    assert Settings().oauth_callback_seconds == 120
