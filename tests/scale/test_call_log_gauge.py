"""``switchboard_call_log_queue`` with several workers: it rises while the call log writers are stuck, and a
worker that died and was replaced leaves none of its gauges in the sum."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import httpx

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


def _workers(pid: int) -> list[int]:
    """The server's worker processes (uvicorn's supervisor starts them through multiprocessing)."""
    return [p for p in _children(pid) if "multiprocessing" in _cmdline(p)]


def _queue(url: str) -> float:
    text = httpx.get(f"{url}/metrics").text
    line = next(line for line in text.splitlines() if line.startswith("switchboard_call_log_queue "))
    return float(line.split()[1])


def test_the_queue_gauge_follows_stuck_writers_and_forgets_dead_workers(
    own_server: SwitchboardServer, salesloft_api_key: str
) -> None:
    assert own_server.process is not None
    deadline = time.monotonic() + 60
    while len(workers := _workers(own_server.process.pid)) < 2:
        assert time.monotonic() < deadline, "two workers did not start"
        time.sleep(0.2)
    writers: list[int] = []
    while len(writers) < 2 and time.monotonic() < deadline:
        writers = [c for w in workers for c in _children(w) if "calllog_child" in _cmdline(c)]
        time.sleep(0.2)
    assert len(writers) == 2
    account = own_server.new_partner("Queue gauge").new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    uid = account.methods("salesloft")["List accounts (DDL)"]["MethodUniqueIdentifier"]
    for pid in writers:
        os.kill(pid, signal.SIGSTOP)  # stuck writers: nothing is written, nothing acknowledged
    try:
        for _ in range(30):
            with httpx.Client(base_url=own_server.url, timeout=30) as fresh:  # a connection each: both workers serve
                answer = fresh.post(
                    f"/v1.0/account/connectors/{connection}/methods/{uid}",
                    json={},
                    headers={"Authorization": f"Bearer {account.partner.token}", **account.headers},
                )
            assert answer.status_code == 200, answer.text
        time.sleep(0.5)  # a batch leaves every tenth of a second
        assert _queue(own_server.url) == 30
        for pid in workers:
            os.kill(pid, signal.SIGKILL)  # replaced by the supervisor; their queued calls are lost with them
        deadline = time.monotonic() + 90
        while set(now := _workers(own_server.process.pid)) & set(workers) or len(now) < 2:
            assert time.monotonic() < deadline, "the workers were not replaced"
            time.sleep(0.2)
        while True:
            try:
                if httpx.get(f"{own_server.url}/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert _queue(own_server.url) == 0
    finally:
        for pid in writers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
