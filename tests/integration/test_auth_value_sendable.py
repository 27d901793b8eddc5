"""A credential no HTTP header can carry is a 400 naming the problem, not a 500 (the schema fuzzer's find)."""

from __future__ import annotations

import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import Partner


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("key\nX-Injected: 1", "line break or another control character"),
        ("key\r", "line break or another control character"),
        ("key\x00", "may not contain a NUL character"),  # refused with every body that holds one, as no store keeps it
    ],
)
def test_a_key_with_a_control_character_is_refused_before_any_request(
    partner: Partner, salesloft: EmulatorServer, value: str, message: str
) -> None:
    account = partner.new_account()
    connection = account.install("salesloft", AuthValue=salesloft.emulator.api_key)  # type: ignore[attr-defined]
    seen = len(salesloft.emulator.requests.all())  # type: ignore[attr-defined]
    answer = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": value})
    assert answer.status_code == 400, answer.text
    assert message in answer.json()["Message"]
    assert value.strip() not in answer.text
    assert len(salesloft.emulator.requests.all()) == seen  # type: ignore[attr-defined]
    # The connection keeps the key it had.
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is True
