"""``switchboard connectors``: list, configure, export the schema, import from a spec."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from switchboard.cli._shared import (
    announce_data,
    connectors_app,
    console,
    database,
    run,
)
from switchboard.cli.demo_lock import running_port
from switchboard.settings import Settings

if TYPE_CHECKING:
    from switchboard.catalog.registry import Connector


@connectors_app.command("list")
def connectors_list(
    methods: Annotated[bool, typer.Option("--methods", help="List methods (with their ids) instead")] = False,
    connector: Annotated[str | None, typer.Option("--connector", help="Only this connector (its key)")] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Only methods whose name, HTTP line or id holds this text")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List the connector library or, with --methods, the methods: ids are printed whole, to be copied."""
    from switchboard.catalog import Registry

    registry = Registry.load(Settings().connector_dirs)
    chosen = list(registry.connectors)
    if connector is not None:
        if connector not in registry.by_key:
            keys = ", ".join(sorted(registry.by_key))
            raise typer.BadParameter(f"no connector {connector!r}; the keys are: {keys}", param_hint="--connector")
        chosen = [registry.by_key[connector]]
    if not (methods or search):
        _print_connectors(chosen, as_json)
        return
    needle = (search or "").lower()
    found = [
        (c, m)
        for c in chosen
        for m in c.methods
        if needle in f"{m.name}\n{m.definition.http}\n{m.unique_id}\n{m.id}".lower()
    ]
    if as_json:
        rows = [
            {"Connector": c.key, "Id": m.id, "Name": m.name, "Http": m.definition.http}
            | {"MethodUniqueIdentifier": m.unique_id}
            for c, m in found
        ]
        typer.echo(json.dumps(rows, indent=1))
        return
    # Ids never shrink: a copied MethodUniqueIdentifier must be whole, whatever the terminal's width.
    table = Table(title=f"{len(found)} methods", title_justify="left")
    for name in ("Connector", "Name", "HTTP"):  # these fold onto more lines when the terminal is narrow
        table.add_column(name, overflow="fold")
    table.add_column("Id", no_wrap=True, min_width=max([len(str(m.id)) for _, m in found] or [2]))
    table.add_column("MethodUniqueIdentifier", no_wrap=True, min_width=36)
    for c, m in found:
        table.add_row(c.key, m.name, m.definition.http, str(m.id), m.unique_id)
    # Piped into a file or a pager, Rich would assume 80 columns: a wide table instead, one line per method.
    (console if console.is_terminal else Console(width=200)).print(table)
    if connector is None and not search:
        typer.echo("Narrow it: --connector KEY, --search TEXT (name, HTTP line or id); --json for scripts.", err=True)


def _print_connectors(chosen: list[Connector], as_json: bool) -> None:
    if as_json:
        rows = [
            {
                "Id": c.id,
                "Key": c.key,
                "Name": c.definition.name,
                "Version": c.definition.version,
                "Auth": [a.type for a in c.definition.auth],
                "Methods": c.method_count,
            }
            for c in chosen
        ]
        typer.echo(json.dumps(rows, indent=1))
        return
    table = Table("Id", "Key", "Name", "Version", "Auth", "Methods")
    for c in chosen:
        auth = ", ".join(a.type for a in c.definition.auth)
        table.add_row(str(c.id), c.key, c.definition.name, c.definition.version, auth, str(c.method_count))
    console.print(table)


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


@connectors_app.command("import")
def connectors_import(
    spec: Annotated[Path, typer.Argument(help="OpenAPI 2.0/3.0/3.1 document, YAML or JSON")],
    key: Annotated[str, typer.Option(help="The connector key, e.g. hubspot")],
    overlay: Annotated[Path | None, typer.Option(help="Overlay YAML: what the spec leaves out")] = None,
    out: Annotated[Path, typer.Option(help="Write DIR/KEY/connector.yaml")] = Path("."),
    max_spec_mb: Annotated[float, typer.Option(min=0.001, help="Refuse a spec or overlay larger than this")] = 32,
    root: Annotated[
        Path | None, typer.Option(help="A folder above the spec's, from which its references may read files")
    ] = None,
) -> None:
    """Import an OpenAPI document as a connector, then report what was mapped and what was not, and why."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):  # before the spec is read: a big one takes minutes to map
        console.print(
            Text(f"--key {key!r} is not a connector key: lower case letters, digits and _, starting with a letter "
                 f"(such as {re.sub(r'[^a-z0-9_]+', '_', key.lower()).strip('_0123456789') or 'vendor'!r})",
                 style="red"),
            highlight=False,
        )  # fmt: skip
        raise typer.Exit(2)

    from switchboard.errors import ConfigurationError
    from switchboard.importer.files import import_files, printable, report_lines
    from switchboard.importer.limits import MB, ImportLimits

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    # On a terminal only, and gone once the import ends: the report is what stays.
    bar = Progress(*columns, TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal)
    task = bar.add_task("Reading the spec", total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, description="Mapping operations", completed=done, total=total)

    try:
        with bar:
            limits = ImportLimits(max_bytes=int(max_spec_mb * MB))
            target, result = import_files(spec, key, overlay, out, limits, progress=advance, root=root)
    except (ConfigurationError, OSError) as exc:
        # The file and the system's reason, not Python's "[Errno 2] ..." form.
        said = f"Could not use {exc.filename}: {exc.strerror}" if isinstance(exc, OSError) and exc.strerror else exc
        # Text, not markup: the message quotes the spec, whose brackets Rich would read as styles. Line by line:
        # a validation error's lines are its own, not control characters to escape.
        shown = "\n".join(printable(line) for line in str(said).splitlines())
        console.print(Text(shown, style="red"), highlight=False)
        raise typer.Exit(1) from None
    console.print("\n".join(report_lines(result)), markup=False, highlight=False)
    console.print(Text(f"Connector written to {printable(str(target))}"), highlight=False)


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

    from switchboard.catalog import Registry
    from switchboard.connections.setup import apply_settings
    from switchboard.store import SecretBox
    from switchboard.store.models import Partner

    settings = Settings()
    announce_data(settings)
    connector = Registry.load(settings.connector_dirs).by_key.get(key)
    if connector is None:
        raise typer.BadParameter(f"unknown connector {key!r}", param_hint="KEY")
    if client_secret is None:
        client_secret = typer.prompt("Client Secret", hide_input=True)

    async def configure() -> None:
        async with database(settings) as db:
            async with db.session() as session:
                partner_id = await session.scalar(select(Partner.id).where(Partner.client_id == partner))
            if partner_id is None:
                raise typer.BadParameter(f"no partner with client_id {partner!r}", param_hint="--partner")
            await apply_settings(
                db,
                SecretBox.from_config(settings.secret_key, settings.data_dir),
                partner_id,
                connector,
                client_id=client_id,
                client_secret=client_secret,
                scopes=scope or None,
            )

    run(configure())
    console.print(f"{connector.definition.name} settings saved for partner {partner}.")
    console.print(callback_note(settings, connector.id), soft_wrap=True, markup=False, highlight=False)


def callback_note(settings: Settings, connector_id: int) -> str:
    """The redirect URI to register with the provider, and where its address comes from.

    The server answers ``<its SWITCHBOARD_PUBLIC_URL>/connector/callback``; this command knows that
    variable only when it is given it too, or the port of a demo running on the same data folder.
    """
    where = f"GET /v1.0/connectors/{connector_id}/settings answers the server's own as CallbackUrl"
    if "public_url" in settings.model_fields_set:
        url = f"{settings.public_url.rstrip('/')}/connector/callback"
        return f"Register this redirect URI with the provider: {url} (from SWITCHBOARD_PUBLIC_URL here; {where})"
    port = running_port(settings.data_dir)
    if port is not None:
        url = f"http://127.0.0.1:{port}/connector/callback"
        return (
            f"Register this redirect URI with the provider: {url} (the demo running on this data folder, "
            f"port {port}, is at http://127.0.0.1:{port}; SWITCHBOARD_PUBLIC_URL is not set here; {where})"
        )
    url = f"{settings.public_url.rstrip('/')}/connector/callback"
    return (
        f"Register this redirect URI with the provider: {url}, if the server is at {settings.public_url}: that is "
        "SWITCHBOARD_PUBLIC_URL's default, as this command has no SWITCHBOARD_PUBLIC_URL and no demo runs on this "
        "data folder. A server on another port or host answers <its SWITCHBOARD_PUBLIC_URL>/connector/callback: "
        "run this command with SWITCHBOARD_PUBLIC_URL set as the server has it (the demo's: http://127.0.0.1:PORT), "
        f"or read it from the server ({where})."
    )
