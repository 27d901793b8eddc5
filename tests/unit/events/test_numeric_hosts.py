"""Webhook targets read numeric hosts as ``inet_aton`` does (N10)."""

from __future__ import annotations

import pytest

from switchboard.events.targets import TargetPolicy


@pytest.mark.parametrize(
    "host",
    ["127.1", "0177.0.0.1", "2130706433", "0x7f.1", "0x7F000001", "017700000001", "127.0.0.1.", "10.1", "0",
     "0251.0376.0251.0376", "0xa9.0xfe.0xa9.0xfe", "192.0xa8.1"],
)  # fmt: skip
def test_numeric_spellings_of_inward_addresses_are_refused(host: str) -> None:
    assert TargetPolicy().literal_refused(f"http://{host}/hooks")


@pytest.mark.parametrize("host", ["134744072", "8.8.8.8", "0x8.0x8.0x8.0x8", "hooks.example.com", "256.1", "08.1"])
def test_public_addresses_and_names_are_not_refused_at_registration(host: str) -> None:
    assert not TargetPolicy().literal_refused(f"http://{host}/hooks")
