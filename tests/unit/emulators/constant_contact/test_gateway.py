"""The gateway: bearer tokens, scopes, four requests a second per app, the daily quota."""

from __future__ import annotations

import pytest

from switchboard_emulators import create_emulator
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.unit.emulators.constant_contact.support import FakeClock, Harness, start

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_emulator_is_registered_by_name() -> None:
    emu = create_emulator("constant_contact")
    assert isinstance(emu, ConstantContactEmulator)
    assert emu.name == "constant_contact"
    assert emu.credentials() == {"client_id": emu.client_id, "client_secret": emu.client_secret}


async def test_v3_requires_a_live_bearer_token(cc: Harness) -> None:
    unauthorized = {"error_key": "unauthorized", "error_message": "Unauthorized"}
    missing = await cc.http.get("/v3/contacts")
    assert missing.status_code == 401
    assert missing.json() == unauthorized
    wrong = await cc.http.get("/v3/contacts", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert (await cc.get("/v3/contacts")).status_code == 200
    cc.emu.expire_access_tokens()
    expired = await cc.get("/v3/contacts")
    assert expired.status_code == 401
    assert expired.json() == unauthorized
    assert cc.emu.requests.all()[-1].path == "/v3/contacts"


async def test_scopes_are_enforced(cc: Harness) -> None:
    cc.token = cc.emu.issue_token_set(scope="contact_data")
    assert (await cc.get("/v3/contacts")).status_code == 200
    forbidden = await cc.get("/v3/emails")
    assert forbidden.status_code == 403
    assert forbidden.json()["error_key"] == "forbidden"


async def test_four_requests_per_second_per_app() -> None:
    ticks = FakeClock(100.0)
    emu = ConstantContactEmulator(monotonic=ticks)
    assert emu.per_second_limit == 4
    async for h in start(emu):
        for _ in range(4):
            assert (await h.get("/v3/contact_lists")).status_code == 200
        throttled = await h.get("/v3/contact_lists")
        assert throttled.status_code == 429
        assert throttled.json() == {"error_key": "throttled", "error_message": "Too Many Requests"}
        assert emu.throttled_count == 1
        # Another app has its own window.
        emu.register_client("other-app", "other-secret")
        other = emu.issue_token_set("other-app")
        response = await h.http.get("/v3/contact_lists", headers={"Authorization": f"Bearer {other['access_token']}"})
        assert response.status_code == 200
        ticks.now = 100.999
        assert (await h.get("/v3/contact_lists")).status_code == 429
        ticks.now = 101.0  # the first four requests have left the 1.0 s window
        assert (await h.get("/v3/contact_lists")).status_code == 200
        assert emu.throttled_count == 2


async def test_daily_quota_resets_at_midnight_utc() -> None:
    wall = FakeClock(1_718_409_599.0)  # 2024-06-14T23:59:59Z
    emu = ConstantContactEmulator(clock=wall)
    emu.per_second_limit = 1000
    emu.daily_limit = 3
    async for h in start(emu):
        for _ in range(3):
            assert (await h.get("/v3/contacts")).status_code == 200
        exceeded = await h.get("/v3/contacts")
        assert exceeded.status_code == 429
        assert exceeded.json() == {"error_key": "quota_exceeded", "error_message": "Limit Exceeded"}
        assert emu.throttled_count == 1
        wall.now += 1  # 2024-06-15T00:00:00Z
        assert (await h.get("/v3/contacts")).status_code == 200
