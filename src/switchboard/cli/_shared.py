"""What every command module shares: the Typer apps, the console, running a coroutine on the store."""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from switchboard.settings import Settings

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


async def upgrade(settings: Settings) -> None:
    from switchboard.store import Database

    db = Database(settings.resolved_database_url)
    try:
        await db.upgrade()
    finally:
        await db.close()


async def with_session(action: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``action`` in one transaction, on a schema created or upgraded first."""
    from switchboard.store import Database

    settings = Settings()
    db = Database(settings.resolved_database_url)
    try:
        await db.upgrade()
        async with db.session() as session:
            return await action(session)
    finally:
        await db.close()


def run(awaitable: Awaitable[T]) -> T:
    async def main() -> T:
        return await awaitable

    return asyncio.run(main())


def wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
