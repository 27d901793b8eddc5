"""Admin commands on the same database: partners, the schema, the secrets key."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from switchboard.cli._shared import (
    announce_data,
    console,
    database,
    db_app,
    keys_app,
    partner_app,
    run,
    upgrade,
    with_session,
)
from switchboard.settings import Settings


@partner_app.command("create")
def partner_create(
    name: Annotated[str, typer.Option(help="The partner's name")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Create a partner; its client secret is printed this once and stored only hashed."""
    from switchboard.store.partners import create_partner

    created = run(with_session(lambda s: create_partner(s, name)))
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

    partners = run(with_session(list_partners))
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

    stored = run(with_session(apply))
    if cidr or clear:
        console.print(f"Allow list saved for partner {partner}; running servers apply it within about a second.")
    console.print("\n".join(stored) if stored else "Empty: method calls are accepted from any address.")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schema to the newest migration."""
    settings = Settings()
    announce_data(settings)
    from switchboard.store.db import HEAD_REVISION

    changed = run(upgrade(settings))
    newest = f"the newest migration, {HEAD_REVISION}"
    console.print(f"Database migrated to {newest}." if changed else f"Database is at {newest}: nothing to do.")


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
    from switchboard.store import SecretBox
    from switchboard.store.rotation import rotate_secrets

    settings = Settings()
    announce_data(settings)
    secrets = SecretBox.from_config(settings.secret_key, settings.data_dir)
    if secrets.key_count < 2:
        console.print(
            "[yellow]warning:[/] only one key is configured, so secrets are re-encrypted under the key they "
            'already use. To rotate, set SWITCHBOARD_SECRET_KEY="<new key>,<old key>" (`switchboard keys generate`).'
        )

    async def rotate() -> Any:
        async with database(settings) as db:
            return await rotate_secrets(db, secrets)

    report = run(rotate())
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
