"""``switchboard serve``, ``demo`` and ``emulate``: the processes."""

from __future__ import annotations

import importlib.util
import logging
import os
from contextlib import suppress
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from switchboard.cli._shared import (
    app,
    console,
    data_notes,
    port_problem,
    run,
    upgrade,
    wait_for_signal,
)
from switchboard.cli.demo_lock import DemoBusy, claim
from switchboard.observability.logs import configure_logging
from switchboard.server.run import APP, uvicorn_config
from switchboard.settings import Settings

log = logging.getLogger("switchboard")


class Server(StrEnum):
    uvicorn = "uvicorn"
    granian = "granian"


def _granian(host: str, port: int, workers: int, access_log: bool, header_timeout: float) -> None:
    # Imported here: only this choice needs it. Granian reports the TCP peer as the client and
    # never rewrites it from X-Forwarded-For, as Switchboard's own proxy handling requires.
    from granian.constants import HTTPModes, Interfaces, Loops
    from granian.http import HTTP1Settings
    from granian.server import Server as Granian

    Granian(
        APP,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        factory=True,
        workers=workers,
        loop=Loops.uvloop,
        http=HTTPModes.http1,
        # The deadline for a request's headers that server/protocol.py gives uvicorn (Granian's own is 30 s). A
        # connection that misses it is closed without the 408 uvicorn's gets: hyper, Granian's HTTP/1 underneath,
        # writes no answer for a header timeout, and these four settings are all Granian lets one change.
        http1_settings=HTTP1Settings(header_read_timeout=max(1, round(header_timeout * 1000))),
        log_access=access_log,
    ).serve()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request line")] = False,
    server: Annotated[Server, typer.Option(help="The HTTP server: uvicorn, or granian (bench/RESULTS.md)")] = (
        Server.uvicorn
    ),
) -> None:
    """Run the API server (settings from SWITCHBOARD_* environment variables)."""
    settings = Settings()
    # Every line from here on, uvicorn's included, goes through one handler in the chosen format
    # (log_config=None below: uvicorn adds no handler of its own).
    configure_logging(settings.log_level, settings.log_format)
    problem = port_problem(host, port, "switchboard serve --port {port}")
    if problem:  # before migrating or starting anything, rather than "ready" and then a failed bind
        log.error(problem)
        raise typer.Exit(1)
    for note in data_notes(settings):
        if note.startswith("warning: "):
            log.warning(note.removeprefix("warning: "))
        else:
            log.info(note)
    if workers > 1 and not settings.redis_url:
        log.warning(
            "with several workers and no SWITCHBOARD_REDIS_URL, rate limits and refresh locks are per worker: "
            "limits are not shared and refreshes are only fenced, not serialised."
        )
    if settings.migrate_on_start:
        run(upgrade(settings))  # once, before workers start, so they do not race to migrate
    os.environ["SWITCHBOARD_MIGRATE_ON_START"] = "false"
    if workers > 1:
        _metrics_dir(settings.data_dir)
    if server is Server.granian:
        _granian(host, port, workers, access_log, settings.header_timeout)
        return
    if workers == 1:
        uvicorn.run(
            APP,
            factory=True,
            log_config=None,
            log_level=settings.log_level.lower(),
            **uvicorn_config(host, port, access_log=access_log),
        )
        return
    from switchboard.server.supervisor import StopListeningFirst

    # uvicorn.run's own path for several workers, with a supervisor that stops listening before its workers stop.
    config = uvicorn.Config(
        APP,
        factory=True,
        workers=workers,
        log_config=None,
        log_level=settings.log_level.lower(),
        **uvicorn_config(host, port, access_log=access_log),
    )
    with suppress(KeyboardInterrupt):
        StopListeningFirst(config, sockets=[config.bind_socket()]).run()


def _metrics_dir(data_dir: Path) -> None:
    """Workers write their metrics to one folder that /metrics merges (prometheus-client's multiprocess mode).

    Emptied at start: samples of a previous run's workers would otherwise be summed in.
    """
    folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or data_dir / "metrics")
    if folder.exists():
        for old in folder.glob("*.db"):
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


EMULATORS_MISSING = (
    "The emulators are not installed: they are a distribution of their own, switchboard-emulators. "
    "From a checkout of Switchboard, install them with `pip install -e ./emulators` (or run `make demo`)."
)


def _require_emulators() -> None:
    """Stop with install instructions when the switchboard_emulators package cannot be imported."""
    if importlib.util.find_spec("switchboard_emulators") is None:
        typer.echo(EMULATORS_MISSING, err=True)
        raise typer.Exit(1)


@app.command()
def emulate(
    name: Annotated[str, typer.Argument(help="salesloft, constant_contact or spec")],
    port: Annotated[int, typer.Option(help="Port to listen on (0 picks a free one)")] = 0,
    seed: Annotated[int, typer.Option(help="Records to seed in the main list resource")] = 0,
    spec: Annotated[Path | None, typer.Option(help="spec: the OpenAPI/Swagger file to serve")] = None,
    config: Annotated[str | None, typer.Option(help="spec: a config file, or a shipped vendor key")] = None,
    root: Annotated[
        Path | None, typer.Option(help="spec: a folder above the spec's, from which its references may read files")
    ] = None,
) -> None:
    """Run one third-party emulator on its own, printing its URL and the credentials it accepts."""
    _require_emulators()
    from switchboard_emulators import EmulatorServer, create_emulator, emulator_names

    if name not in emulator_names():
        raise typer.BadParameter(f"choose one of {', '.join(emulator_names())}", param_hint="NAME")
    if name == "spec" and (spec is None or not spec.is_file()):
        raise typer.BadParameter("the spec emulator needs an existing spec file", param_hint="--spec")
    try:
        emulator = create_emulator(name, spec=spec, config=config, within=root)
    except (ValueError, OSError) as exc:  # a bad spec or config file (ConfigError is a ValueError)
        raise typer.BadParameter(str(exc), param_hint="--spec/--config/--root") from exc
    if seed and name != "spec":
        emulator.seed("accounts" if name == "salesloft" else "contacts", seed)  # type: ignore[attr-defined]
    server = EmulatorServer(emulator, port=port).start()
    console.print(f"[bold]{name}[/] emulator listening on [cyan]{server.url}[/]")
    for key, value in emulator.credentials().items():
        console.print(f"  {key}: {value}")
    # A spec emulator stands in for whichever connector was imported from that spec: its key names the variable.
    variable = "SWITCHBOARD_UPSTREAM_<CONNECTOR KEY>" if name == "spec" else f"SWITCHBOARD_UPSTREAM_{name.upper()}"
    console.print(f"Point Switchboard at it with {variable}={server.url}")
    wait_for_signal()
    server.stop()


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="Port for Switchboard (make demo PORT=8001)")] = 8000,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Folder for the data; default SWITCHBOARD_DATA_DIR or the user's data folder, as everywhere"),
    ] = None,
) -> None:
    """Start Switchboard with the emulators, a seeded partner and account, and print curl commands."""
    _require_emulators()
    from switchboard.demo import prepare_demo

    problem = port_problem("127.0.0.1", port, "make demo PORT={port} (switchboard demo --port {port})")
    if problem:  # before anything starts or is seeded: say which port, and how to choose another
        typer.echo(problem, err=True)
        raise typer.Exit(1)
    folder = data_dir or Settings().data_dir
    try:
        release = claim(folder, port)
    except DemoBusy as exc:  # before anything is seeded: the running demo's commands keep working
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    handle = prepare_demo(folder, port)
    typer.echo(handle.instructions)  # plain: Rich would wrap the curl commands
    try:
        uvicorn.run(APP, factory=True, **uvicorn_config("127.0.0.1", port, log_level="warning"))
    finally:
        handle.stop()
        release()
