"""Issue 15: a call as the user sees it, against the Python floor, in one run on one machine.

    make bench-floor        (or: .venv/bin/python -m bench.floor [--seconds 10] [--servers uvicorn,granian])

Upstream: Debian's nginx answering one static JSON document on a loopback port (config in a temp
dir). Load: wrk (C, epoll) with one thread, at concurrency 1 and 32. Paths measured, in turn:

* direct: wrk straight to nginx;
* floor: a raw-ASGI pass-through on uvicorn (httptools, uvloop) with an aiohttp client;
* switchboard/<server>: ``POST .../methods/{Get person}/body`` through ``switchboard serve --server``
  (one worker, SQLite, a custom connector whose rate limit never binds), for each server.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from bench.common import ROOT, machine, method_uid, switchboard
from tests.harness import free_port

PERSON = b'{"data":{"id":1,"first_name":"Ada","last_name":"Lovelace","email_address":"ada@example.com"}}'
NGINX = """daemon off; worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off; client_body_temp_path {tmp}/body; keepalive_requests 10000000;
  server {{ listen 127.0.0.1:{port}; location / {{ default_type application/json; return 200 '{body}'; }} }}
}}
"""


@contextmanager
def nginx() -> Iterator[tuple[str, int]]:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX.format(tmp=tmp, port=port, body=PERSON.decode()))
        process = subprocess.Popen([binary, "-c", str(conf), "-p", tmp])
        try:
            yield _ready(f"http://127.0.0.1:{port}"), process.pid
        finally:
            process.terminate()
            process.wait(10)


@contextmanager
def floor(upstream: str) -> Iterator[tuple[str, int]]:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "bench/_floor_app.py"), str(port), upstream])
    try:
        yield _ready(f"http://127.0.0.1:{port}"), process.pid
    finally:
        process.terminate()
        process.wait(10)


def _ready(url: str) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return url
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def wrk(
    url: str, connections: int, seconds: int, script: Path | None = None, pid: int | None = None
) -> dict[str, float]:
    """Requests/s, p50/p99 in ms and the server's CPU ms per request; any non-2xx answer fails the run loudly."""
    cpu_before = cpu_seconds(pid) if pid else 0.0
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw failures against {url}:\n{out}")
    latency = {q: _ms(v, unit) for q, v, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)$", out, re.M)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    cpu = (cpu_seconds(pid) - cpu_before) * 1000 / max(requests, 1) if pid else 0.0
    return {"rps": rps, "p50_ms": latency["50"], "p99_ms": latency["99"], "cpu_ms": cpu}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its children (Granian's workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def post_script(folder: Path, headers: dict[str, str], body: str) -> Path:
    lines = ['wrk.method = "POST"', f"wrk.body = '{body}'", 'wrk.headers["Content-Type"] = "application/json"']
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "post.lua"
    script.write_text("\n".join(lines) + "\n")
    return script


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--servers", default="uvicorn,granian", help="Switchboard's HTTP servers to measure")
    args = parser.parse_args()
    rows: dict[tuple[str, int], dict[str, float]] = {}
    with ExitStack() as stack:
        upstream, nginx_pid = stack.enter_context(nginx())
        floor_url, floor_pid = stack.enter_context(floor(f"{upstream}/v2/people/1"))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        targets: list[tuple[str, str, Path | None, int]] = [
            ("direct", f"{upstream}/v2/people/1", None, nginx_pid),
            ("floor", f"{floor_url}/", None, floor_pid),
        ]
        for server in args.servers.split(","):
            sb = stack.enter_context(switchboard(upstream, "bench-key", server=server))
            uid = method_uid(sb, "Get person")
            script = post_script(tmp / server, sb.headers(), '{"Mergefields":{"person_id":1}}')
            url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}/body"
            check = httpx.post(url, json={"Mergefields": {"person_id": 1}}, headers=sb.headers())
            assert check.status_code == 200 and check.json()["data"]["id"] == 1, check.text
            targets.append((f"switchboard/{server}", url, script, sb.process.pid))
        print(f"machine: {machine()}; {args.seconds:g} s per run, wrk -t1")
        print(f"{'concurrency':>11} {'path':>22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>10}")
        for connections in (1, 32):
            for name, url, script, pid in targets:
                wrk(url, connections, 1, script)  # warm up: connections, caches
                rows[name, connections] = r = wrk(url, connections, args.seconds, script, pid)
                print(
                    f"{connections:>11} {name:>22} {r['rps']:>8.0f} {r['p50_ms']:>8.3f} {r['p99_ms']:>8.3f} "
                    f"{r['cpu_ms']:>10.3f}"
                )
    print()
    for name, *_ in targets[2:]:
        throughput = rows[name, 32]["rps"] / rows["floor", 32]["rps"]
        cpu = rows[name, 32]["cpu_ms"] / rows["floor", 32]["cpu_ms"]
        print(f"{name}: CPU per request at 32 = {cpu:.2f}x the floor's (the shared-machine-proof figure)")
        added = rows[name, 1]["p50_ms"] - rows["direct", 1]["p50_ms"]
        print(f"{name}: throughput at 32 = {throughput:.2f}x the floor; added p50 at 1 = {added:+.3f} ms over direct")
    floor_added = rows["floor", 1]["p50_ms"] - rows["direct", 1]["p50_ms"]
    print(f"floor: added p50 at 1 = {floor_added:+.3f} ms over direct")


if __name__ == "__main__":
    main()
