"""A worker killed while a call under an Idempotency-Key is at the provider (out of memory, a host lost): the
repeat the caller sends must not reach the provider a second time."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress

import httpx

from switchboard.auth.locks import LEASE_SECONDS
from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from tests.harness import SwitchboardServer


def _workers(server: SwitchboardServer) -> list[int]:
    assert server.process is not None
    parent = str(server.process.pid)
    listed = subprocess.run(["pgrep", "-P", parent, "-f", "spawn_main"], capture_output=True, text=True, check=False)
    return [int(pid) for pid in listed.stdout.split()]


def _until_answered(url: str, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass  # no worker takes connections yet
        time.sleep(0.5)
    raise AssertionError(f"no worker answered within {within} s")


def test_a_call_whose_worker_was_killed_is_not_sent_again(
    own_server: SwitchboardServer, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    """Once the dead worker's lock lease ran out, the repeat found the key free and sent the person again:
    Salesloft answered 422 "email has already been taken" (a provider without such a check: a duplicate)."""
    account = own_server.new_partner("Killed mid-call").new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    uid = account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{connection}/methods/{uid}/body"
    body = {"RequestBody": '{"email_address": "killed-mid-call@example.com", "first_name": "Once"}'}
    headers = {"Idempotency-Key": "5b0c9f57-52a4-4c5f-8f0e-8f1b7e3f6c11"}
    salesloft.emulator.faults.arm(Fault("slow", path_prefix="/v2/people", method="POST", delay=3, times=1))
    try:
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(account.post, path, json=body, headers=headers)
            time.sleep(1.5)  # the request is at Salesloft
            for pid in _workers(own_server):
                os.kill(pid, signal.SIGKILL)
            killed_at = time.monotonic()
            with suppress(httpx.HTTPError):  # the connection died with its worker
                pending.result(timeout=30)
    finally:
        salesloft.emulator.faults.clear()
    _until_answered(own_server.url, within=120)  # uvicorn starts new workers
    time.sleep(max(0.0, LEASE_SECONDS + 1 - (time.monotonic() - killed_at)))  # the dead worker's lock has run out
    deadline = time.monotonic() + 90
    while True:  # "still in progress" (a 409 after the 10 s wait) until the dead worker's lock has run out
        again = account.post(path, json=body, headers=headers, timeout=60)
        if "still in progress" not in again.text or time.monotonic() > deadline:
            break
    assert again.status_code == 409, again.text
    assert "not sent again" in again.json()["Message"]
    assert again.json()["IdempotencyKey"] == headers["Idempotency-Key"]
