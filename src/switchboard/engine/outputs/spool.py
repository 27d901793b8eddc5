"""A JSON array written item by item to memory, then to a temporary file past a threshold.

The aggregated answer of a paginated call is only sent once every page is fetched (so a
failure on page 50 is still a proper error), yet memory stays flat however many records
there are: items live on disk past ``max_memory`` bytes and are streamed out in chunks. The
answer's length is known before its first byte leaves, so it goes with a Content-Length
(the server then writes each chunk as it is, with no chunked-encoding framing to add).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Sequence

import msgspec

from switchboard.engine.outputs.base import CallResult

CHUNK = 1024 * 1024  # few, large writes: streaming a 100 MB answer is a good part of a long call


class JsonSpool:
    """``prefix [item, item, ...] suffix`` assembled without holding the items in memory."""

    def __init__(self, max_memory: int = 4 * 1024 * 1024) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=max_memory)  # noqa: SIM115 - closed in stream()
        self._count = 0
        self.size = 0

    def add_items(self, items: Sequence[bytes | msgspec.Raw]) -> None:
        """Encoded JSON values, written comma-separated in one write (raw records go in as they came)."""
        if not items:
            return
        chunk = b",".join(items)
        if self._count:
            chunk = b"," + chunk
        self._file.write(chunk)
        self._count += len(items)
        self.size += len(chunk)

    def result(self, prefix: bytes, suffix: bytes) -> CallResult:
        """The answer: the whole document streamed, with its length."""
        return CallResult(chunks=self.stream(prefix, suffix), length=len(prefix) + self.size + len(suffix))

    def stream(self, prefix: bytes, suffix: bytes) -> AsyncIterator[bytes]:
        """The whole document; the spool is closed when the stream ends or is abandoned."""
        self._file.seek(0)
        spool = self._file

        async def chunks() -> AsyncIterator[bytes]:
            try:
                yield prefix
                while True:
                    chunk = spool.read(CHUNK)
                    if not chunk:
                        break
                    yield chunk
                    await asyncio.sleep(0)  # let other requests run between large chunks
                yield suffix
            finally:
                spool.close()

        return chunks()

    def close(self) -> None:
        self._file.close()
