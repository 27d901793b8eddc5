"""A server with several workers stopped with SIGTERM while callers keep coming: requests are answered or refused,
never taken and dropped without an answer (which a caller or a load balancer cannot tell from a call lost midway)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from tests.harness import SwitchboardServer


def _fresh_request(url: str) -> str:
    try:
        return str(httpx.get(f"{url}/health", headers={"Connection": "close"}, timeout=20).status_code)
    except httpx.ConnectError:
        return "refused"
    except httpx.TransportError as exc:
        return type(exc).__name__


def test_new_connections_are_refused_while_calls_in_flight_finish(
    own_server: SwitchboardServer, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    """While a slow call finishes, the stopping server refuses new connections at once (a load balancer sends
    them elsewhere); before, they were taken into the listening socket the parent kept open, left unanswered,
    and reset when the last call had finished."""
    account = own_server.new_partner("Graceful stop").new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    uid = account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    body = {"RequestBody": '{"email_address": "slow-stop@example.com"}'}
    process = own_server.process
    assert process is not None
    salesloft.emulator.faults.arm(Fault("slow", path_prefix="/v2/people", method="POST", delay=4, times=1))
    try:
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(account.post, f"/v1.0/account/connectors/{connection}/methods/{uid}/body", json=body)
            time.sleep(1.5)  # the call is at Salesloft
            process.terminate()
            time.sleep(1.5)  # the workers have stopped accepting; the slow call holds its worker's shutdown
            started = time.monotonic()
            late = [_fresh_request(own_server.url) for _ in range(5)]
            waited = time.monotonic() - started
            answer = slow.result(timeout=60)
    finally:
        salesloft.emulator.faults.clear()
    assert answer.status_code == 200, answer.text  # the call in flight is answered
    assert late == ["refused"] * 5
    assert waited < 1.0  # refused at once, not held until the server had finished


def _keep_calling(url: str, outcomes: Counter[str]) -> None:
    """Requests on one keep-alive connection until the server closes it: cleanly (an answer saying
    ``Connection: close``) or not (the connection cut under a request, or gone before the next one)."""
    with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=1)) as client:
        while True:
            try:
                answer = client.get(f"{url}/health")
            except httpx.ConnectError:
                outcomes["closed without a word"] += 1  # the connection went; a new one was refused
                return
            except httpx.TransportError as exc:
                outcomes[type(exc).__name__] += 1  # cut under the request
                return
            if answer.headers.get("connection", "").lower() == "close":
                outcomes["answered, then closed"] += 1
                return


def test_keep_alive_callers_are_answered_then_closed(own_server: SwitchboardServer) -> None:
    """A request sent on an idle keep-alive connection as the worker stops is answered, with Connection: close,
    and the connection closes after it; uvicorn closed such connections at once, under a request on its way."""
    process = own_server.process
    assert process is not None
    outcomes: Counter[str] = Counter()
    callers = [threading.Thread(target=_keep_calling, args=(own_server.url, outcomes)) for _ in range(6)]
    for caller in callers:
        caller.start()
    time.sleep(1.5)
    process.terminate()
    for caller in callers:
        caller.join(timeout=60)
    process.wait(timeout=60)
    assert outcomes == Counter({"answered, then closed": 6}), outcomes
