"""Webhook subscriptions: ``/v2/webhook_subscriptions`` and signed deliveries when people change.

As developers.salesloft.com describes them: a subscription has a ``callback_url``, a
``callback_token`` and an ``event_type``; each event is POSTed to the URL with the record as the
body, ``x-salesloft-event`` naming the event and ``x-salesloft-signature`` the hex HMAC-SHA1 of
the body keyed with the ``callback_token``. Deliveries run on the server's loop, one attempt each,
bounded in time; ``delivered`` keeps what was sent and how it was answered, for tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import orjson
from aiohttp import web

from switchboard_emulators.salesloft.rendering import render
from switchboard_emulators.salesloft.responses import json_response, not_found, required
from switchboard_emulators.salesloft.state import Record, Store

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Params = Callable[[web.Request], Awaitable[dict[str, Any]]]

# Which store writes are which Salesloft events.
EVENTS = {("people", True): "person_created", ("people", False): "person_updated"}
DELIVERY_TIMEOUT = 5.0
MAX_SUBSCRIPTIONS = 100


class WebhookSubscriptions:
    """The subscriptions, and the deliveries a store write sets off."""

    def __init__(self, store: Store, user_guid: Callable[[], str]) -> None:
        self._store = store
        self._user_guid = user_guid
        self._lock = threading.Lock()
        self._subscriptions: dict[int, Record] = {}
        self._next_id = 1
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.delivered: list[tuple[str, str, int | str]] = []  # (url, event, status or error)
        store.watchers.append(self._changed)

    # -- endpoints ---------------------------------------------------------------------------

    def routes(self, read_params: Params) -> list[tuple[str, str, Handler]]:
        async def create(request: web.Request) -> web.Response:
            params = await read_params(request)
            missing = [k for k in ("callback_url", "callback_token", "event_type") if not params.get(k)]
            if missing:
                raise required(*missing)
            with self._lock:
                if len(self._subscriptions) >= MAX_SUBSCRIPTIONS:
                    raise required("capacity")
                record = {
                    "id": self._next_id,
                    "callback_url": str(params["callback_url"]),
                    "callback_token": str(params["callback_token"]),
                    "event_type": str(params["event_type"]),
                    "enabled": True,
                    "tenant_id": 1,
                    "user_guid": self._user_guid(),
                }
                self._subscriptions[self._next_id] = record
                self._next_id += 1
            return json_response(record)

        async def listing(request: web.Request) -> web.Response:
            with self._lock:
                return json_response(list(self._subscriptions.values()))

        async def fetch(request: web.Request) -> web.Response:
            return json_response(self._get(request))

        async def update(request: web.Request) -> web.Response:
            params = await read_params(request)
            record = self._get(request)
            if "enabled" in params:
                record = {**record, "enabled": str(params["enabled"]).lower() in ("true", "1")}
                with self._lock:
                    self._subscriptions[record["id"]] = record
            return json_response(record)

        async def delete(request: web.Request) -> web.Response:
            with self._lock:
                self._subscriptions.pop(_id(request), None)
            return web.Response(status=204)

        path = "/v2/webhook_subscriptions"
        one = path + "/{id:[^/.]+}"
        return [("POST", path, create), ("GET", path, listing), ("GET", one, fetch), ("PUT", one, update),
                ("DELETE", one, delete)]  # fmt: skip

    def _get(self, request: web.Request) -> Record:
        with self._lock:
            record = self._subscriptions.get(_id(request))
        if record is None:
            raise not_found()
        return record

    # -- deliveries --------------------------------------------------------------------------

    async def start(self, app: web.Application) -> None:
        self._loop = asyncio.get_running_loop()

    async def stop(self, app: web.Application) -> None:
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()

    def _changed(self, resource: str, record: Record, created: bool) -> None:
        """A store write (under the store's lock, on any thread): queue the events it sets off."""
        event = EVENTS.get((resource, created))
        if event is None or self._loop is None:
            return
        with self._lock:
            targets = [s for s in self._subscriptions.values() if s["enabled"] and s["event_type"] == event]
        if not targets:
            return
        body = orjson.dumps(render(resource, record, self._store))
        for subscription in targets:
            self._loop.call_soon_threadsafe(self._spawn, subscription, event, body)

    def _spawn(self, subscription: Record, event: str, body: bytes) -> None:
        task = asyncio.get_running_loop().create_task(self._send(subscription, event, body))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, subscription: Record, event: str, body: bytes) -> None:
        token = str(subscription["callback_token"]).encode()
        headers = {
            "content-type": "application/json",
            "x-salesloft-event": event,
            "x-salesloft-signature": hmac.new(token, body, hashlib.sha1).hexdigest(),
        }
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT))
        url = str(subscription["callback_url"])
        try:
            async with self._session.post(url, data=body, headers=headers) as answer:
                outcome: int | str = answer.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            outcome = type(exc).__name__
        self.delivered.append((url, event, outcome))


def _id(request: web.Request) -> int:
    try:
        return int(request.match_info["id"])
    except ValueError:
        raise not_found() from None
