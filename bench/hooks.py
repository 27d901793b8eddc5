"""Issue 22: provider webhooks into one worker at a steady rate, while method calls are timed.

Five processes, so that no stage of the bench queues behind another on one loop: the Salesloft
emulator, Switchboard (one worker, SQLite, with its events process and call log writer), the
sender (Salesloft-signed events to the connection's hook URL at ``--rate`` per second for
``--seconds``, each timed from its send to its answer), the partner's receiver (aiohttp, 204 at
once, counting event ids: none lost means every one sent arrived) and this script, which times
``Get person`` calls one after another, before and during the sending. CPU is reported for the
server's processes, the bench's and the rest of the machine over the sending window.

    .venv/bin/python -m bench.hooks [--rate 500] [--seconds 30] [--calls 300]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
import multiprocessing
import os
import time
from multiprocessing.connection import Connection
from typing import Any

import aiohttp
import uvloop
from aiohttp import web

from bench.common import (
    emulator,
    machine,
    machine_busy_seconds,
    method_uid,
    percentile,
    process_cpu_seconds,
    receiver,
    summary,
    switchboard,
    tree_cpu_seconds,
)
from bench.webhooks import calls


async def _send(url: str, token: str, rate: int, seconds: int) -> tuple[list[float], list[float]]:
    """``rate`` signed events a second, each on its own task; each one's ack latency and how late it left."""
    latencies: list[float] = []
    late: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=256)) as session:

        async def one(i: int, due: float) -> None:
            body = json.dumps({"id": i, "first_name": f"P{i}", "updated_at": time.time()}).encode()
            signature = hmac.new(token.encode(), body, hashlib.sha1).hexdigest()
            headers = {"content-type": "application/json", "x-salesloft-event": "person_updated",
                       "x-salesloft-signature": signature}  # fmt: skip
            t = time.monotonic()
            late.append(t - due)
            async with session.post(url, data=body, headers=headers) as answer:
                await answer.read()
                assert answer.status == 200, answer.status
            latencies.append(time.monotonic() - t)

        started = time.monotonic()
        tasks = []
        for i in range(rate * seconds):
            due = started + i / rate
            if due > time.monotonic():
                await asyncio.sleep(due - time.monotonic())
            tasks.append(asyncio.create_task(one(i, due)))
        await asyncio.gather(*tasks)
    return latencies, late


def sender(pipe: Connection, url: str, token: str, rate: int, seconds: int) -> None:
    """The sender's process: waits for the go, sends, answers its latencies and when it ended."""
    pipe.send("ready")  # imported: the clock may start
    pipe.recv()
    latencies, late = uvloop.run(_send(url, token, rate, seconds))
    pipe.send((latencies, late, time.monotonic()))


async def _receive(pipe: Connection, expected: int) -> None:
    received: set[int] = set()
    last = [0.0]
    all_in = asyncio.Event()

    async def receive(request: web.Request) -> web.Response:
        event = await request.json()
        if event["type"] == "provider.event":
            received.add(int(event["data"]["Payload"]["id"]))
            last[0] = time.monotonic()
            if len(received) >= expected:
                all_in.set()
        return web.Response(status=204)

    runner, port = await receiver(receive)
    pipe.send(port)
    loop = asyncio.get_running_loop()
    wait: float = await loop.run_in_executor(None, pipe.recv)  # how long to wait for the rest, once sent
    with contextlib.suppress(TimeoutError):  # then some were lost: the count says how many
        await asyncio.wait_for(all_in.wait(), wait)
    await runner.cleanup()
    pipe.send((len(received), last[0]))


def partner_receiver(pipe: Connection, expected: int) -> None:
    """The receiver's process: tells its port, then, when asked, how many arrived and when the last did."""
    uvloop.run(_receive(pipe, expected))


def _start(target: Any, *args: Any) -> tuple[multiprocessing.process.BaseProcess, Connection]:
    mine, theirs = multiprocessing.get_context("spawn").Pipe()
    process = multiprocessing.get_context("spawn").Process(target=target, args=(theirs, *args), daemon=True)
    process.start()
    return process, mine


async def run(rate: int, seconds: int, count: int) -> None:
    sent = rate * seconds
    receiving, to_receiver = _start(partner_receiver, sent)
    port = to_receiver.recv()
    env = {"SWITCHBOARD_HOOK_REQUESTS_PER_MINUTE": str(rate * 120), "SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS": "127.0.0.0/8"}
    with emulator() as emu, switchboard(emu.url, emu.api_key, env=env) as sb:
        async with aiohttp.ClientSession(headers=sb.headers()) as session:
            hook = {"Url": f"http://127.0.0.1:{port}/hook"}
            async with session.post(f"{sb.url}/v1.0/webhooks", json=hook) as answer:
                assert answer.status == 201, await answer.text()
            async with session.get(f"{sb.url}/v1.0/account/connectors/{sb.connection}") as answer:
                shown = await answer.json()
        sending, to_sender = _start(sender, shown["HookUrl"], shown["HookToken"], rate, seconds)
        to_sender.recv()  # ready
        uid = method_uid(sb, "Get person")
        url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}/body"
        body: dict[str, object] = {"Mergefields": {"person_id": emu.person_id}}
        await calls(url, body, sb.headers(), 100)  # warm up
        idle = await calls(url, body, sb.headers(), count)
        cpu = _cpu(sb.process.pid)
        to_sender.send("go")
        done = asyncio.Event()
        busy_task = asyncio.create_task(calls(url, body, sb.headers(), count, until=done))
        loop = asyncio.get_running_loop()
        latencies, late, ended = await loop.run_in_executor(None, to_sender.recv)
        done.set()
        busy = await busy_task
        used = _cpu(sb.process.pid)
        to_receiver.send(300.0)
        arrived, last = await loop.run_in_executor(None, to_receiver.recv)
    sending.join(10)
    receiving.join(10)

    acks = summary(latencies, seconds)
    wall = used["wall"] - cpu["wall"]
    server, bench, busy_all = (used[k] - cpu[k] for k in ("server", "bench", "machine"))
    print(f"machine: {machine()}")
    print(f"sent {sent} events at {rate}/s (left late: p50 {percentile(late, 0.5) * 1000:.2f} ms, "
          f"p99 {percentile(late, 0.99) * 1000:.2f} ms); acknowledged p50 {acks['p50_ms']:.2f} ms, "
          f"p99 {acks['p99_ms']:.2f} ms, max {max(latencies) * 1000:.1f} ms; forwarded {arrived} of {sent} "
          f"({sent - arrived} lost), the last {max(0.0, last - ended):.1f} s after the sending ended")  # fmt: skip
    handled, rest = sent + busy["requests"], busy_all - server - bench
    serving = used["serving"] - cpu["serving"]
    print(f"CPU while sending ({wall:.1f} s), in cores: server {server / wall:.2f} "
          f"({server * 1e6 / handled:.0f} µs a request, events and calls; its serving process "
          f"{serving / wall:.2f}), bench {bench / wall:.2f}, "
          f"rest of the machine {rest / wall:.2f} (of {os.cpu_count()})")  # fmt: skip
    print("| calls | count | p50 ms | p99 ms | mean ms |")
    print("|---|---|---|---|---|")
    for name, figures in (("no webhooks arriving", idle), (f"{rate} webhooks/s arriving", busy)):
        print(
            f"| {name} | {figures['requests']} | {figures['p50_ms']:.2f} | {figures['p99_ms']:.2f} "
            f"| {figures['mean_ms']:.2f} |"
        )


def _cpu(server: int) -> dict[str, float]:
    """CPU seconds so far: the server's processes, the bench's (this one and its other children), all."""
    mine = tree_cpu_seconds(server)
    return {"wall": time.monotonic(), "server": mine, "bench": tree_cpu_seconds(os.getpid()) - mine,
            "serving": process_cpu_seconds(server), "machine": machine_busy_seconds()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    uvloop.run(run(args.rate, args.seconds, args.calls))


if __name__ == "__main__":
    main()
