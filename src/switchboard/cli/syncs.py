"""``switchboard syncs``: list syncs, and run one now with a progress bar (a server's sync worker runs it)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from switchboard.cli._shared import console, run, syncs_app, with_session


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

    table = Table("Id", "Account connector", "Name", "Enabled", "State", "Last run", "Next run", "Last counts")
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
    from sqlalchemy import select

    from switchboard.errors import SwitchboardError
    from switchboard.store.sync_models import Sync
    from switchboard.syncs.manage import request_run

    async def ask(session: Any) -> float | None:
        row = (await session.execute(select(Sync).where(Sync.id == sync_id))).scalar_one_or_none()
        if row is None:
            raise SwitchboardError(f"Sync {sync_id} was not found")
        request_run(row, reset=reset)
        return float(row.last_run_at) if row.last_run_at is not None else None

    async def look(session: Any) -> Sync:
        found: Sync = (await session.execute(select(Sync).where(Sync.id == sync_id))).scalar_one()
        return found

    try:
        before = run(with_session(ask))
    except SwitchboardError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None
    deadline = time.monotonic() + timeout
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[counts]}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(f"sync {sync_id}: waiting for a worker", total=None, counts="")
        while True:
            row = run(with_session(look))
            done = row.last_run_at is not None and row.last_run_at != before and row.state != "running"
            info = (row.last_run or {}) if done else (row.run_progress or {})
            got = {
                k: info.get(k, info.get(k.capitalize(), 0)) for k in ("pages", "records", "added", "updated", "deleted")
            }
            counts = (
                f"{got['pages']} pages, {got['records']} records, +{got['added']} ~{got['updated']} -{got['deleted']}"
            )
            state = row.state if not row.paused_reason else f"paused: {row.paused_reason}"
            progress.update(task, description=f"sync {sync_id}: {state}", counts=counts)
            if done:
                break
            if time.monotonic() > deadline:
                typer.echo(
                    f"No run ended within {timeout:g} s: is `switchboard serve` running (with the sync worker on)?",
                    err=True,
                )
                raise typer.Exit(1)
            time.sleep(0.5)
    last = row.last_run or {}
    if last.get("Outcome") != "completed":
        typer.echo(f"The run failed: {last.get('Error')}", err=True)
        raise typer.Exit(1)
    console.print(
        f"Completed: +{last.get('Added')} ~{last.get('Updated')} -{last.get('Deleted')}, "
        f"feed up to {last.get('CursorTo')}"
    )
