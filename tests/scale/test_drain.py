"""SIGTERM with ``SWITCHBOARD_DRAIN_SECONDS``: the server keeps serving every route while readiness answers 503
``draining`` (a load balancer polling it stops sending new connections), then stops listening and stops; under
uvicorn and under Granian, whose workers hear SIGTERM through the event loop rather than a signal handler."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import SwitchboardServer
from tests.scale.conftest import started

DRAIN = 4.0


@pytest.fixture(params=["uvicorn", "granian"])
def draining_server(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    salesloft: EmulatorServer,
    postgres_url: str,
    redis_url: str,
) -> Iterator[SwitchboardServer]:
    server = started(
        tmp_path_factory.mktemp("drain"),
        {"salesloft": salesloft.url},
        postgres_url,
        redis_url,
        request.param,
        SWITCHBOARD_DRAIN_SECONDS=str(DRAIN),
    )
    yield server
    server.stop()


def _fresh(url: str, **headers: str) -> httpx.Response | str:
    """A request on a new connection (as a load balancer's): its answer, or what became of it."""
    try:
        return httpx.get(url, headers={"Connection": "close", **headers}, timeout=10)
    except httpx.ConnectError:
        return "refused"
    except httpx.TransportError as exc:
        return type(exc).__name__


def test_sigterm_drains_then_stops(draining_server: SwitchboardServer) -> None:
    server = draining_server
    partner = server.new_partner("Drain")
    auth = {"Authorization": f"Bearer {partner.token}"}
    ready = _fresh(f"{server.url}/health/ready")
    assert isinstance(ready, httpx.Response) and ready.status_code == 200, ready
    process = server.process
    assert process is not None
    process.terminate()
    signalled = time.monotonic()
    readiness: list[tuple[float, int | str]] = []
    served: list[tuple[float, int | str]] = []
    # Well inside the drain (the supervisor passes SIGTERM on within half a second): both workers still serve.
    while time.monotonic() - signalled < DRAIN - 1.5:
        answer = _fresh(f"{server.url}/health/ready")
        readiness.append(
            (time.monotonic() - signalled, answer.status_code if isinstance(answer, httpx.Response) else answer)
        )
        if isinstance(answer, httpx.Response) and answer.status_code == 503:
            assert answer.json()["Status"] == "draining"
            assert int(answer.headers["Retry-After"]) >= 1
        call = _fresh(f"{server.url}/v1.0/accounts", **auth)
        served.append((time.monotonic() - signalled, call.status_code if isinstance(call, httpx.Response) else call))
        time.sleep(0.1)
    assert process.poll() is None, "stopped before its drain period"
    assert all(status == 200 for _, status in served), served  # every route answered while draining
    # Readiness says draining once the workers heard (within a second), on whichever worker answers.
    late = [status for at, status in readiness if at > 1.0]
    assert late and all(status == 503 for status in late), readiness
    process.wait(timeout=DRAIN + 20)
    stopped = time.monotonic() - signalled
    assert stopped >= DRAIN, stopped  # not before the drain period was up
    assert _fresh(f"{server.url}/health") == "refused"  # and then it stopped listening
