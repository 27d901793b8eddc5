"""``switchboard_call_log_queue`` with several workers: it rises while the call log writers are stuck, and a
worker that died and was replaced leaves none of its gauges in the sum."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from tests.backends import scale_env
from tests.harness import SwitchboardServer


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _queue(url: str) -> float:
    text = httpx.get(f"{url}/metrics").text
    line = next(line for line in text.splitlines() if line.startswith("switchboard_call_log_queue "))
    return float(line.split()[1])


@pytest.fixture
def server(
    tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer, postgres_url: str, redis_url: str
) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("gauge")
    env = scale_env(data_dir, {"salesloft": salesloft.url}, postgres_url, redis_url)
    started = SwitchboardServer(data_dir, env).start("--workers", "2", ready_within=120)
    yield started
    started.stop()


def test_the_queue_gauge_follows_stuck_writers_and_forgets_dead_workers(
    server: SwitchboardServer, salesloft_api_key: str
) -> None:
    assert server.process is not None
    deadline = time.monotonic() + 60
    while len(workers := [p for p in _children(server.process.pid) if "multiprocessing" in _cmdline(p)]) < 2:
        assert time.monotonic() < deadline, "two workers did not start"
        time.sleep(0.2)
    writers: list[int] = []
    while len(writers) < 2 and time.monotonic() < deadline:
        writers = [c for w in workers for c in _children(w) if "calllog_child" in _cmdline(c)]
        time.sleep(0.2)
    assert len(writers) == 2
    account = server.new_partner("Queue gauge").new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    uid = account.methods("salesloft")["List accounts (DDL)"]["MethodUniqueIdentifier"]
    for pid in writers:
        os.kill(pid, signal.SIGSTOP)  # stuck writers: nothing is written, nothing acknowledged
    try:
        for _ in range(30):
            with httpx.Client(base_url=server.url, timeout=30) as fresh:  # a connection each: both workers serve
                answer = fresh.post(
                    f"/v1.0/account/connectors/{connection}/methods/{uid}",
                    json={},
                    headers={"Authorization": f"Bearer {account.partner.token}", **account.headers},
                )
            assert answer.status_code == 200, answer.text
        time.sleep(0.5)  # a batch leaves every tenth of a second
        assert _queue(server.url) == 30
        for pid in workers:
            os.kill(pid, signal.SIGKILL)  # replaced by the supervisor; their queued calls are lost with them
        deadline = time.monotonic() + 90
        while {p for p in _children(server.process.pid) if "multiprocessing" in _cmdline(p)} & set(workers) or len(
            [p for p in _children(server.process.pid) if "multiprocessing" in _cmdline(p)]
        ) < 2:
            assert time.monotonic() < deadline, "the workers were not replaced"
            time.sleep(0.2)
        while True:
            try:
                if httpx.get(f"{server.url}/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert _queue(server.url) == 0
    finally:
        for pid in writers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
