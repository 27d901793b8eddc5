"""Issue 4: achieved request rate against Constant Contact's allowed 4/s over a 30 s burst, the 429s
seen, and the added latency of a call that needs an OAuth refresh.

The emulators run in this process (they see every request and count 429s); Switchboard runs in
its own process with the real connector definitions, rate limits included.

    .venv/bin/python -m bench.pacing
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import machine
from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import SwitchboardServer, server_env
from tests.integration.test_constant_contact import connect as connect_constant_contact
from tests.integration.test_oauth import connect as connect_salesloft


async def burst(url: str, headers: dict[str, str], count: int) -> list[float]:
    """Send ``count`` calls at once; the completion time of each, from the start."""
    started = time.monotonic()
    done: list[float] = []
    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=count)) as client:

        async def one() -> None:
            response = await client.post(url, json={}, headers=headers)
            assert response.status_code == 200, response.text
            done.append(time.monotonic() - started)

        await asyncio.gather(*(one() for _ in range(count)))
    return sorted(done)


def main() -> None:
    cc_emulator, sl_emulator = ConstantContactEmulator(), SalesloftEmulator()
    with EmulatorServer(cc_emulator) as cc, EmulatorServer(sl_emulator) as sl, tempfile.TemporaryDirectory() as tmp:
        env = server_env(Path(tmp), {"constant_contact": cc.url, "salesloft": sl.url}, SWITCHBOARD_LOG_LEVEL="WARNING")
        env["SWITCHBOARD_MAX_RATE_LIMIT_WAIT"] = "60"
        server = SwitchboardServer(Path(tmp), env).start()
        try:
            print(f"machine: {machine()}")
            account, connection = connect_constant_contact(server.new_partner("bench"), cc_emulator)
            uid = account.methods("constant_contact")["Get account summary"]["MethodUniqueIdentifier"]
            url = f"{server.url}/v1.0/account/connectors/{connection}/methods/{uid}"
            headers = {"Authorization": f"Bearer {account.partner.token}", **account.headers}
            time.sleep(1.1)
            throttled = cc_emulator.throttled_count
            done = asyncio.run(burst(url, headers, 130))
            steady = [t for t in done if 5 <= t < 25]
            rate = len(steady) / 20
            refused = cc_emulator.throttled_count - throttled
            print(f"burst: {len(done)} calls in {done[-1]:.2f} s; steady state (5-25 s): {rate:.2f}/s "
                  f"= {rate / 4:.3f}x the allowed 4/s; 429s from the provider: {refused}")  # fmt: skip

            partner = server.new_partner("refresh")
            partner.http.put(
                f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
                json={"ClientId": sl_emulator.client_id, "ClientSecret": sl_emulator.client_secret},
            ).raise_for_status()
            account = partner.new_account()
            connection = connect_salesloft(account)
            list_accounts = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
            call = f"/v1.0/account/connectors/{connection}/methods/{list_accounts}/body"
            body = {"Parameters": {"page": 1, "per_page": 1}}
            plain, refreshed = [], []
            for _ in range(40):
                started = time.perf_counter()
                assert account.post(call, json=body).status_code == 200
                plain.append(time.perf_counter() - started)
                sl_emulator.expire_access_tokens()  # the next call meets a 401, refreshes once, retries
                started = time.perf_counter()
                assert account.post(call, json=body).status_code == 200
                refreshed.append(time.perf_counter() - started)
            p50, r50 = statistics.median(plain) * 1000, statistics.median(refreshed) * 1000
            print(f"call without refresh p50 {p50:.2f} ms; call that refreshes after a 401 p50 {r50:.2f} ms "
                  f"(+{r50 - p50:.2f} ms: the 401, the token request, the retry)")  # fmt: skip
        finally:
            server.stop()


if __name__ == "__main__":
    main()
