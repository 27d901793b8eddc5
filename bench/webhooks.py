"""Issue 10: webhook delivery throughput, and what 10,000 queued events add to a method call.

Three processes: the Salesloft emulator, Switchboard (one worker, SQLite), and this script,
which is also the webhook receiver (aiohttp, answering 204 at once). 10,000 events are written
straight into the outbox (as state changes would), then delivered while calls are timed.

    .venv/bin/python -m bench.webhooks [--events 10000] [--calls 500]
"""

from __future__ import annotations

import argparse
import asyncio
import time

import aiohttp
import uvloop
from aiohttp import web
from sqlalchemy import func, select

from bench.common import emulator, machine, method_uid, receiver, summary, switchboard
from switchboard.events import Outbox
from switchboard.store import Database
from switchboard.store.models import Partner, WebhookDelivery


async def calls(
    url: str, body: dict[str, object], headers: dict[str, str], count: int, until: asyncio.Event | None = None
) -> dict[str, float]:
    """``count`` calls one after another, or as many as fit until ``until`` is set."""
    latencies: list[float] = []
    async with aiohttp.ClientSession(headers=headers) as session:
        started = time.perf_counter()
        while len(latencies) < count if until is None else not until.is_set():
            t = time.perf_counter()
            async with session.post(url, json=body) as answer:
                await answer.read()
                assert answer.status == 200, answer.status
            latencies.append(time.perf_counter() - t)
        return summary(latencies, time.perf_counter() - started)


async def run(events: int, count: int) -> None:
    received = 0
    all_in = asyncio.Event()

    async def receive(request: web.Request) -> web.Response:
        nonlocal received
        await request.read()
        received += 1
        if received >= events:
            all_in.set()
        return web.Response(status=204)

    runner, port = await receiver(receive)

    with (
        emulator() as emu,
        switchboard(emu.url, emu.api_key, env={"SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS": "127.0.0.0/8"}) as sb,
    ):
        uid = method_uid(sb, "Get person")
        url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}/body"
        body = {"Mergefields": {"person_id": emu.person_id}}
        auth = {"Authorization": f"Bearer {sb.token}"}
        async with aiohttp.ClientSession(headers=auth) as session:
            hook = {"Url": f"http://127.0.0.1:{port}/hook"}
            async with session.post(f"{sb.url}/v1.0/webhooks", json=hook) as answer:
                assert answer.status == 201, await answer.text()
        await calls(url, body, sb.headers(), 100)  # warm up
        idle = await calls(url, body, sb.headers(), count)

        db = Database(f"sqlite+aiosqlite:///{sb.data_dir / 'switchboard.db'}")
        outbox = Outbox(db, lambda key: None)
        async with db.session() as session:
            partner = await session.scalar(select(Partner.id))
            assert partner is not None
            for i in range(events):
                data = {"AccountId": "bench", "AccountConnectorId": sb.connection, "Sequence": i}
                await outbox.record(session, partner, None, "webhook.test", data, i % 50)
        queued_at = time.perf_counter()
        busy = await calls(url, body, sb.headers(), count, until=all_in)  # for the whole delivery
        try:
            await asyncio.wait_for(all_in.wait(), 600)
        except TimeoutError:
            print("not every event arrived within 600 s")
        elapsed = time.perf_counter() - queued_at
        delivered = 0
        for _ in range(100):  # the last batch's outcomes are recorded just after it arrives
            async with db.session() as session:
                delivered = (
                    await session.scalar(
                        select(func.count()).select_from(WebhookDelivery).where(WebhookDelivery.status == "delivered")
                    )
                    or 0
                )
            if delivered >= events:
                break
            await asyncio.sleep(0.1)
        await db.close()
    await runner.cleanup()

    print(f"machine: {machine()}")
    print(f"delivered {received} of {events} events in {elapsed:.1f} s: {received / elapsed:.0f} events/s "
          f"(store says {delivered} delivered)")  # fmt: skip
    print("| calls | count | p50 ms | p99 ms | mean ms |")
    print("|---|---|---|---|---|")
    for name, figures in (("no events queued", idle), (f"{events} events queued, being delivered", busy)):
        print(
            f"| {name} | {figures['requests']} | {figures['p50_ms']:.2f} | {figures['p99_ms']:.2f} "
            f"| {figures['mean_ms']:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    uvloop.run(run(args.events, args.calls))


if __name__ == "__main__":
    main()
