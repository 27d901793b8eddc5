"""The call log under a burst, and which calls keep their exchanges, on servers of their own.

A connector whose rate limit never binds (Salesloft's definition with a huge limit) and an
emulator without its limit, so 2,000 concurrent calls all reach the upstream; the call log's
queue is small, so the burst goes past the writer's pace and back-pressure, not loss, follows.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, server_env

ROOT = Path(__file__).resolve().parents[2]
NAME = "Salesloft (unlimited)"
BURST = 2000
CONCURRENCY = 64


@pytest.fixture(scope="module")
def upstream() -> Iterator[EmulatorServer]:
    emulator = SalesloftEmulator()
    emulator.rate_limit_per_minute = 10**9
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


def emulator(server: EmulatorServer) -> SalesloftEmulator:
    assert isinstance(server.emulator, SalesloftEmulator)
    return server.emulator


def start(folder: Path, upstream: EmulatorServer, **extra: str) -> SwitchboardServer:
    definition = yaml.safe_load((ROOT / "src/switchboard/connectors/salesloft/connector.yaml").read_text())
    never_waits = [{"name": "test", "limit": 1_000_000_000, "per": "60s", "scope": "account_connector"}]
    definition.update(key="salesloft_unlimited", name=NAME, rate_limits=never_waits)
    (folder / "connectors/salesloft_unlimited").mkdir(parents=True)
    (folder / "connectors/salesloft_unlimited/connector.yaml").write_text(yaml.safe_dump(definition))
    (folder / "data").mkdir()
    env = server_env(
        folder / "data",
        {"salesloft_unlimited": upstream.url},
        SWITCHBOARD_CONNECTOR_DIRS=json.dumps([str(folder / "connectors")]),
        SWITCHBOARD_HEALTH_POLL_SECONDS="3600",
        **extra,
    )
    return SwitchboardServer(folder / "data", env).start()


def connect(server: SwitchboardServer, upstream: EmulatorServer) -> tuple[Account, int, dict[str, Any]]:
    partner = server.new_partner()
    account = partner.new_account()
    connector = next(c["Id"] for c in partner.connectors() if c["Name"] == NAME)
    installed = account.post(f"/v1.0/connectors/{connector}/install", json={"AuthValue": emulator(upstream).api_key})
    assert installed.status_code == 200, installed.text
    methods = partner.http.get(f"/v1.0/connectors/{connector}/methods", params={"pageSize": 500}).json()
    return account, installed.json()["Id"], next(m for m in methods if m["Name"] == "Get person")


@pytest.fixture(scope="module")
def unsampled(tmp_path_factory: pytest.TempPathFactory, upstream: EmulatorServer) -> Iterator[SwitchboardServer]:
    server = start(
        tmp_path_factory.mktemp("unsampled"), upstream, SWITCHBOARD_CALL_LOG_SAMPLE="0", SWITCHBOARD_CALL_LOG_QUEUE="20"
    )
    yield server
    server.stop()


def stored(server: SwitchboardServer, prefix: str) -> dict[str, Any]:
    """The call log's rows whose request id starts with ``prefix``: request id -> exchanges (None: not kept)."""
    with sqlite3.connect(server.data_dir / "switchboard.db") as db:
        rows = db.execute("SELECT request_id, exchanges FROM call_log WHERE request_id LIKE ?", (f"{prefix}%",))
        return {request_id: json.loads(exchanges) if exchanges else None for request_id, exchanges in rows}


def counter(server: SwitchboardServer, name: str) -> float:
    text = httpx.get(f"{server.url}/metrics").text
    return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples if s.name == name)


async def test_every_call_of_a_burst_has_its_row(unsampled: SwitchboardServer, upstream: EmulatorServer) -> None:
    account, installed, method = connect(unsampled, upstream)
    (person,) = emulator(upstream).seed("people", 1)
    url = f"/v1.0/account/connectors/{installed}/methods/{method['MethodUniqueIdentifier']}/body"
    headers = {"Authorization": f"Bearer {account.partner.token}", **account.headers}
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    statuses: list[int] = []
    async with httpx.AsyncClient(base_url=unsampled.url, headers=headers, limits=limits, timeout=300) as http:

        async def caller(first: int) -> None:
            # CONCURRENCY callers at once, each with its own connection (httpx's pool slows down with a queue).
            for i in range(first, BURST, CONCURRENCY):
                answer = await http.post(
                    url, json={"Mergefields": {"person_id": person["id"]}}, headers={"X-Request-Id": f"burst-{i:04d}"}
                )
                statuses.append(answer.status_code)

        await asyncio.gather(*(caller(first) for first in range(CONCURRENCY)))
    assert statuses == [200] * BURST
    # Reading the log waits for this worker's queue to be written (read-your-writes).
    assert account.partner.http.get(f"/v1.0/calls/burst-{BURST - 1:04d}").status_code == 200
    rows = stored(unsampled, "burst-")
    assert sorted(rows) == [f"burst-{i:04d}" for i in range(BURST)]  # none lost
    assert all(exchanges is None for exchanges in rows.values())  # sample 0: summary rows only
    assert counter(unsampled, "switchboard_call_log_dropped_total") == 0
    assert counter(unsampled, "switchboard_call_log_backpressure_total") > 0  # the queue of 20 did fill


def test_failed_and_test_calls_keep_their_exchanges_unsampled(
    unsampled: SwitchboardServer, upstream: EmulatorServer
) -> None:
    account, installed, method = connect(unsampled, upstream)
    (person,) = emulator(upstream).seed("people", 1)
    base = f"/v1.0/account/connectors/{installed}"
    uid = method["MethodUniqueIdentifier"]
    param = next(p["Id"] for p in method["Parameters"] if p["TargetName"] == "person_id")
    calls = {
        "kept-ok": account.post(f"{base}/methods/{uid}/body", json={"Mergefields": {"person_id": person["id"]}},
                                headers={"X-Request-Id": "kept-ok"}),
        "kept-failed": account.post(f"{base}/methods/{uid}/body", json={"Mergefields": {"person_id": "987654321"}},
                                    headers={"X-Request-Id": "kept-failed"}),
        "kept-test": account.post(f"{base}/test/{uid}", json={"Mergefields": {str(param): person["id"]}},
                                  headers={"X-Request-Id": "kept-test"}),
    }  # fmt: skip
    assert {k: r.status_code for k, r in calls.items()} == {"kept-ok": 200, "kept-failed": 404, "kept-test": 200}
    assert account.partner.http.get("/v1.0/calls/kept-test").status_code == 200
    rows = stored(unsampled, "kept-")
    assert rows["kept-ok"] is None
    (failed,) = rows["kept-failed"]
    assert failed["Response"]["Status"] == 404 and failed["Request"]["Headers"]["Authorization"] == "[redacted]"
    (tried,) = rows["kept-test"]
    assert tried["Response"]["Status"] == 200 and tried["Request"]["Url"].endswith(f"/v2/people/{person['id']}")
    assert emulator(upstream).api_key not in json.dumps(rows)


def test_a_sample_of_one_keeps_every_successful_calls_exchanges(
    switchboard: SwitchboardServer, partner: Partner, salesloft: EmulatorServer
) -> None:
    # The shared server runs with SWITCHBOARD_CALL_LOG_SAMPLE=1 (tests/harness.server_env).
    assert switchboard.env["SWITCHBOARD_CALL_LOG_SAMPLE"] == "1"
    account = partner.new_account()
    installed = account.install("salesloft", AuthValue=emulator(salesloft).api_key)
    (person,) = emulator(salesloft).seed("people", 1)
    uid = account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"]
    prefix = f"all-{installed}-"
    for i in range(5):
        answer = account.post(
            f"/v1.0/account/connectors/{installed}/methods/{uid}/body",
            json={"Mergefields": {"person_id": person["id"]}},
            headers={"X-Request-Id": f"{prefix}{i}"},
        )
        assert answer.status_code == 200, answer.text
    logged = partner.http.get(f"/v1.0/calls/{prefix}4").json()
    assert logged["Exchanges"][0]["Response"]["Status"] == 200
    rows = stored(switchboard, prefix)
    assert len(rows) == 5
    assert all(exchanges and exchanges[0]["Response"]["Status"] == 200 for exchanges in rows.values())
