"""The ``switchboard`` command: serve, demo, emulate, and admin commands on the same database."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import signal
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import uvicorn
from rich.console import Console
from rich.table import Table

from switchboard.settings import Settings

app = typer.Typer(help="Switchboard: a self-hosted, Cyclr-compatible Connector API.", no_args_is_help=True)
partner_app = typer.Typer(help="Partners (the companies running integrations).", no_args_is_help=True)
connectors_app = typer.Typer(help="The connector library.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
keys_app = typer.Typer(help="The key that encrypts secrets at rest.", no_args_is_help=True)
app.add_typer(partner_app, name="partner")
app.add_typer(connectors_app, name="connectors")
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")

console = Console()
T = TypeVar("T")


def _uvicorn_config(host: str, port: int, **extra: Any) -> dict[str, Any]:
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from loopback; Switchboard
    # decides itself whom to believe (SWITCHBOARD_TRUSTED_PROXIES) and needs the real peer for that.
    return {
        "host": host,
        "port": port,
        "loop": "uvloop",
        "http": "httptools",
        "access_log": False,
        "proxy_headers": False,
        **extra,
    }


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request line")] = False,
) -> None:
    """Run the API server (settings from SWITCHBOARD_* environment variables)."""
    settings = Settings()
    if workers > 1 and not settings.redis_url:
        console.print(
            "[yellow]warning:[/] with several workers and no SWITCHBOARD_REDIS_URL, rate limits and refresh "
            "locks are per worker: limits are not shared and refreshes are only fenced, not serialised."
        )
    if settings.migrate_on_start:
        _run(_upgrade(settings))  # once, before workers start, so they do not race to migrate
    os.environ["SWITCHBOARD_MIGRATE_ON_START"] = "false"
    if workers > 1:
        _metrics_dir(settings.data_dir)
    uvicorn.run(
        "switchboard.api.app:create_app",
        factory=True,
        workers=workers,
        **_uvicorn_config(host, port, access_log=access_log),
    )


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
    name: Annotated[str, typer.Argument(help="salesloft or constant_contact")],
    port: Annotated[int, typer.Option(help="Port to listen on (0 picks a free one)")] = 0,
    seed: Annotated[int, typer.Option(help="Records to seed in the main list resource")] = 0,
) -> None:
    """Run one third-party emulator on its own, printing its URL and the credentials it accepts."""
    _require_emulators()
    from switchboard_emulators import EmulatorServer, create_emulator, emulator_names

    if name not in emulator_names():
        raise typer.BadParameter(f"choose one of {', '.join(emulator_names())}", param_hint="NAME")
    emulator = create_emulator(name)
    if seed:
        emulator.seed("accounts" if name == "salesloft" else "contacts", seed)  # type: ignore[attr-defined]
    server = EmulatorServer(emulator, port=port).start()
    console.print(f"[bold]{name}[/] emulator listening on [cyan]{server.url}[/]")
    for key, value in emulator.credentials().items():
        console.print(f"  {key}: {value}")
    console.print(f"Point Switchboard at it with SWITCHBOARD_UPSTREAM_{name.upper()}={server.url}")
    _wait_for_signal()
    server.stop()


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="Port for Switchboard (make demo PORT=8001)")] = 8000,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Folder for the data; default SWITCHBOARD_DATA_DIR or ./data, as every other command"),
    ] = None,
) -> None:
    """Start Switchboard with the emulators, a seeded partner and account, and print curl commands."""
    _require_emulators()
    from switchboard.demo import port_problem, prepare_demo

    problem = port_problem("127.0.0.1", port)
    if problem:  # before anything starts or is seeded: say which port, and how to choose another
        typer.echo(problem, err=True)
        raise typer.Exit(1)
    handle = prepare_demo(data_dir or Settings().data_dir, port)
    typer.echo(handle.instructions)  # plain: Rich would wrap the curl commands
    try:
        uvicorn.run(
            "switchboard.api.app:create_app", factory=True, **_uvicorn_config("127.0.0.1", port, log_level="warning")
        )
    finally:
        handle.stop()


@partner_app.command("create")
def partner_create(
    name: Annotated[str, typer.Option(help="The partner's name")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Create a partner; its client secret is printed this once and stored only hashed."""
    from switchboard.store.partners import create_partner

    created = _run(_with_session(lambda s: create_partner(s, name)))
    if as_json:
        typer.echo(json.dumps({"client_id": created.client_id, "client_secret": created.client_secret}))
        return
    console.print(f"Partner [bold]{created.name}[/] created.")
    console.print(f"  client_id:     {created.client_id}")
    console.print(f"  client_secret: {created.client_secret}")
    console.print("Keep the secret now: it is stored hashed and cannot be shown again.")


@partner_app.command("list")
def partner_list() -> None:
    """List partners (never their secrets)."""
    from switchboard.store.partners import list_partners

    partners = _run(_with_session(list_partners))
    table = Table("Id", "Name", "Client ID", "Created")
    for p in partners:
        table.add_row(str(p.id), p.name, p.client_id, p.created_at.isoformat(timespec="seconds"))
    console.print(table)


@partner_app.command("allowlist")
def partner_allowlist(
    partner: Annotated[str, typer.Option(help="The partner's client_id")],
    cidr: Annotated[
        list[str] | None, typer.Option(help="A CIDR or address to allow (repeat); replaces the list")
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Empty the list: allow calls from any address")] = False,
) -> None:
    """Show or set the IP addresses a partner's method calls may come from (empty: any)."""
    from switchboard.api.allow_list import normalize_cidrs
    from switchboard.errors import InputError
    from switchboard.store.partners import get_ip_allow_list, partner_by_client_id, set_ip_allow_list

    if cidr and clear:
        raise typer.BadParameter("give --cidr or --clear, not both", param_hint="--clear")
    try:
        cidrs = normalize_cidrs(cidr) if cidr else []
    except InputError as exc:
        raise typer.BadParameter(exc.message, param_hint="--cidr") from None

    async def apply(session: Any) -> list[str]:
        found = await partner_by_client_id(session, partner)
        if found is None:
            raise typer.BadParameter(f"no partner with client_id {partner!r}", param_hint="--partner")
        if cidr or clear:
            return await set_ip_allow_list(session, found.id, cidrs)
        return await get_ip_allow_list(session, found.id)

    stored = _run(_with_session(apply))
    if cidr or clear:
        console.print(f"Allow list saved for partner {partner}; running servers apply it within 10 seconds.")
    console.print("\n".join(stored) if stored else "Empty: method calls are accepted from any address.")


@connectors_app.command("list")
def connectors_list(
    methods: Annotated[bool, typer.Option("--methods", help="Also list each connector's methods")] = False,
) -> None:
    """List the connector library (and, with --methods, every method)."""
    from switchboard.catalog import Registry

    registry = Registry.load(Settings().connector_dirs)
    table = Table("Id", "Key", "Name", "Version", "Auth", "Methods")
    for c in registry.connectors:
        auth = ", ".join(a.type for a in c.definition.auth)
        table.add_row(str(c.id), c.key, c.definition.name, c.definition.version, auth, str(len(c.methods)))
    console.print(table)
    if methods:
        for c in registry.connectors:
            listing = Table("Id", "Name", "HTTP", "MethodUniqueIdentifier", title=c.definition.name)
            for m in c.methods:
                listing.add_row(str(m.id), m.name, m.definition.http, m.unique_id)
            console.print(listing)


@connectors_app.command("schema")
def connectors_schema(
    out: Annotated[Path | None, typer.Option(help="Write the schema to this file instead of printing it")] = None,
) -> None:
    """Print (or write) the JSON Schema that every connector.yaml must satisfy."""
    from switchboard.catalog.schema import connector_json_schema_text

    text = connector_json_schema_text()
    if out is None:
        typer.echo(text, nl=False)  # plain: Rich would highlight and wrap the JSON
        return
    out.write_text(text, encoding="utf-8")
    console.print(f"Connector schema written to {out}")


@connectors_app.command("configure")
def connectors_configure(
    key: Annotated[str, typer.Argument(help="Connector key, e.g. constant_contact")],
    partner: Annotated[str, typer.Option(help="The partner's client_id")],
    client_id: Annotated[str | None, typer.Option(help="Your OAuth app's Client ID")] = None,
    client_secret: Annotated[
        str | None, typer.Option(help="Your OAuth app's Client Secret (prompted for when omitted)")
    ] = None,
    scope: Annotated[list[str] | None, typer.Option(help="A scope to ask for (repeat); default: all")] = None,
) -> None:
    """Set a partner's OAuth app for a connector (the secret is stored encrypted, never shown)."""
    from sqlalchemy import select

    from switchboard.api.routers.connector_settings import apply_settings
    from switchboard.api.schemas import ConnectorSettingsIn
    from switchboard.catalog import Registry
    from switchboard.store import Database, SecretBox
    from switchboard.store.models import Partner

    settings = Settings()
    connector = Registry.load(settings.connector_dirs).by_key.get(key)
    if connector is None:
        raise typer.BadParameter(f"unknown connector {key!r}", param_hint="KEY")
    if client_secret is None:
        client_secret = typer.prompt("Client Secret", hide_input=True)

    async def configure() -> None:
        db = Database(settings.resolved_database_url)
        try:
            await db.upgrade()
            async with db.session() as session:
                partner_id = await session.scalar(select(Partner.id).where(Partner.client_id == partner))
            if partner_id is None:
                raise typer.BadParameter(f"no partner with client_id {partner!r}", param_hint="--partner")
            body = ConnectorSettingsIn(client_id=client_id, client_secret=client_secret, scopes=scope or None)
            await apply_settings(
                db, SecretBox.from_config(settings.secret_key, settings.data_dir), partner_id, connector, body
            )
        finally:
            await db.close()

    _run(configure())
    console.print(f"{connector.definition.name} settings saved for partner {partner}.")
    console.print(f"Register this redirect URI with the provider: {settings.public_url.rstrip('/')}/connector/callback")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schema to the newest migration."""
    settings = Settings()
    _run(_upgrade(settings))
    console.print("Database is up to date.")


@keys_app.command("generate")
def keys_generate() -> None:
    """Print a new key for SWITCHBOARD_SECRET_KEY."""
    from cryptography.fernet import Fernet

    typer.echo(Fernet.generate_key().decode())


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt every stored secret under the newest key (SWITCHBOARD_SECRET_KEY="new,old").

    Run it after every server has been restarted with "new,old"; afterwards "old" can be dropped.
    """
    from switchboard.store import Database, SecretBox
    from switchboard.store.rotation import rotate_secrets

    settings = Settings()
    secrets = SecretBox.from_config(settings.secret_key, settings.data_dir)
    if secrets.key_count < 2:
        console.print(
            "[yellow]warning:[/] only one key is configured, so secrets are re-encrypted under the key they "
            'already use. To rotate, set SWITCHBOARD_SECRET_KEY="<new key>,<old key>" (`switchboard keys generate`).'
        )

    async def rotate() -> Any:
        db = Database(settings.resolved_database_url)
        try:
            await db.upgrade()
            return await rotate_secrets(db, secrets)
        finally:
            await db.close()

    report = _run(rotate())
    for column, count in report.rotated.items():
        console.print(f"  {column}: {count} re-encrypted")
    for where in report.unreadable:
        console.print(f"[red]cannot decrypt[/] {where} with any configured key: left as it is")
    for where in report.busy:
        console.print(f"[red]kept changing[/] {where}: left as it is; run the command again")
    if report.unreadable or report.busy:
        console.print("Do not drop the old key yet: not every secret is under the newest key.")
        raise typer.Exit(1)
    console.print(f"{report.total} secrets are now encrypted under the newest key; the older keys can be dropped.")


async def _upgrade(settings: Settings) -> None:
    from switchboard.store import Database

    db = Database(settings.resolved_database_url)
    try:
        await db.upgrade()
    finally:
        await db.close()


async def _with_session(action: Callable[[Any], Awaitable[T]]) -> T:
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


def _run(awaitable: Awaitable[T]) -> T:
    async def main() -> T:
        return await awaitable

    return asyncio.run(main())


def _wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
