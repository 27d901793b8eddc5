"""What every command module shares: the Typer apps, the console, running a coroutine on the store."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console

from switchboard.settings import Settings

if TYPE_CHECKING:
    from switchboard.store import Database

app = typer.Typer(help="Switchboard: a self-hosted, Cyclr-compatible Connector API.", no_args_is_help=True)
partner_app = typer.Typer(help="Partners (the companies running integrations).", no_args_is_help=True)
connectors_app = typer.Typer(help="The connector library.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
keys_app = typer.Typer(help="The key that encrypts secrets at rest.", no_args_is_help=True)
syncs_app = typer.Typer(help="Syncs: list them, run one and watch it.", no_args_is_help=True)
app.add_typer(partner_app, name="partner")
app.add_typer(connectors_app, name="connectors")
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(syncs_app, name="syncs")

console = Console()
T = TypeVar("T")


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[Database]:
    """The store, its schema created or upgraded first, closed when the block ends."""
    from switchboard.store import Database

    db = Database.configured(settings)
    try:
        await db.upgrade()
        yield db
    finally:
        await db.close()


async def upgrade(settings: Settings) -> bool:
    """Create or upgrade the schema; whether it changed (False: it was at the newest migration already)."""
    from switchboard.store import Database

    db = Database.configured(settings)
    try:
        return await db.upgrade()
    finally:
        await db.close()


def data_notes(settings: Settings) -> list[str]:
    """Which data folder a command uses and, when its SQLite database is not there yet, a warning saying so.

    Never the database URL itself: it may carry a password.
    """
    folder = settings.data_dir.resolve()
    if settings.database_url:
        notes = [f"Data: {folder} (database: SWITCHBOARD_DATABASE_URL)"]
        if not settings.secret_key and not settings.database_url.startswith("sqlite"):
            notes.append(
                f"warning: SWITCHBOARD_SECRET_KEY is not set, so secrets are encrypted with the key file "
                f"{folder / 'secret.key'} of this host alone: every server and command sharing this database must "
                "use the same key, or each reads only what it wrote itself (set SWITCHBOARD_SECRET_KEY everywhere)"
            )
        return notes
    told = "SWITCHBOARD_DATA_DIR" in os.environ
    notes = [f"Data: {folder} ({'SWITCHBOARD_DATA_DIR' if told else 'the default; SWITCHBOARD_DATA_DIR sets another'})"]
    database = folder / "switchboard.db"
    if not database.exists():
        notes.append(
            f"warning: there is no database at {database} yet: a new, empty one is made. If you expected your "
            "partners and accounts, point SWITCHBOARD_DATA_DIR at the folder the server or the demo printed."
        )
    return notes


def announce_data(settings: Settings) -> None:
    """``data_notes`` on stderr, so that what a command prints on stdout (``--json``) stays clean."""
    for note in data_notes(settings):
        typer.echo(note, err=True)


def port_problem(host: str, port: int, retry: str) -> str | None:
    """Why nothing could listen on ``host:port`` (taken, not allowed), or None when it can; ``retry``
    says how to choose another port."""
    why = _bind_refused(host, port)
    if why is None:
        return None
    # A port suggested is one that is free now (the next twenty are tried), not merely the next one.
    free = next((p for p in range(port + 1, min(port + 21, 65536)) if _bind_refused(host, p) is None), None)
    another = f"choose another port: {retry.format(port=free)}" if free is not None else "choose another port"
    return f"Port {port} on {host} is not free ({why}): stop what uses it, or {another}"


def _bind_refused(host: str, port: int) -> str | None:
    """Why binding ``host:port`` fails now, or None when it succeeds."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        if sys.platform != "win32":  # as uvicorn binds: a port left in TIME_WAIT is free
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


async def with_session(action: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``action`` in one transaction, on a schema created or upgraded first."""
    settings = Settings()
    announce_data(settings)
    async with database(settings) as db, db.session() as session:
        return await action(session)


def run(awaitable: Awaitable[T]) -> T:
    """``awaitable`` to its end; a deployment's misconfiguration (``ConfigurationError``: a key that is no Fernet
    key, a schema newer than this release) said in one line and exit status 1, not a traceback."""
    from switchboard.errors import ConfigurationError

    async def main() -> T:
        return await awaitable

    try:
        return asyncio.run(main())
    except ConfigurationError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None


def wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
