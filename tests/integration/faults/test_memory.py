"""A server with the default call time and a roomy byte limit: bounded in time, and in memory."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import SwitchboardServer
from tests.integration.faults.support import (
    LISTS,
    MAX_RESPONSE_BYTES,
    ONE_AT_A_TIME,
    OUTCOMES,
    SMALL_PAGES,
    Conn,
    arm,
    observe,
    person_id,
    start_server,
)


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


@pytest.fixture(scope="module")
def big_sl() -> Iterator[EmulatorServer]:
    emulator = SalesloftEmulator()
    emulator.seed("accounts", 2500)
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def roomy(
    tmp_path_factory: pytest.TempPathFactory, big_sl: EmulatorServer, cc: EmulatorServer
) -> Iterator[SwitchboardServer]:
    server = start_server(tmp_path_factory, big_sl, cc, SWITCHBOARD_MAX_RESPONSE_BYTES=str(256 * 1024 * 1024))
    yield server
    server.stop()


def test_a_call_is_bounded_in_time_by_default(roomy: SwitchboardServer, big_sl: EmulatorServer) -> None:
    """The Constant Contact probe: a list that never ends ran 251 s. This server has the default call time."""
    emulator = big_sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    account = roomy.new_partner("Endless").new_account()
    conn = Conn(account, account.install("salesloft", AuthValue=emulator.api_key), big_sl)
    # Pages of 10 records, 0.4 s each, every one pointing to another: 250 pages would take 100 s.
    arm(conn, Fault("slow", delay=0.4, **LISTS), Fault("endless_next", **LISTS))
    try:
        outcome = observe("default-call-time", "pages of 0.4 s with records, without end (default settings)",
                          conn, "List accounts", "/v2/accounts", Parameters=SMALL_PAGES)  # fmt: skip
    finally:
        emulator.faults.clear()
    assert outcome.response.status_code == 504, outcome.response.text
    assert "ran out of its time limit (30 s)" in outcome.message
    assert outcome.response.json()["ResumeWith"]["page"] == str(outcome.response.json()["PagesFetched"] + 1)
    assert 25 <= outcome.seconds < 35
    assert 40 <= outcome.upstream <= 80


def test_large_paginated_answer_keeps_memory_bounded(roomy: SwitchboardServer, big_sl: EmulatorServer) -> None:
    emulator = big_sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    account = roomy.new_partner("Memory").new_account()
    conn = Conn(account, account.install("salesloft", AuthValue=emulator.api_key), big_sl)
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{conn.id}/methods/{uid}"
    # Warm up (imports, caches, the first page's code paths) so the baseline is the steady state.
    assert account.post(f"{path}/body", json={"Parameters": {"page": 1}}).status_code == 200
    assert roomy.process is not None
    pid = roomy.process.pid
    baseline = peak = rss_kib(pid)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_kib(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # 25 pages of 2000 records where 100 were asked for: about 50 MB of JSON in one answer.
    emulator.faults.arm(Fault("oversized_page", path_prefix="/v2/accounts", times=None, size=2000))
    before = len(emulator.requests.all())
    try:
        started = time.monotonic()
        chunks = []
        body = {"Parameters": ONE_AT_A_TIME}  # a page at a time: 2000-record pages 4 at once outlast the 1 s timeout
        with account.partner.http.stream("POST", f"{path}/body", json=body, headers=account.headers) as response:
            assert response.status_code == 200
            chunks = list(response.iter_bytes())
        seconds = time.monotonic() - started
    finally:
        emulator.faults.clear()
        done.set()
        sampler.join()
    pages = sum(1 for r in emulator.requests.all()[before:] if r.path.startswith("/v2/accounts"))
    answer = b"".join(chunks)
    growth_mib = (peak - baseline) / 1024
    assert pages == 25
    assert len(orjson.loads(answer)["data"]) == 25 * 2000
    assert len(answer) > 40 * 1024 * 1024
    # The records are spooled to disk as pages arrive: the process holds about one page at a time.
    assert growth_mib < 64, f"RSS grew by {growth_mib:.0f} MiB for a {len(answer) / 2**20:.0f} MiB answer"
    OUTCOMES.append(
        {"case": "large-answer-memory",
         "fault": f"25 pages of 2000 records, 100 asked ({len(answer) / 2**20:.0f} MiB answer)",
         "status": 200,
         "message": f"server RSS {baseline / 1024:.0f} MiB before, {peak / 1024:.0f} MiB at peak "
                    f"(+{growth_mib:.0f} MiB)",
         "seconds": round(seconds, 2), "upstream_requests": pages}
    )  # fmt: skip


def test_a_compressed_answer_is_counted_as_it_inflates(tight: SwitchboardServer, salesloft_conn: Conn) -> None:
    """A 1 MB gzip answer that inflates to 1 GiB was read whole (its Content-Length is the 1 MB): 2 GB held."""
    assert tight.process is not None
    pid = tight.process.pid
    before = rss_kib(pid, "VmHWM")
    person = {"person_id": str(person_id(salesloft_conn.emulator))}
    arm(salesloft_conn, Fault("inflating", path_prefix="/v2/people/", size=1 << 30))
    try:
        outcome = observe("inflating-answer", "a 1 MB gzip answer that inflates to 1 GiB", salesloft_conn,
                          "Get person", "/v2/people", Mergefields=person)  # fmt: skip
    finally:
        salesloft_conn.emulator.emulator.faults.clear()
    growth_mib = (rss_kib(pid, "VmHWM") - before) / 1024
    assert outcome.response.status_code == 502, outcome.response.text
    assert f"exceeds the limit of {MAX_RESPONSE_BYTES} bytes per call" in outcome.message
    assert growth_mib < 64, f"the server's peak RSS grew by {growth_mib:.0f} MiB"
