"""Issue 12: a method call as a tool (REST tool call, MCP tools/call) vs the same call through the REST API.

Four processes: the Salesloft emulator, Switchboard (one worker), a second Switchboard with the MCP
lane off (``SWITCHBOARD_MCP_TOOL_CALL_LANE=false``: every message through the SDK's own request
handling), and this load generator.
Concurrency 1 and a short run: the figure is the added latency per call, not throughput.
The paths take turns in ``--rounds`` rounds, so a shared machine's drift falls on all three
alike; the server's CPU per call (its serving process) is the figure that noise moves least.

    .venv/bin/python -m bench.tool_overhead [--requests 300] [--rounds 5] [--mode auto|legacy]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from bench.common import emulator, machine, method_uid, process_cpu_seconds, summary, switchboard

Send = Callable[[], Awaitable[None]]


async def timed(send: Send, total: int, latencies: list[float]) -> float:
    """Send ``total`` calls one after another, appending each one's latency; the seconds they took."""
    started = time.perf_counter()
    for _ in range(total):
        begun = time.perf_counter()
        await send()
        latencies.append(time.perf_counter() - begun)
    return time.perf_counter() - started


async def run(total: int, rounds: int, mode: str) -> None:
    # A second server with the MCP lane off: the same tools/call through the SDK's own request handling.
    with (
        emulator() as emu,
        switchboard(emu.url, emu.api_key) as sb,
        switchboard(emu.url, emu.api_key, env={"SWITCHBOARD_MCP_TOOL_CALL_LANE": "false"}) as sdk,
    ):
        uid = method_uid(sb, "Get person")
        base = f"/v1.0/account/connectors/{sb.connection}"
        arguments = {"person_id": emu.person_id}
        async with (
            httpx.AsyncClient(base_url=sb.url, headers=sb.headers()) as http,
            httpx2.AsyncClient(headers=sb.headers(), timeout=60) as mcp_http,
            httpx2.AsyncClient(headers=sdk.headers(), timeout=60) as sdk_http,
            Client(streamable_http_client(f"{sb.url}/mcp", http_client=mcp_http), mode=mode) as session,
            Client(streamable_http_client(f"{sdk.url}/mcp", http_client=sdk_http), mode=mode) as sdk_session,
        ):
            tools = (await http.get(f"{base}/tools", params={"format": "mcp"})).json()
            name = next(t["name"] for t in tools if t["annotations"]["title"] == "Get person")

            async def rest() -> None:
                response = await http.post(f"{base}/methods/{uid}/body", json={"Mergefields": arguments})
                assert response.status_code == 200, response.text

            async def rest_tool() -> None:
                response = await http.post(f"{base}/tools/{name}", json=arguments)
                assert response.status_code == 200, response.text

            async def mcp_tool() -> None:
                result = await session.call_tool(name, arguments)
                assert not result.is_error, result.content

            async def mcp_sdk() -> None:
                result = await sdk_session.call_tool(name, arguments)
                assert not result.is_error, result.content

            paths: dict[str, tuple[Send, int]] = {
                "REST method call": (rest, sb.process.pid),
                "REST tool call": (rest_tool, sb.process.pid),
                "MCP tools/call": (mcp_tool, sb.process.pid),
                "MCP, lane off": (mcp_sdk, sdk.process.pid),
            }
            for send, _ in paths.values():  # warm up connections and caches
                for _ in range(min(50, total)):
                    await send()
            latencies: dict[str, list[float]] = {label: [] for label in paths}
            elapsed = dict.fromkeys(paths, 0.0)
            cpu = dict.fromkeys(paths, 0.0)
            per_round = max(1, total // rounds)
            for _ in range(rounds):
                for label, (send, pid) in paths.items():
                    cpu_before = process_cpu_seconds(pid)
                    elapsed[label] += await timed(send, per_round, latencies[label])
                    cpu[label] += process_cpu_seconds(pid) - cpu_before
            print(f"machine: {machine()}")
            print(f"{'path':>22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'server CPU ms/call':>19}")
            results = {}
            for label in paths:
                results[label] = r = summary(latencies[label], elapsed[label])
                r["cpu_ms"] = cpu[label] * 1000 / len(latencies[label])
                print(f"{label:>22} {r['rps']:>8.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['cpu_ms']:>19.3f}")
            base = results["REST method call"]
            for label in ("REST tool call", "MCP tools/call", "MCP, lane off"):
                r = results[label]
                added = r["p50_ms"] - base["p50_ms"]
                print(
                    f"{label:>22} p50 {r['p50_ms'] / base['p50_ms']:.2f}x REST (+{added:.2f} ms), "
                    f"server CPU {r['cpu_ms'] / base['cpu_ms']:.2f}x"
                )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5, help="the paths take turns this many times")
    parser.add_argument(
        "--mode", choices=["auto", "legacy"], default="auto",
        help="the MCP clients' era: auto (the SDK's default, 2026 server/discover) or legacy (initialize)",
    )  # fmt: skip
    args = parser.parse_args()
    asyncio.run(run(args.requests, args.rounds, args.mode))


if __name__ == "__main__":
    main()
