"""Writes that arrive together for one row: each answered as it would be alone, never a 500.

A hostile probe sending requests in parallel found two read-then-insert writes: a partner's first
``PUT /v1.0/branding`` twice at once, and two ``POST .../syncs`` of one name at once. Both found no row,
both inserted, and the second insert's unique-constraint violation was a 500 with a traceback.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import SwitchboardServer

ATTEMPTS = 6  # fresh rows, each written by WRITERS requests at once: the race needs no luck to show
WRITERS = 8


def together(requests: list[tuple[str, str, dict[str, Any]]]) -> list[httpx.Response]:
    """Send the requests at once, each on a connection of its own."""

    def send(request: tuple[str, str, dict[str, Any]]) -> httpx.Response:
        method, url, options = request
        return httpx.request(method, url, timeout=60, **options)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, requests))


def no_traceback(server: SwitchboardServer, since: int) -> None:
    with server.log_path.open("rb") as log:
        log.seek(since)
        added = log.read()
    assert b"Traceback" not in added and b"IntegrityError" not in added, added[-3000:].decode(errors="replace")


def test_a_partners_first_branding_written_twice_at_once_is_stored_once(switchboard: SwitchboardServer) -> None:
    since = switchboard.log_path.stat().st_size
    for attempt in range(ATTEMPTS):
        partner = switchboard.new_partner(f"Branding race {attempt}")
        headers = {"Authorization": f"Bearer {partner.token}"}
        requests = [
            ("PUT", f"{switchboard.url}/v1.0/branding", {"headers": headers, "json": {"Name": f"Brand {n}"}})
            for n in range(WRITERS)
        ]
        answers = together(requests)
        assert [a.status_code for a in answers] == [200] * WRITERS, [a.text for a in answers if a.status_code != 200]
        # The last write stands whole: one of the names written, not a mix.
        kept = partner.http.get("/v1.0/branding").json()
        assert kept["Name"] in {f"Brand {n}" for n in range(WRITERS)}
    no_traceback(switchboard, since)


@pytest.mark.usefixtures("salesloft")
def test_one_sync_name_created_twice_at_once_is_one_sync_and_409s(
    switchboard: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    partner = switchboard.new_partner("Sync race")
    since = switchboard.log_path.stat().st_size
    for _ in range(ATTEMPTS):
        account = partner.new_account()
        installed = account.install("salesloft", AuthValue=salesloft.emulator.api_key)  # type: ignore[attr-defined]
        url = f"{switchboard.url}/v1.0/account/connectors/{installed}/syncs"
        headers = {"Authorization": f"Bearer {partner.token}", **account.headers}
        answers = together([("POST", url, {"headers": headers, "json": {"Default": "people"}})] * WRITERS)
        statuses = Counter(a.status_code for a in answers)
        assert statuses == {201: 1, 409: WRITERS - 1}, [a.text for a in answers]
        made = next(a.json()["Id"] for a in answers if a.status_code == 201)
        for refused in (a for a in answers if a.status_code == 409):
            assert refused.json()["Message"].startswith("This account connector already has a sync named 'people'")
            assert refused.json()["SyncId"] == made
        listed = account.get(f"/v1.0/account/connectors/{installed}/syncs").json()
        assert [s["Id"] for s in listed] == [made]
    no_traceback(switchboard, since)


def test_renaming_two_syncs_to_one_name_at_once_keeps_the_names_unique(
    switchboard: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    partner = switchboard.new_partner("Sync rename race")
    since = switchboard.log_path.stat().st_size
    for _ in range(ATTEMPTS):
        account = partner.new_account()
        installed = account.install("salesloft", AuthValue=salesloft.emulator.api_key)  # type: ignore[attr-defined]
        base = f"/v1.0/account/connectors/{installed}/syncs"
        ids = [account.post(base, json={"Default": name}).json()["Id"] for name in ("people", "accounts")]
        headers = {"Authorization": f"Bearer {partner.token}", **account.headers}
        answers = together(
            [
                ("PUT", f"{switchboard.url}{base}/{sync_id}", {"headers": headers, "json": {"Name": "everyone"}})
                for sync_id in ids
            ]
        )
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        names = sorted(s["Name"] for s in account.get(base).json())
        assert names in (["accounts", "everyone"], ["everyone", "people"]), names
    no_traceback(switchboard, since)
