"""Issue 12: a method call as a tool (REST tool call, MCP tools/call) vs the same call through the REST API.

Three processes: the Salesloft emulator, Switchboard (one worker), and this load generator.
Concurrency 1 and a short run: the figure is the added latency per call, not throughput.

    .venv/bin/python -m bench.tool_overhead [--requests 300]
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

from bench.common import emulator, machine, method_uid, summary, switchboard

Send = Callable[[], Awaitable[None]]


async def timed(send: Send, total: int) -> dict[str, float]:
    for _ in range(min(50, total)):  # warm up connections and caches
        await send()
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(total):
        begun = time.perf_counter()
        await send()
        latencies.append(time.perf_counter() - begun)
    return summary(latencies, time.perf_counter() - started)


async def run(total: int) -> None:
    with emulator() as emu, switchboard(emu.url, emu.api_key) as sb:
        uid = method_uid(sb, "Get person")
        base = f"/v1.0/account/connectors/{sb.connection}"
        arguments = {"person_id": emu.person_id}
        async with (
            httpx.AsyncClient(base_url=sb.url, headers=sb.headers()) as http,
            httpx2.AsyncClient(headers=sb.headers()) as mcp_http,
            Client(streamable_http_client(f"{sb.url}/mcp", http_client=mcp_http)) as session,
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

            paths: dict[str, Send] = {"REST method call": rest, "REST tool call": rest_tool, "MCP tools/call": mcp_tool}
            print(f"machine: {machine()}")
            print(f"{'path':>22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
            results = {}
            for label, send in paths.items():
                results[label] = r = await timed(send, total)
                print(f"{label:>22} {r['rps']:>8.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f}")
            base_p50 = results["REST method call"]["p50_ms"]
            for label in ("REST tool call", "MCP tools/call"):
                print(f"{label:>22} added p50 {results[label]['p50_ms'] - base_p50:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    asyncio.run(run(parser.parse_args().requests))


if __name__ == "__main__":
    main()
