"""Issue 22: provider webhooks into one worker at a steady rate, while method calls are timed.

Three processes: the Salesloft emulator, Switchboard (one worker, SQLite) and this script, which
sends Salesloft-signed events to the connection's hook URL at ``--rate`` per second for
``--seconds`` (each acknowledgement timed), is the partner's receiver (aiohttp, 204 at once), and
times ``Get person`` calls one after another alongside. None lost: every event sent is received.

    .venv/bin/python -m bench.hooks [--rate 500] [--seconds 30] [--calls 300]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import time

import aiohttp
import uvloop
from aiohttp import web

from bench.common import emulator, machine, method_uid, receiver, summary, switchboard
from bench.webhooks import calls


async def send(url: str, token: str, rate: int, seconds: int) -> dict[str, float]:
    """``rate`` signed events a second, each on its own task, for ``seconds``; their ack latencies."""
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=256)) as session:

        async def one(i: int) -> None:
            body = json.dumps({"id": i, "first_name": f"P{i}", "updated_at": time.time()}).encode()
            signature = hmac.new(token.encode(), body, hashlib.sha1).hexdigest()
            headers = {"content-type": "application/json", "x-salesloft-event": "person_updated",
                       "x-salesloft-signature": signature}  # fmt: skip
            t = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as answer:
                await answer.read()
                assert answer.status == 200, answer.status
            latencies.append(time.perf_counter() - t)

        started = time.perf_counter()
        tasks = []
        for i in range(rate * seconds):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
        return summary(latencies, time.perf_counter() - started)


async def run(rate: int, seconds: int, count: int) -> None:
    received: set[int] = set()
    all_in = asyncio.Event()

    async def receive(request: web.Request) -> web.Response:
        event = await request.json()
        if event["type"] == "provider.event":
            received.add(int(event["data"]["Payload"]["id"]))
            if len(received) >= rate * seconds:
                all_in.set()
        return web.Response(status=204)

    runner, port = await receiver(receive)
    env = {"SWITCHBOARD_HOOK_REQUESTS_PER_MINUTE": str(rate * 120), "SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS": "127.0.0.0/8"}

    with emulator() as emu, switchboard(emu.url, emu.api_key, env=env) as sb:
        async with aiohttp.ClientSession(headers=sb.headers()) as session:
            hook = {"Url": f"http://127.0.0.1:{port}/hook"}
            async with session.post(f"{sb.url}/v1.0/webhooks", json=hook) as answer:
                assert answer.status == 201, await answer.text()
            async with session.get(f"{sb.url}/v1.0/account/connectors/{sb.connection}") as answer:
                shown = await answer.json()
        uid = method_uid(sb, "Get person")
        url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}/body"
        body: dict[str, object] = {"Mergefields": {"person_id": emu.person_id}}
        await calls(url, body, sb.headers(), 100)  # warm up
        idle = await calls(url, body, sb.headers(), count)
        done = asyncio.Event()
        busy_task = asyncio.create_task(calls(url, body, sb.headers(), count, until=done))
        acks = await send(shown["HookUrl"], shown["HookToken"], rate, seconds)
        done.set()
        busy = await busy_task
        sent_at = time.perf_counter()
        try:
            await asyncio.wait_for(all_in.wait(), 300)
        except TimeoutError:
            print("not every event was forwarded within 300 s")
        drained = time.perf_counter() - sent_at
    await runner.cleanup()

    sent = rate * seconds
    print(f"machine: {machine()}")
    print(f"sent {sent} events at {rate}/s; acknowledged p50 {acks['p50_ms']:.2f} ms, p99 {acks['p99_ms']:.2f} ms; "
          f"forwarded {len(received)} of {sent} ({sent - len(received)} lost), "
          f"the last {drained:.1f} s after the sending ended")  # fmt: skip
    print("| calls | count | p50 ms | p99 ms | mean ms |")
    print("|---|---|---|---|---|")
    for name, figures in (("no webhooks arriving", idle), (f"{rate} webhooks/s arriving", busy)):
        print(
            f"| {name} | {figures['requests']} | {figures['p50_ms']:.2f} | {figures['p99_ms']:.2f} "
            f"| {figures['mean_ms']:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    uvloop.run(run(args.rate, args.seconds, args.calls))


if __name__ == "__main__":
    main()
