"""The process's log stream: one handler at the root, every line in the chosen format, each once.

Run in a fresh interpreter: the root logger is the process's, and pytest's is not ours to change.
"""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import logging
from starlette.requests import ClientDisconnect
from switchboard.observability.logs import configure_logging

configure_logging("INFO", "json")
configure_logging("INFO", "json")  # the CLI, then the app factory: still one handler
logging.basicConfig()  # as a library may do on its first request (N5)
logging.getLogger("switchboard.calls").info("call 200 ok")
logging.getLogger("uvicorn.error").info("Started server process [1]")
try:
    raise ClientDisconnect()
except ClientDisconnect:
    logging.getLogger("mcp.server.streamable_http").exception("Error handling POST request")
"""


def test_one_json_line_per_record_even_after_basic_config() -> None:
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=True)
    lines = [json.loads(line) for line in run.stderr.splitlines()]  # every line is JSON
    assert [(e["logger"], e["level"]) for e in lines] == [
        ("switchboard.calls", "INFO"),
        ("uvicorn.error", "INFO"),
        ("mcp.server.streamable_http", "INFO"),
    ]
    assert "exc" not in lines[2] and "client disconnected" in lines[2]["msg"]
    assert run.stdout == ""
