"""The call log on PostgreSQL and /metrics merged across two workers (prometheus-client multiprocess mode)."""

from __future__ import annotations

import asyncio
import time

import httpx
from prometheus_client.parser import text_string_to_metric_families

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import SwitchboardServer
from tests.scale.test_scale import _call, _many


def calls_total(server: SwitchboardServer, method: str) -> float:
    text = httpx.get(f"{server.url}/metrics").text
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "switchboard_calls_total" and s.labels.get("method") == method
    )


def test_every_workers_calls_are_logged_and_counted(scale_server: SwitchboardServer, salesloft: EmulatorServer) -> None:
    sl = salesloft.emulator
    assert isinstance(sl, SalesloftEmulator)
    partner = scale_server.new_partner("Observed at scale")
    account = partner.new_account()
    connection = account.install("salesloft", AuthValue=sl.api_key)
    method = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    before = calls_total(scale_server, method)
    responses = asyncio.run(_many([_call(account, connection, "salesloft", "List accounts")] * 20))
    assert [r.status_code for r in responses] == [200] * 20
    ids = {r.headers["X-Request-Id"] for r in responses}
    assert len(ids) == 20  # one id per call
    assert calls_total(scale_server, method) == before + 20  # both workers' counts, merged
    deadline = time.monotonic() + 10
    while True:
        logged = partner.http.get("/v1.0/calls", params={"limit": 50}).json()["Calls"]
        if len(logged) >= 20 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert {c["RequestId"] for c in logged} == ids
