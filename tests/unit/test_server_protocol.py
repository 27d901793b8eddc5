"""``OneWrite``: an answer of known length leaves in one write to the socket, anything else as uvicorn wrote it."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.flow_control import FlowControl
from uvicorn.protocols.http.httptools_impl import RequestResponseCycle

from switchboard.server.protocol import OneWrite


class Recording:
    """A transport that keeps each write as it came."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def pause_reading(self) -> None: ...

    def resume_reading(self) -> None: ...


def _cycle(transport: Recording, *, expect_100: bool = False, method: str = "POST") -> RequestResponseCycle:
    scope: dict[str, Any] = {"type": "http", "method": method, "path": "/", "headers": []}
    cycle = RequestResponseCycle(
        scope=scope,  # type: ignore[arg-type]
        transport=transport,  # type: ignore[arg-type]
        flow=FlowControl(transport),  # type: ignore[arg-type]
        logger=logging.getLogger("test"),
        access_logger=logging.getLogger("test"),
        access_log=False,
        default_headers=[],
        message_event=asyncio.Event(),
        expect_100_continue=expect_100,
        keep_alive=True,
        on_response=lambda: None,
    )
    cycle.transport = OneWrite(transport, cycle)  # type: ignore[arg-type,assignment]
    return cycle


def _start(*headers: tuple[bytes, bytes]) -> dict[str, Any]:
    return {"type": "http.response.start", "status": 200, "headers": list(headers)}


async def test_a_known_length_answer_is_one_write() -> None:
    transport = Recording()
    cycle = _cycle(transport)
    await cycle.send(_start((b"content-length", b"2")))
    assert transport.writes == []  # the head waits for its body
    await cycle.send({"type": "http.response.body", "body": b"{}"})
    assert len(transport.writes) == 1
    assert transport.writes[0].startswith(b"HTTP/1.1 200 OK\r\n") and transport.writes[0].endswith(b"\r\n\r\n{}")


async def test_a_head_answer_goes_at_once() -> None:
    transport = Recording()
    cycle = _cycle(transport, method="HEAD")
    await cycle.send(_start((b"content-length", b"2")))
    await cycle.send({"type": "http.response.body", "body": b"{}"})  # uvicorn writes no body for HEAD
    assert len(transport.writes) == 1 and transport.writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    assert cycle.response_complete


async def test_a_chunked_answer_sends_its_head_at_once() -> None:
    transport = Recording()
    cycle = _cycle(transport)
    await cycle.send(_start())
    assert len(transport.writes) == 1 and b"transfer-encoding: chunked" in transport.writes[0]
    await cycle.send({"type": "http.response.body", "body": b"a", "more_body": True})
    await cycle.send({"type": "http.response.body", "body": b""})
    assert transport.writes[1:] == [b"1\r\na\r\n", b"0\r\n\r\n"]


async def test_a_head_left_without_its_body_goes_before_the_close() -> None:
    transport = Recording()
    cycle = _cycle(transport)
    await cycle.send(_start((b"content-length", b"5")))
    cycle.transport.close()  # uvicorn's answer to an app that stopped mid-answer
    assert transport.closed and len(transport.writes) == 1 and transport.writes[0].startswith(b"HTTP/1.1 200")


async def test_100_continue_is_not_held() -> None:
    transport = Recording()
    cycle = _cycle(transport, expect_100=True)
    cycle.more_body = False
    cycle.message_event.set()
    await cycle.receive()
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]


async def test_a_body_in_several_chunks_leaves_whole_as_written() -> None:
    # A static file of known length is sent 64 KiB at a time: only the head waits, for the first chunk.
    transport = Recording()
    cycle = _cycle(transport)
    await cycle.send(_start((b"content-length", b"6")))
    for chunk in (b"ab", b"cd"):
        await cycle.send({"type": "http.response.body", "body": chunk, "more_body": True})
    await cycle.send({"type": "http.response.body", "body": b"ef"})
    assert transport.writes[0].endswith(b"\r\n\r\nab") and transport.writes[1:] == [b"cd", b"ef"]
    assert cycle.response_complete
