"""Webhook receivers on loopback, private or link-local addresses are refused unless the operator opens them.

A server with the default (no ``SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS``): a URL naming such an address
is refused at registration; a name that resolves only to one (``localhost``) is registered but
every delivery to it fails with the reason, and nothing reaches the receiver listening there.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Partner, SwitchboardServer, server_env
from tests.webhook_receiver import Receiver

REFUSED = "a loopback, private or link-local address"


@pytest.fixture(scope="module")
def closed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("targets")
    env = server_env(data_dir, {}, SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS="", SWITCHBOARD_WEBHOOK_POLL_SECONDS="0.1",
                     SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE="[60]")  # fmt: skip
    server = SwitchboardServer(data_dir, env).start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/hooks", "http://10.1.2.3/hooks", "http://169.254.169.254/latest/meta-data",
     "http://[::1]/hooks", "http://[::ffff:192.168.0.10]/hooks", "http://100.64.0.1/hooks", "http://0.0.0.0/",
     # Numeric spellings inet_aton (and so getaddrinfo) reads as loopback, private or link-local (N10).
     "http://127.1/hooks", "http://0177.0.0.1/hooks", "http://2130706433/hooks", "http://0x7f.1/hooks",
     "http://0x7F000001:8080/hooks", "http://127.0.0.1./hooks", "http://10.1/hooks", "http://0251.0376.0251.0376/",
     "http://0/hooks",
     # Fullwidth or circled digits and dots, which yarl (and so aiohttp) reads as the address itself: no name,
     # so no resolver is asked at delivery.
     "http://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff12:9999/x",  # 127.0.0.2, fullwidth
     "http://\u2460\u2461\u2466.0.0.\u2461:9999/",  # 127.0.0.2, circled digits
     "http://\u2460\u2465\u2468.\u2461\u2464\u2463.\u2460\u2465\u2468.\u2461\u2464\u2463/latest/meta-data",
     "http://\uff11\uff10\uff0e\uff10\uff0e\uff10\uff0e\uff11/"],  # 10.0.0.1
)  # fmt: skip
def test_a_url_naming_a_closed_address_is_refused(closed: SwitchboardServer, url: str) -> None:
    partner = closed.new_partner("Inward")
    created = partner.http.post("/v1.0/webhooks", json={"Url": url})
    assert created.status_code == 400, created.text
    assert REFUSED in created.json()["Message"]
    assert partner.http.get("/v1.0/webhooks").json() == []
    public = partner.http.post("/v1.0/webhooks", json={"Url": "https://hooks.partner.example/switchboard"})
    assert public.status_code == 201, public.text
    moved = partner.http.put(f"/v1.0/webhooks/{public.json()['Id']}", json={"Url": url})
    assert moved.status_code == 400 and REFUSED in moved.json()["Message"]


def test_a_name_resolving_inward_is_not_delivered_to(closed: SwitchboardServer, receiver: Receiver) -> None:
    partner = closed.new_partner("Rebind")
    url = receiver.url("inward").replace("127.0.0.1", "localhost")
    created = partner.http.post("/v1.0/webhooks", json={"Url": url})
    assert created.status_code == 201, created.text  # a name: its addresses are checked at each delivery
    webhook = created.json()["Id"]
    assert partner.http.post(f"/v1.0/webhooks/{webhook}/test").status_code == 202
    attempts = _attempts(partner, webhook)
    assert attempts[0]["StatusCode"] is None and REFUSED in attempts[0]["Error"]
    assert receiver.events("inward") == []


def _attempts(partner: Partner, webhook: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        deliveries = partner.http.get(f"/v1.0/webhooks/{webhook}/deliveries").json()["Deliveries"]
        if deliveries and deliveries[0]["Attempts"]:
            attempts: list[dict[str, Any]] = deliveries[0]["Attempts"]
            return attempts
        time.sleep(0.1)
    raise AssertionError("no delivery attempt within 10 s")
