"""Webhook delivery with several workers on PostgreSQL: every event reaches the receiver exactly once."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.harness import SwitchboardServer
from tests.webhook_receiver import Receiver

EVENTS = 300


def test_two_workers_deliver_each_event_once(scale_server: SwitchboardServer) -> None:
    receiver = Receiver().start()
    try:
        partner = scale_server.new_partner("Webhooks at scale")
        created = partner.http.post("/v1.0/webhooks", json={"Url": receiver.url("scale")})
        assert created.status_code == 201, created.text
        receiver.secrets["scale"] = created.json()["Secret"]
        webhook = created.json()["Id"]

        def queue(_: int) -> str:
            answer = partner.http.post(f"/v1.0/webhooks/{webhook}/test")
            assert answer.status_code == 202, answer.text
            return str(answer.json()["EventId"])

        with ThreadPoolExecutor(8) as pool:
            queued = set(pool.map(queue, range(EVENTS)))
        deadline = time.monotonic() + 60
        while len(receiver.events("scale")) < EVENTS and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # room for a duplicate to arrive, were there one
        ids = Counter(e.headers["webhook-id"] for e in receiver.events("scale"))
        assert set(ids) == queued
        assert [i for i, n in ids.items() if n > 1] == []
        assert all(e.verified for e in receiver.events("scale"))
        assert [status for _, status in receiver.attempts] == [200] * EVENTS
    finally:
        receiver.stop()
