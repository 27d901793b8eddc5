"""Process plumbing for the benchmarks: emulator, Switchboard and the partner set-up."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml
from aiohttp import web
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.harness import free_port  # noqa: E402


def status_mb(pid: int, key: str) -> float:
    """A memory figure of ``/proc/PID/status`` (``VmRSS``, ``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for process {pid}")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (not its children), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pin(pid: int, cpus: set[int]) -> None:
    """Keep every thread of ``pid`` and of its child processes on ``cpus``."""
    for task in Path(f"/proc/{pid}/task").iterdir():
        os.sched_setaffinity(int(task.name), cpus)
        children = task / "children"
        for child in children.read_text().split() if children.exists() else []:
            pin(int(child), cpus)


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its living descendants (the server and its helper processes)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            parents.setdefault(parent, []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        one = todo.pop()
        try:
            total += process_cpu_seconds(one)
        except OSError:
            continue
        todo.extend(parents.get(one, []))
    return total


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (``/proc/stat``: everything but idle and iowait)."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


@dataclass
class Emulator:
    url: str
    api_key: str
    person_id: int
    process: subprocess.Popen[bytes]


@contextmanager
def emulator(
    accounts: int = 0, people: int = 10, *, latency_ms: float = 0.0, cached: bool = False
) -> Iterator[Emulator]:
    """The Salesloft emulator in a process of its own (``bench/_emulator.py``: latency, a cached upstream)."""
    args = [str(accounts), str(people), str(latency_ms), *(["cached"] if cached else [])]
    process = subprocess.Popen([sys.executable, str(ROOT / "bench/_emulator.py"), *args], stdout=subprocess.PIPE)
    assert process.stdout is not None
    info = json.loads(process.stdout.readline())
    try:
        yield Emulator(info["url"], info["api_key"], info["person_id"], process)
    finally:
        process.terminate()
        process.wait(10)


def unlimited_connector(folder: Path) -> Path:
    """The Salesloft definition as ``salesloft_bench`` with a limit that never makes a call wait: the
    limiter does all its work (so its cost is measured) but pacing never enters the figures; and
    as ``salesloft_cursor_bench``, paged as a cursor API."""
    definition = yaml.safe_load((ROOT / "src/switchboard/connectors/salesloft/connector.yaml").read_text())
    never_waits = [{"name": "bench", "limit": 1_000_000_000, "per": "60s", "scope": "account_connector"}]
    definition.update(key="salesloft_bench", name="Salesloft (bench)", rate_limits=never_waits)
    target = folder / "salesloft_bench"
    target.mkdir(parents=True)
    (target / "connector.yaml").write_text(yaml.safe_dump(definition))
    # The same API read as a cursor API (the next page number as an opaque cursor): one page at a time.
    cursor = {"type": "cursor", "cursor_param": "page", "size_param": "per_page", "size": 100, "records": "data",
              "next": "metadata.paging.next_page"}  # fmt: skip
    definition.update(key="salesloft_cursor_bench", name="Salesloft (cursor bench)", pagination=cursor)
    target = folder / "salesloft_cursor_bench"
    target.mkdir(parents=True)
    (target / "connector.yaml").write_text(yaml.safe_dump(definition))
    return folder


@dataclass
class Switchboard:
    url: str
    token: str
    account: str
    connection: int
    process: subprocess.Popen[bytes]
    data_dir: Path

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "X-Cyclr-Account": self.account}


@contextmanager
def switchboard(upstream: str, api_key: str, *, workers: int = 1, env: dict[str, str] | None = None,
                key: str = "salesloft_bench", server: str = "uvicorn") -> Iterator[Switchboard]:  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        port = free_port()
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        environment.update(
            SWITCHBOARD_DATA_DIR=str(data),
            SWITCHBOARD_SECRET_KEY=Fernet.generate_key().decode(),
            SWITCHBOARD_CONNECTOR_DIRS=json.dumps([str(unlimited_connector(data / "connectors"))]),
            SWITCHBOARD_LOG_LEVEL="WARNING",
            SWITCHBOARD_PUBLIC_URL=f"http://127.0.0.1:{port}",
            SWITCHBOARD_UPSTREAM_SALESLOFT_CURSOR_BENCH=upstream,
        )
        environment[f"SWITCHBOARD_UPSTREAM_{key.upper()}"] = upstream  # the key may be the cursor bench's own
        environment.update(env or {})  # may set what the defaults above set (SWITCHBOARD_LOG_LEVEL)
        creds = json.loads(
            subprocess.run(
                [sys.executable, "-m", "switchboard", "partner", "create", "--name", "bench", "--json"],
                env=environment, capture_output=True, check=True,
            ).stdout
        )  # fmt: skip
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "switchboard",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--server",
                server,
            ],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=(data / "server.log").open("wb"),
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url, data / "server.log")
            token = httpx.post(f"{url}/oauth/token", data={"grant_type": "client_credentials", **creds}).json()[
                "access_token"
            ]
            auth = {"Authorization": f"Bearer {token}"}
            httpx.post(f"{url}/v1.0/accounts", json={"Id": "bench", "Name": "bench"}, headers=auth).raise_for_status()
            name = "Salesloft (bench)" if key == "salesloft_bench" else "Salesloft"
            listing = httpx.get(f"{url}/v1.0/connectors", headers=auth, params={"pageSize": 1000}).json()
            connector = next(c["Id"] for c in listing if c["Name"] == name)
            installed = httpx.post(
                f"{url}/v1.0/connectors/{connector}/install",
                json={"AuthValue": api_key},
                headers={**auth, "X-Cyclr-Account": "bench"},
            ).json()
            yield Switchboard(url, token, "bench", installed["Id"], process, data)
        finally:
            process.terminate()
            process.wait(15)


def method_uid(sb: Switchboard, name: str) -> str:
    auth = {"Authorization": f"Bearer {sb.token}"}
    listing = httpx.get(f"{sb.url}/v1.0/account/connectors/{sb.connection}", headers=sb.headers()).json()
    methods = httpx.get(
        f"{sb.url}/v1.0/connectors/{listing['Connector']['Id']}/methods", headers=auth, params={"pageSize": 1000}
    ).json()
    return next(m["MethodUniqueIdentifier"] for m in methods if m["Name"] == name)


def _wait(url: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + 90  # a busy machine's first start compiles and migrates slowly
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:] if log is not None and log.exists() else ""
    raise RuntimeError(f"switchboard did not start within 90 s\n{tail}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(latencies: list[float], elapsed: float) -> dict[str, Any]:
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
    }


async def receiver(handler: Any) -> tuple[web.AppRunner, int]:
    """The partner's webhook receiver: ``handler`` at ``POST /hook`` on a free loopback port; clean up the runner."""
    app = web.Application()
    app.router.add_post("/hook", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
