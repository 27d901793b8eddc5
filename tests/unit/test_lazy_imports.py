"""A start imports what serving needs, not what a few requests use (issue 23: a cold start under 2 s)."""

from __future__ import annotations

import subprocess
import sys

# Each is imported where it is first needed: /mcp's first request, a migration, the first console page, tracing on.
LAZY = ("mcp", "mcp_types", "alembic", "jinja2", "opentelemetry.sdk")


def test_the_server_and_its_command_import_none_of_the_lazy_packages() -> None:
    script = (
        "import sys\n"
        "import switchboard.cli.serve, switchboard.api.app\n"
        "switchboard.api.app.create_app()\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {LAZY!r} or m in {LAZY!r}))\n"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]", found.stderr


def test_a_worker_process_imports_no_command_line() -> None:
    # With several workers, each is a fresh interpreter that imports the app and the protocol by the
    # names uvicorn is given: neither may pull the command line (Typer, Rich, every command) in.
    script = (
        "import sys\n"
        "from uvicorn.importer import import_from_string\n"
        "from switchboard.server.run import APP, uvicorn_config\n"
        "import_from_string(uvicorn_config('127.0.0.1', 8000)['http'])\n"
        "import_from_string(APP)()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'alembic') or"
        " m.startswith('switchboard.cli')))\n"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]", found.stderr


def test_the_call_log_writer_imports_no_http_client() -> None:
    # The writer process stores requests and answers as values; aiohttp would cost it 8 MB and 0.1 s of start.
    script = "import sys\nimport switchboard.observability.calllog_child\nprint('aiohttp' in sys.modules)\n"
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False", found.stderr
