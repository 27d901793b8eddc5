"""The output protocol and the result of a method call."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Protocol

from switchboard.engine.pages import Page
from switchboard.engine.trace import Exchange, Redactor


@dataclass
class CallResult:
    """What Switchboard answers for a call: bytes, or chunks streamed from a spool."""

    status: int = 200
    content_type: str = "application/json"
    body: bytes | None = None
    chunks: AsyncIterator[bytes] | None = None
    length: int | None = None  # the bytes ``chunks`` will yield, when known: sent as Content-Length
    exchanges: list[Exchange] = field(default_factory=list)
    redactor: Redactor | None = None  # removes the call's secrets from what is shown (set by Engine.call)
    # Seconds spent waiting on each backing part ("limiter", "upstream"), for Server-Timing.
    timings: dict[str, float] = field(default_factory=dict)
    # The call goes on while ``chunks`` is read (NDJSON): it ends, and is recorded, when they do.
    streaming: bool = False

    async def read(self) -> bytes:
        """The whole answer in memory (for /test/, which embeds it)."""
        if self.body is not None:
            return self.body
        parts = [chunk async for chunk in self.chunks] if self.chunks is not None else []
        return b"".join(parts)


class Output(Protocol):
    """Collects the records of every page and produces the answer."""

    records_path: str

    def add_page(self, page: Page, number: int) -> int:
        """Take one page; returns how many records it held."""
        ...

    def result(self) -> CallResult: ...

    def discard(self) -> None:
        """Free what was collected (the call failed)."""
        ...
