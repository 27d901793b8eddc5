"""The start of a helper process of the server's (the call log's writer, the events process)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import IO, Any


def run_child(
    serve: Callable[[IO[bytes], IO[bytes]], Coroutine[Any, Any, None]], log: logging.Logger, what: str
) -> None:
    """Runs ``serve(stdin, answers)`` to its end: the server's pipe in, stdout's pipe for the answers alone.

    SIGINT and SIGTERM are ignored, so a Ctrl-C to the terminal's process group cannot cut a drain short;
    anything else printed goes to stderr.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    answers = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    try:
        asyncio.run(serve(sys.stdin.buffer, answers))
    except Exception:
        log.exception("%s stopped", what)
        raise SystemExit(1) from None
