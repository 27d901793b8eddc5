"""Switchboard with several workers against PostgreSQL and Redis (``make test-scale``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from redis import Redis

from switchboard_emulators import EmulatorServer
from tests.backends import POSTGRES_URL, REDIS_URL, postgres_database, scale_env
from tests.harness import SwitchboardServer

WORKERS = 2


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own for this run, dropped afterwards."""
    try:
        with postgres_database("sbscale") as url:
            yield url
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(f"the scale tests need PostgreSQL at {POSTGRES_URL}: {exc}")


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        Redis.from_url(REDIS_URL).ping()
    except Exception as exc:
        pytest.fail(f"the scale tests need Redis at {REDIS_URL}: {exc}")
    return REDIS_URL


@pytest.fixture(scope="session")
def scale_server(
    tmp_path_factory: pytest.TempPathFactory,
    salesloft: EmulatorServer,
    constant_contact: EmulatorServer,
    postgres_url: str,
    redis_url: str,
) -> Iterator[SwitchboardServer]:
    upstreams = {"salesloft": salesloft.url, "constant_contact": constant_contact.url}
    server = started(tmp_path_factory.mktemp("scale"), upstreams, postgres_url, redis_url)
    yield server
    server.stop()


@pytest.fixture
def own_server(
    tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer, postgres_url: str, redis_url: str
) -> Iterator[SwitchboardServer]:
    """A scale-out server of the test's own, every worker answering: for a test that stops or breaks it."""
    server = started(tmp_path_factory.mktemp("own"), {"salesloft": salesloft.url}, postgres_url, redis_url)
    yield server
    server.stop()


def started(
    data_dir: Path, upstreams: dict[str, str], postgres_url: str, redis_url: str, server: str = "uvicorn", **extra: str
) -> SwitchboardServer:
    """A server of ``WORKERS`` workers on PostgreSQL and Redis (``server``: uvicorn or granian; ``extra``: more
    settings), once each has answered."""
    env = scale_env(data_dir, upstreams, postgres_url, redis_url, **extra)
    # Each worker is a spawned interpreter that imports and builds everything again: on the shared
    # 2-core machine two of them took 42 s to answer at a load of 9 (one process takes ~5 s), and
    # 60-80 s at a load of 15-20. Waiting for readiness longer asserts nothing less.
    running = SwitchboardServer(data_dir, env).start(
        "--workers", str(WORKERS), "--server", server, ready_within=60 * WORKERS
    )
    _wait_for_workers(running.url, within=60)
    return running


def _wait_for_workers(url: str, within: float) -> None:
    """Until every worker has answered: the first to be ready answers while the others still start
    (seconds apart on a busy machine), so this waits for a time, not for a number of requests."""
    seen: set[int] = set()
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        seen.add(httpx.get(f"{url}/health", headers={"Connection": "close"}).json()["Worker"])
        if len(seen) >= WORKERS:
            return
        time.sleep(0.05)
    raise RuntimeError(f"only workers {seen} answered within {within} s")
