"""Run an emulator on a loopback port, in the current loop or in a background thread."""

from __future__ import annotations

import asyncio
import socket
import threading
from types import TracebackType

from aiohttp import web

from switchboard_emulators._base import Emulator


class EmulatorServer:
    """Serves one emulator on ``host:port`` (port 0 picks a free one).

    ``start()``/``stop()`` run it in a daemon thread with its own event loop, which suits
    synchronous tests and the CLI; ``async with`` runs it in the caller's loop.
    """

    def __init__(
        self, emulator: Emulator, *, host: str = "127.0.0.1", port: int = 0, sock: socket.socket | None = None
    ) -> None:
        """``sock``: a socket already bound (and listening) to serve on, for a caller that had to
        hand its address out before the emulator existed; ``host`` and ``port`` are then its own."""
        self.emulator = emulator
        self._sock = sock
        self.host: str = sock.getsockname()[0] if sock is not None else host
        self.port: int = sock.getsockname()[1] if sock is not None else port
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def url(self) -> str:
        """The origin clients use, such as ``http://127.0.0.1:54321``."""
        return f"http://{self.host}:{self.port}"

    async def start_async(self) -> None:
        """Start serving in the running loop."""
        self._runner = web.AppRunner(self.emulator.create_app(), access_log=None)
        await self._runner.setup()
        site: web.BaseSite = (
            web.SockSite(self._runner, self._sock)
            if self._sock is not None
            else web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        )
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = sockets[0].getsockname()[1]

    async def stop_async(self) -> None:
        """Stop serving and close connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> EmulatorServer:
        await self.start_async()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop_async()

    def start(self) -> EmulatorServer:
        """Start serving in a background thread; returns once the port is open."""
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self.start_async())
            except BaseException as exc:  # reported to the starting thread below
                errors.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.stop_async())
            loop.close()

        self._thread = threading.Thread(target=run, name=f"emulator-{self.emulator.name}", daemon=True)
        self._thread.start()
        ready.wait(timeout=10)
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        """Stop the background thread started by ``start()``."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._thread = None
            self._loop = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
