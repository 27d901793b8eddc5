"""``switchboard syncs``: list syncs, and run one now with a progress bar (a server's sync worker runs it)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from switchboard.cli._shared import announce_data, console, database, run, syncs_app, with_session
from switchboard.settings import Settings

if TYPE_CHECKING:
    from switchboard.store.sync_models import Sync


def _when(epoch: float | None) -> str:
    return "" if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


@syncs_app.command("list")
def syncs_list(
    account_connector: Annotated[int | None, typer.Option(help="Only this account connector's syncs")] = None,
) -> None:
    """Every sync (or one account connector's): state, last and next run, last counts."""
    from sqlalchemy import select

    from switchboard.store.sync_models import Sync

    async def rows(session: Any) -> list[Sync]:
        query = select(Sync).order_by(Sync.id)
        if account_connector is not None:
            query = query.where(Sync.account_connector_id == account_connector)
        return list((await session.execute(query)).scalars())

    # Folded, never cut with an ellipsis: at 80 columns a run's time would read "2026-12…".
    headers = ("Id", "Account connector", "Name", "Enabled", "State", "Last run", "Next run", "Last counts")
    table = Table(*(Column(h, overflow="fold") for h in headers))
    for row in run(with_session(rows)):
        last = row.last_run or {}
        counts = f"+{last.get('Added', 0)} ~{last.get('Updated', 0)} -{last.get('Deleted', 0)}" if last else ""
        if last.get("Outcome") == "failed":
            counts = f"failed: {last.get('Error')}"
        table.add_row(
            str(row.id),
            str(row.account_connector_id),
            row.name,
            "yes" if row.enabled else "no",
            row.state + (f" ({row.paused_reason})" if row.paused_reason else ""),
            _when(row.last_run_at),
            _when(row.next_run_at) if row.enabled else "",
            counts,
        )
    console.print(table)


@syncs_app.command("run")
def syncs_run(
    sync_id: Annotated[int, typer.Argument(help="The sync's Id")],
    reset: Annotated[bool, typer.Option(help="Read everything again (still only changes are reported)")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the run to end")] = 600.0,
) -> None:
    """Ask for a run now and show its pages and records as a running server's sync worker reads them."""
    settings = Settings()
    announce_data(settings)  # once: every look below is on the same database
    row = run(_run_and_watch(settings, sync_id, reset, timeout))
    last = row.last_run or {}
    if last.get("Outcome") != "completed":
        typer.echo(f"The run failed: {last.get('Error')}", err=True)
        raise typer.Exit(1)
    console.print(
        f"Completed: +{last.get('Added')} ~{last.get('Updated')} -{last.get('Deleted')}, "
        f"feed up to {last.get('CursorTo')}"
    )


async def _run_and_watch(settings: Settings, sync_id: int, reset: bool, within: float) -> Sync:
    """Ask for the run, then look at the sync every half second until a run newer than the last one ends."""
    from sqlalchemy import select

    from switchboard.errors import SwitchboardError
    from switchboard.store.sync_models import Sync
    from switchboard.syncs.manage import request_run

    try:
        async with database(settings) as db:
            async with db.session() as session:
                row = (await session.execute(select(Sync).where(Sync.id == sync_id))).scalar_one_or_none()
                if row is None:
                    raise SwitchboardError(f"Sync {sync_id} was not found")
                request_run(row, reset=reset)
                before = row.last_run_at
            deadline = time.monotonic() + within
            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=console) as progress:
                task = progress.add_task(f"sync {sync_id}: waiting for a worker", total=None, counts="")
                while True:
                    async with db.session() as session:
                        row = (await session.execute(select(Sync).where(Sync.id == sync_id))).scalar_one()
                    done = row.last_run_at is not None and row.last_run_at != before and row.state != "running"
                    progress.update(task, description=f"sync {sync_id}: {_state(row)}", counts=_counts(row, done))
                    if done:
                        return row
                    if time.monotonic() > deadline:
                        typer.echo(
                            f"No run ended within {within:g} s: is `switchboard serve` running "
                            "(with the sync worker on)?",
                            err=True,
                        )
                        raise typer.Exit(1)
                    await asyncio.sleep(0.5)
    except SwitchboardError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None


def _state(row: Sync) -> str:
    return str(row.state) if not row.paused_reason else f"paused: {row.paused_reason}"


def _counts(row: Sync, done: bool) -> str:
    """The open run's progress, or the last run's counts once it has ended."""
    info = (row.last_run or {}) if done else (row.run_progress or {})
    got = {k: info.get(k, info.get(k.capitalize(), 0)) for k in ("pages", "records", "added", "updated", "deleted")}
    pages, records = got["pages"], got["records"]
    counted = f"{pages} page{'' if pages == 1 else 's'}, {records} record{'' if records == 1 else 's'}"
    return f"{counted}, +{got['added']} ~{got['updated']} -{got['deleted']}"
