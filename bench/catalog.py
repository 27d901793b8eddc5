"""Issue 23 point 4: a catalogue of fifty connectors and tens of thousands of methods stays light.

Two libraries, each served by one worker in a fresh data folder and a fresh cache folder:
``shipped`` (the connectors in src/switchboard/connectors) and ``fifty`` (those plus copies of
them, each copy with its methods repeated, to about fifty connectors and 20,000+ methods, given
as ``connector_dirs``). For each: the first start (it compiles every file into the cache), then
``--repeats`` cold starts (a new process, the compiled cache present): the time from spawning
the process to the first ``/health`` answer, the resident memory (VmRSS) when idle after that,
and the latency of ``GET /v1.0/connectors`` (every connector on one page) and of
``GET /v1.0/connectors/{id}/methods`` for the connector with the most methods (the first call,
which validates its methods, then the median of the next ones).

    .venv/bin/python -m bench.catalog [--repeats 3] [--requests 50] [--copies 36] [--short] [--no-bytecode]

The modules are compiled to bytecode first, as an installed deployment has them (the image's
install compiles them; it runs with PYTHONDONTWRITEBYTECODE=1, as this machine does, so without
that every start compiles every module again): ``--no-bytecode`` measures that case instead.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import yaml
from cryptography.fernet import Fernet

from bench.common import ROOT, free_port, machine, status_mb

SHIPPED = ROOT / "src/switchboard/connectors"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def synthetic_library(folder: Path, copies: int, repeat: int) -> tuple[int, int]:
    """``copies`` connectors copied from the shipped ones, each method repeated ``repeat`` times; the counts."""
    shipped = sorted(SHIPPED.glob("*/connector.yaml"))
    sources = [yaml.load(path.read_bytes(), Loader=_LOADER) for path in shipped]  # noqa: S506 - a safe loader
    methods = 0
    for number in range(1, copies + 1):
        source = sources[(number - 1) % len(sources)]
        copy = dict(source, key=f"{source['key']}_copy{number}", name=f"{source['name']} (copy {number})")
        copy["methods"] = [
            dict(m, name=f"{m['name']} #{n}", unique_id=str(uuid.uuid5(uuid.UUID(str(m["unique_id"])), str(n))))
            if n
            else m
            for n in range(repeat)
            for m in source["methods"]
        ]
        methods += len(copy["methods"])
        target = folder / copy["key"]
        target.mkdir(parents=True)
        # JSON is YAML: quicker to write and to read the first time.
        (target / "connector.yaml").write_bytes(orjson.dumps(copy))
    return copies, methods


@dataclass
class Start:
    seconds: float
    rss_mb: float
    process: subprocess.Popen[bytes]
    url: str


def rss_mb(pid: int) -> float:
    return status_mb(pid, "VmRSS")


def start(environment: dict[str, str], port: int, log: Path) -> Start:
    """Spawn ``switchboard serve`` (one worker) and wait for its first /health answer."""
    url = f"http://127.0.0.1:{port}"
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "switchboard", "serve", "--port", str(port), "--workers", "1"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"switchboard exited with {process.returncode}; see {log}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                seconds = time.perf_counter() - began
                time.sleep(1.0)  # idle: let the start's last work settle
                return Start(seconds, rss_mb(process.pid), process, url)
        except httpx.TransportError:
            time.sleep(0.02)
    process.terminate()
    raise RuntimeError("switchboard did not answer /health within 300 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(30)


def timed(client: httpx.Client, path: str, params: dict[str, Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    answer = client.get(path, params=params)
    seconds = time.perf_counter() - began
    answer.raise_for_status()
    return seconds, answer.json()


def measure(url: str, creds: dict[str, str], requests: int) -> dict[str, float]:
    token = httpx.post(f"{url}/oauth/token", data={"grant_type": "client_credentials", **creds}).json()
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token['access_token']}"}) as client:
        listing: list[dict[str, Any]] = []
        connector_times = []
        for _ in range(requests):
            seconds, listing = timed(client, "/v1.0/connectors", {"pageSize": 1000})
            connector_times.append(seconds)
        biggest = max(listing, key=lambda c: c["MethodCount"])
        path = f"/v1.0/connectors/{biggest['Id']}/methods"
        first, methods = timed(client, path, {"pageSize": 1000})
        assert len(methods) == min(biggest["MethodCount"], 1000), (len(methods), biggest["MethodCount"])
        method_times = [timed(client, path, {"pageSize": 1000})[0] for _ in range(requests)]
    return {
        "connectors": len(listing),
        "methods": sum(c["MethodCount"] for c in listing),
        "biggest": biggest["MethodCount"],
        "list_connectors_ms": statistics.median(connector_times) * 1000,
        "list_methods_first_ms": first * 1000,
        "list_methods_ms": statistics.median(method_times) * 1000,
    }


def run(name: str, extra: Path | None, repeats: int, requests: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        environment.update(
            XDG_CACHE_HOME=str(data / "cache"),  # a cache of its own: the first start compiles
            SWITCHBOARD_DATA_DIR=str(data),
            SWITCHBOARD_SECRET_KEY=Fernet.generate_key().decode(),
            SWITCHBOARD_LOG_LEVEL="WARNING",
            SWITCHBOARD_CONNECTOR_DIRS=json.dumps([str(extra)] if extra else []),
        )
        created = subprocess.run(
            [sys.executable, "-m", "switchboard", "partner", "create", "--name", "bench", "--json"],
            env=environment,
            capture_output=True,
            check=True,
        )
        creds = json.loads(created.stdout)
        rows = []
        for attempt in range(repeats + 1):
            port = free_port()
            environment["SWITCHBOARD_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
            started = start(environment, port, data / "server.log")
            try:
                figures = measure(started.url, creds, requests) if attempt else {}
                rows.append(
                    {"library": name, "start": "first (compiles)" if attempt == 0 else "cold"}
                    | {"start_s": started.seconds, "idle_rss_mb": started.rss_mb}
                    | figures
                    | {"rss_after_mb": rss_mb(started.process.pid)}
                )
            finally:
                stop(started.process)
        return rows


def bytecode(*, compiled: bool) -> None:
    """Every module of the venv and of the project compiled, or every compiled module removed."""
    folders = [Path(sys.prefix), ROOT / "src", ROOT / "emulators/src"]
    if compiled:
        for folder in folders:
            subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(folder)], check=False,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        return
    for folder in folders:
        for cache in folder.rglob("__pycache__"):
            for file in cache.glob("*.pyc"):
                file.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="cold starts per library")
    parser.add_argument("--requests", type=int, default=50, help="list requests per figure")
    parser.add_argument("--copies", type=int, default=36, help="connectors copied for the large library")
    parser.add_argument("--repeat-methods", type=int, default=4, help="each copy's methods, this many times")
    parser.add_argument("--short", action="store_true", help="a quick check that the bench runs")
    parser.add_argument("--no-bytecode", action="store_true", help="start without compiled modules")
    args = parser.parse_args()
    bytecode(compiled=not args.no_bytecode)
    if args.short:
        args.repeats, args.requests, args.copies, args.repeat_methods = 1, 3, 3, 2
    print(f"# catalog bench: {machine()}, load {os.getloadavg()[0]:.2f}, modules compiled: {not args.no_bytecode}")
    rows = run("shipped", None, args.repeats, args.requests)
    with tempfile.TemporaryDirectory() as tmp:
        copies, methods = synthetic_library(Path(tmp), args.copies, args.repeat_methods)
        print(f"# large library: shipped + {copies} copies ({methods} methods in the copies)")
        rows += run("fifty", Path(tmp), args.repeats, args.requests)
    columns = ["library", "start", "start_s", "idle_rss_mb", "rss_after_mb", "connectors", "methods", "biggest"]
    columns += ["list_connectors_ms", "list_methods_first_ms", "list_methods_ms"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [f"{row[c]:.2f}" if isinstance(row.get(c), float) else str(row.get(c, "")) for c in columns]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
