"""An account with Salesloft installed by API key: the connection Cyclr-shaped calls go through."""

from __future__ import annotations

import pytest

from tests.harness import Account, Partner


@pytest.fixture
def connected(partner: Partner, salesloft_api_key: str) -> tuple[Account, int]:
    account = partner.new_account()
    return account, account.install("salesloft", AuthValue=salesloft_api_key)
