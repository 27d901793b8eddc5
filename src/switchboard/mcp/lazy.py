"""``/mcp`` with the MCP SDK loaded on its first request, not at import.

The SDK and its protocol types were about a third of the server's import time, paid at every
start whether or not an agent ever calls. The first ``/mcp`` request imports it (in a thread,
so other requests go on), and the SDK's task group is then run by a task of its own until the
app stops: a task group must be left by the task that entered it, and a request's task ends.
"""

from __future__ import annotations

import asyncio
import contextvars
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from starlette.types import Receive, Scope, Send

if TYPE_CHECKING:
    from switchboard.mcp.server import Authenticate, McpEndpoint

# The SDK's transport runs stateless with JSON answers: a GET stream would carry nothing yet stay
# open (a connection held per request, without limit), and there is no session to DELETE. The edge
# refuses every other method before the SDK sees it; the spec lets a server answer GET with 405.
METHODS = frozenset({"POST"})
REFUSAL = (
    "Method Not Allowed: /mcp answers each JSON-RPC message POSTed to it with JSON "
    "(stateless Streamable HTTP: no GET stream to open, no session to delete)"
)


class LazyMcpEndpoint:
    """The ASGI app for ``/mcp``: an ``McpEndpoint`` made on first use; ``running()`` wraps the app's lifetime."""

    def __init__(self, authenticate: Authenticate, version: str, *, max_body: int, lane: bool = True) -> None:
        self._authenticate = authenticate
        self._version = version
        self._max_body = max_body  # the server's request body limit: the SDK's too (McpEndpoint)
        self._lane = lane  # tools/call answered by mcp/lane.py (else by the SDK's own request handling)
        self._endpoint: McpEndpoint | None = None
        self._lock = asyncio.Lock()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # The lifespan's context: the SDK's task runs in it, not in the first request's (its request id).
        self._context: contextvars.Context | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self._context = contextvars.copy_context()
        try:
            yield
        finally:
            self._stopping.set()
            if self._task is not None:
                await self._task

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self._endpoint or await self._start()
        await endpoint(scope, receive, send)

    async def _start(self) -> McpEndpoint:
        async with self._lock:
            if self._endpoint is None:
                server = await asyncio.to_thread(importlib.import_module, "switchboard.mcp.server")
                endpoint: McpEndpoint = server.McpEndpoint(
                    self._authenticate, self._version, max_body=self._max_body, lane=self._lane
                )
                ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                self._task = asyncio.create_task(self._serve(endpoint, ready), context=self._context)
                await ready
                self._endpoint = endpoint
            return self._endpoint

    async def _serve(self, endpoint: McpEndpoint, ready: asyncio.Future[None]) -> None:
        try:
            async with endpoint.running():
                ready.set_result(None)
                await self._stopping.wait()
        except BaseException as exc:
            if not ready.done():  # the request waiting on it answers 500 rather than hang
                ready.set_exception(exc)
            raise
