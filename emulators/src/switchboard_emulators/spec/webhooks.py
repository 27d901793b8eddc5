"""App webhooks of the spec-driven emulator: events sent, signed the vendor's way, when records change.

A vendor config's ``webhooks`` says which collections send events, each event's shape and how the
request is signed (``config.WebhooksConfig``). Subscriptions are made as in the vendor's app
settings: ``emulator.webhooks.subscribe(url, secret)``. Each change is one POST per subscription
on the server's loop, one attempt, bounded in time; ``delivered`` keeps the outcomes for tests.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import itertools
import threading
import time
from typing import Any

import aiohttp
import orjson
from aiohttp import web

from switchboard_emulators.spec.config import WebhooksConfig
from switchboard_emulators.spec.store import Records

DELIVERY_TIMEOUT = 5.0
_HASHES = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}


class AppWebhooks:
    """The subscriptions and the deliveries a record change sets off."""

    def __init__(self, config: WebhooksConfig | None, records: Records, id_field: str) -> None:
        self._config = config
        self._id_field = id_field
        self._lock = threading.Lock()
        self._subscriptions: list[tuple[str, str]] = []
        self._counter = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.delivered: list[tuple[str, int | str]] = []  # (url, status or error)
        records.watchers.append(self._changed)

    def subscribe(self, url: str, secret: str) -> None:
        """What the partner does in the vendor's app settings: the URL, signed with ``secret``."""
        if self._config is None:
            raise ValueError("this vendor's config declares no webhooks")
        with self._lock:
            self._subscriptions.append((url, secret))

    async def start(self, app: web.Application) -> None:
        self._loop = asyncio.get_running_loop()

    async def stop(self, app: web.Application) -> None:
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()

    def _changed(self, collection: str, record: dict[str, Any], action: str) -> None:
        config = self._config
        if config is None or self._loop is None or not any(collection.endswith(c) for c in config.collections):
            return
        with self._lock:
            targets = list(self._subscriptions)
        if not targets:
            return
        values = {"action": action, "id": str(record.get(self._id_field, "")), "n": str(next(self._counter)),
                  "ms": str(int(time.time() * 1000))}  # fmt: skip
        event = {k: v.format(**values) if isinstance(v, str) else v for k, v in config.event.items()}
        body = orjson.dumps([event] if config.batch else event)
        for url, secret in targets:
            self._loop.call_soon_threadsafe(self._spawn, url, secret, body)

    def _spawn(self, url: str, secret: str, body: bytes) -> None:
        task = asyncio.get_running_loop().create_task(self._send(url, secret, body))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _headers(self, url: str, secret: str, body: bytes) -> dict[str, str]:
        config = self._config
        assert config is not None
        key = secret.encode()
        if config.scheme == "hubspot_v3":
            stamp = str(int(time.time() * 1000))
            digest = hmac.new(key, b"POST" + url.encode() + body + stamp.encode(), hashlib.sha256).digest()
            return {config.header: base64.b64encode(digest).decode(), config.timestamp_header: stamp}
        raw = hmac.new(key, body, _HASHES[config.algorithm]).digest()
        text = raw.hex() if config.encoding == "hex" else base64.b64encode(raw).decode()
        return {config.header: config.prefix + text}

    async def _send(self, url: str, secret: str, body: bytes) -> None:
        headers = {"content-type": "application/json", **self._headers(url, secret, body)}
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT))
        try:
            async with self._session.post(url, data=body, headers=headers) as answer:
                outcome: int | str = answer.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            outcome = type(exc).__name__
        self.delivered.append((url, outcome))
