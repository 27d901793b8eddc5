"""``switchboard demo``: emulators, a seeded partner, account and connection, and curl commands."""

from __future__ import annotations

import asyncio
import os
import shlex
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.auth.credentials import ApiKeyCredentials
from switchboard.catalog import Registry
from switchboard.events.types import new_secret
from switchboard.mcp.snippets import desktop_config, python_snippet
from switchboard.settings import Settings
from switchboard.store import Database, SecretBox, crypto
from switchboard.store.accounts import create_account
from switchboard.store.mcp_tokens import create_token
from switchboard.store.models import Account, AccountConnector, Partner, WebhookEndpoint
from switchboard.store.oauth import put_settings
from switchboard.store.partners import NewPartner, create_partner, issue_token
from switchboard.syncs import manage as syncs_manage

if TYPE_CHECKING:
    from switchboard_emulators.constant_contact import ConstantContactEmulator

ACCOUNT_ID = "demo-account"
DEMO_PARTNER = "Demo Partner"


@dataclass
class DemoHandle:
    instructions: str
    stop: Callable[[], None]


def prepare_demo(data_dir: Path, port: int) -> DemoHandle:
    """Start the emulators, point Switchboard at them and seed its store; returns what to print.

    The emulators are a distribution of their own (``switchboard-emulators``), imported here
    only: the ``demo`` command checks first that they are installed.
    """
    from switchboard_emulators import EmulatorServer
    from switchboard_emulators.constant_contact import ConstantContactEmulator
    from switchboard_emulators.salesloft import SalesloftEmulator

    salesloft = EmulatorServer(SalesloftEmulator()).start()
    constant_contact = EmulatorServer(ConstantContactEmulator()).start()
    salesloft_emulator = salesloft.emulator
    assert isinstance(salesloft_emulator, SalesloftEmulator)
    salesloft_emulator.seed("accounts", 250)
    os.environ.update(
        {
            "SWITCHBOARD_DATA_DIR": str(data_dir),
            "SWITCHBOARD_UPSTREAM_SALESLOFT": salesloft.url,
            "SWITCHBOARD_UPSTREAM_CONSTANT_CONTACT": constant_contact.url,
            "SWITCHBOARD_PUBLIC_URL": f"http://127.0.0.1:{port}",
            # The demo's webhook receiver listens on this machine, which deployments keep closed.
            "SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS": "127.0.0.1/32",
        }
    )
    cc_emulator = constant_contact.emulator
    assert isinstance(cc_emulator, ConstantContactEmulator)
    settings = Settings()
    receiver, secret = _receiver(), new_secret()
    receiver_url = f"http://127.0.0.1:{receiver.server_address[1]}/webhooks"
    receiver.secret = secret  # type: ignore[attr-defined]
    seeded = asyncio.run(_seed(settings, salesloft_emulator.api_key, cc_emulator, (receiver_url, secret)))

    def stop() -> None:
        salesloft.stop()
        constant_contact.stop()
        receiver.shutdown()

    base = f"http://127.0.0.1:{port}"
    text = (
        _instructions(base, seeded, salesloft.url, receiver_url, settings)
        + _sync_instructions(base, seeded, salesloft.url, salesloft_emulator.api_key)
        + _mcp_instructions(base, seeded)
        + _oauth_instructions(base, seeded, cc_emulator, constant_contact.url)
    )
    return DemoHandle(text, stop)


@dataclass
class _Seeded:
    client_id: str
    client_secret: str
    token: str
    account_connector_id: int
    constant_contact_id: int
    registry: Registry
    mcp_token: str = ""
    sync_id: int = 0


async def _seed(settings: Settings, api_key: str, cc: ConstantContactEmulator, webhook: tuple[str, str]) -> _Seeded:
    db = Database.configured(settings)
    box = SecretBox.from_config(settings.secret_key, settings.data_dir)
    registry = Registry.load(settings.connector_dirs)
    try:
        await db.upgrade()
        async with db.session() as session:
            partner = await _demo_partner(session)
            token = await issue_token(session, partner.id, settings.partner_token_ttl)
            account = await create_account(
                session, partner.id, api_id=ACCOUNT_ID, name="Demo Customer", description="", timezone="UTC"
            )
            connection = AccountConnector(
                account_id=account.id,
                connector_key="salesloft",
                name="Demo Salesloft",
                description="Installed by the demo with the emulator's API key",
                properties={},
                credentials_encrypted=box.encrypt(ApiKeyCredentials(key=api_key).model_dump()),
                auth_type="api_key",
                credentials_version=1,
                auth_state="authenticated",
            )
            # Constant Contact: the partner's OAuth app is the emulator's, the connection waits for sign-in.
            await put_settings(
                session,
                partner.id,
                "constant_contact",
                client_id=cc.client_id,
                client_secret_encrypted=box.encrypt({"value": cc.client_secret}),
                scopes=None,
                keep_secret=False,
            )
            waiting = AccountConnector(
                account_id=account.id,
                connector_key="constant_contact",
                name="Demo Constant Contact",
                description="Installed by the demo; sign in through the browser flow",
                properties={},
                credentials_version=0,
                auth_state="unauthenticated",
            )
            # The demo's own receiver gets every event (it prints them as they arrive).
            endpoint = WebhookEndpoint(
                partner_id=partner.id,
                url=webhook[0],
                events=[],
                description="The demo's receiver",
                enabled=True,
                secret_encrypted=box.encrypt({"secret": webhook[1]}),
            )
            session.add_all([connection, waiting, endpoint])
            await session.flush()
            # An agent's token: this customer's Salesloft tools and nothing else.
            _, mcp_token = await create_token(
                session,
                account,
                name="Demo agent",
                account_connector_ids=[connection.id],
                methods=["*"],
                read_only=False,
                expires_in=30 * 86400,
            )
            # The connector's default "accounts" sync, ready to be turned on.
            salesloft = registry.by_key["salesloft"]
            sync = await syncs_manage.create(
                session, connection, salesloft, syncs_manage.default_spec(salesloft, "accounts"), enabled=False
            )
            seeded = _Seeded(partner.client_id, partner.client_secret, token, connection.id, waiting.id, registry)
            seeded.mcp_token = mcp_token
            seeded.sync_id = sync.id
            return seeded
    finally:
        await db.close()


async def _demo_partner(session: AsyncSession) -> NewPartner:
    """The demo's partner: made on the first run and reused by every later one, so there is one "Demo Partner".

    It gets a fresh client secret each run (only its hash is stored, and the demo prints it), and
    what the previous run seeded goes (the account and the receiver): that run's emulators are gone.
    """
    found = await session.scalar(select(Partner).where(Partner.name == DEMO_PARTNER).order_by(Partner.id).limit(1))
    if found is None:
        return await create_partner(session, DEMO_PARTNER)
    secret = crypto.new_secret(32)
    found.client_secret_hash = crypto.hash_secret(secret)
    await session.execute(delete(Account).where(Account.partner_id == found.id, Account.api_id == ACCOUNT_ID))
    await session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.partner_id == found.id))
    return NewPartner(found.id, found.name, found.client_id, secret)


def _instructions(base: str, seeded: _Seeded, emulator_url: str, receiver_url: str, settings: Settings) -> str:
    salesloft = seeded.registry.by_key["salesloft"]
    create_person = next(m for m in salesloft.methods if m.name == "Create person")
    list_accounts = next(m for m in salesloft.methods if m.name == "List accounts")
    fields = create_person.field_by_location
    auth = ["-H", f"Authorization: Bearer {seeded.token}"]
    account = [*auth, "-H", f"X-Cyclr-Account: {ACCOUNT_ID}"]
    json_body = ["-H", "Content-Type: application/json", "-d"]
    call = f"{base}/v1.0/account/connectors/{seeded.account_connector_id}"
    by_name = {"RequestBody": orjson.dumps({"email_address": "ada@example.com", "first_name": "Ada"}).decode()}
    page_ids = list_accounts.parameter_by_target
    test_page = {"Parameters": {str(page_ids["page"].id): 1, str(page_ids["per_page"].id): 2}}
    by_id = {"Fields": {str(fields["email_address"].id): "grace@example.com", str(fields["last_name"].id): "Hopper"}}
    commands = [
        ("Get a partner token (client credentials)", ["-X", "POST", f"{base}/oauth/token", "-d",
         "grant_type=client_credentials", "-d", f"client_id={seeded.client_id}", "-d",
         f"client_secret={seeded.client_secret}"]),
        ("List the connector library", [*auth, f"{base}/v1.0/connectors"]),
        ("List the account's connectors", [*account, f"{base}/v1.0/account/connectors"]),
        ("Create a person in Salesloft (the /body form, RequestBody as an escaped JSON string)",
         ["-X", "POST", *account, *json_body, orjson.dumps(by_name).decode(),
          f"{call}/methods/{create_person.unique_id}/body"]),
        ("Create a person with Fields keyed by numeric Id",
         ["-X", "POST", *account, *json_body, orjson.dumps(by_id).decode(), f"{call}/methods/{create_person.id}"]),
        ("List every account in Salesloft (250 records over 3 pages, answered as one list)",
         ["-X", "POST", *account, *json_body, "{}", f"{call}/methods/{list_accounts.unique_id}"]),
        ("Just page 2, 10 per page",
         ["-X", "POST", *account, *json_body, '{"Parameters": {"page": 2, "per_page": 10}}',
          f"{call}/methods/{list_accounts.unique_id}/body"]),
        ("Page 1 through /test/: also answers the requests sent and the responses (secrets redacted)",
         ["-X", "POST", *account, *json_body, orjson.dumps(test_page).decode(), f"{call}/test/{list_accounts.id}"]),
        ("The call log: the calls above, newest first (GET /v1.0/calls/<RequestId> adds their exchanges)",
         [*auth, f"{base}/v1.0/calls?limit=3"]),
        ("Only the calls that failed", [*auth, f"{base}/v1.0/calls?status=failed"]),
        ("Prometheus metrics (from this machine, or with SWITCHBOARD_METRICS_TOKEN)",
         [f"{base}/metrics", "-o", "/dev/null", "-w", "%{http_code} %{size_download} bytes of metrics"]),
    ]  # fmt: skip
    lines = [
        "",
        "Switchboard demo",
        f"  API:                 {base}  (OpenAPI docs at {base}/docs)",
        f"  Salesloft emulator:  {emulator_url}",
        f"  Partner client id:   {seeded.client_id}",
        f"  Account API ID:      {ACCOUNT_ID}",
        f"  Account connector:   {seeded.account_connector_id} (Salesloft, API key)",
        f"  Webhook receiver:    {receiver_url} (events are printed here as they arrive, signatures checked)",
        "                       (the demo opens 127.0.0.1 to webhooks for it: SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS;",
        "                       a deployment refuses loopback and private receivers)",
        "",
        "No curl? Open the console in a browser and sign in with the partner's credentials:",
        f"  Console:             {base}/console",
        f"  Client ID:           {seeded.client_id}",
        f"  Client Secret:       {seeded.client_secret}",
        f"  Data:                {_where(settings)}",
        "                       (the admin commands use it too: switchboard partner list, keys rotate, ...)",
        "",
        "Try these (they work as printed):",
    ]
    for title, args in commands:
        lines += ["", f"# {title}", "curl -s " + " ".join(shlex.quote(a) for a in args) + "; echo"]
    return "\n".join(lines)


def _sync_instructions(base: str, seeded: _Seeded, emulator_url: str, api_key: str) -> str:
    """Turning on a sync, changing a record at the provider, and seeing the change in the feed.

    Runs happen in the background: each step that needs one finished waits for it (a minute at
    most), or a rename made during the first run is read as part of it and is no update.
    """
    auth = f"-H 'Authorization: Bearer {seeded.token}' -H 'X-Cyclr-Account: {ACCOUNT_ID}'"
    sync = f"{base}/v1.0/account/connectors/{seeded.account_connector_id}/syncs/{seeded.sync_id}"
    json_type = "-H 'Content-Type: application/json'"
    feed = f"curl -s {auth} '{sync}/records?changes=updated'"
    lines = [
        "",
        "",
        "Syncs: a copy of the customer's Salesloft accounts, and what changed (the receiver prints sync.completed)",
        "",
        "# Turn on the connector's default accounts sync: its first run starts at once, in the background",
        f"curl -s -X PUT {auth} {json_type} -d '{{\"Enabled\": true}}' {sync} | head -c 300; echo",
        "# Wait for that first run to end (a few seconds): its LastRun has read all 250 accounts",
        f"for i in $(seq 60); do curl -s {auth} {sync} | grep -q '\"LastRun\":{{' && break; sleep 1; done; "
        f"curl -s {auth} {sync} | grep -o '\"LastRun\":{{[^}}]*}}'",
        "# The customer renames an account in their Salesloft (here, the emulator)",
        f"curl -s -X PUT -H 'Authorization: Bearer {api_key}' {json_type} "
        f'-d \'{{"name": "Renamed in Salesloft"}}\' {emulator_url}/v2/accounts/1 | head -c 200; echo',
        "# Run the sync now (or wait for its schedule: every 15 minutes); it asks for the changed accounts only",
        f"curl -s -X POST {auth} {sync}/run | head -c 300; echo",
        "# The records feed, once the run has written the change: the changes after a cursor you keep",
        "# (here: from the start, only the updated ones)",
        f"for i in $(seq 60); do {feed} | grep -q 'Renamed in Salesloft' && break; sleep 1; done; {feed}; echo",
    ]
    return "\n".join(lines)


def _mcp_instructions(base: str, seeded: _Seeded) -> str:
    """Connecting an agent to the customer's Salesloft: the MCP token, a desktop config, a Python client."""
    url = f"{base}/mcp"
    tools = f"{base}/v1.0/account/connectors/{seeded.account_connector_id}/tools"
    auth = f"-H 'Authorization: Bearer {seeded.mcp_token}'"
    snippet = python_snippet(url, seeded.mcp_token, "salesloft_list_accounts", {"page": 1, "per_page": 2})
    lines = [
        "",
        "",
        f"Agents: the customer's Salesloft as tools, over MCP at {url}",
        f"  MCP token (this account's Salesloft only): {seeded.mcp_token}",
        "",
        "# The same tools as function-calling schemas (format=openai|anthropic|mcp), and one call",
        f"curl -s {auth} '{tools}?format=anthropic' | head -c 600; echo",
        f"curl -s -X POST {auth} -H 'Content-Type: application/json' -d '{{\"page\": 1, \"per_page\": 2}}' "
        f"{tools}/salesloft_list_accounts; echo",
        "",
        "# A desktop agent's MCP config (mcpServers):",
        desktop_config("salesloft-demo-customer", url, seeded.mcp_token),
        "",
        '# Python, with the official mcp client (pip install "mcp>=2.3,<3"):',
        "# --- mcp client snippet ---",
        snippet.rstrip("\n"),
        "# --- end of snippet ---",
    ]
    return "\n".join(lines)


def _where(settings: Settings) -> str:
    # Never the database URL itself: it may carry a password.
    where = str(settings.data_dir.resolve())
    if settings.resolved_database_url.startswith("sqlite"):
        return where
    return f"{where} (database: SWITCHBOARD_DATABASE_URL)"


def _oauth_instructions(base: str, seeded: _Seeded, cc: ConstantContactEmulator, emulator_url: str) -> str:
    """The README's OAuth walk-through, against the Constant Contact emulator (which consents at once)."""
    connector = seeded.registry.by_key["constant_contact"]
    summary = next(m for m in connector.methods if m.name == "Get account summary")
    auth = f"-H 'Authorization: Bearer {seeded.token}'"
    account = f"{auth} -H 'X-Cyclr-Account: {ACCOUNT_ID}'"
    app = orjson.dumps({"ClientId": cc.client_id, "ClientSecret": cc.client_secret}).decode()
    sign_in = (
        f"{base}/connectorauth/updateaccountconnectoroauth?id={seeded.constant_contact_id}"
        f"&token=$SIGNIN&targetOrigin={base}/health"
    )
    lines = [
        "",
        f"Constant Contact through OAuth (emulator at {emulator_url}; account connector {seeded.constant_contact_id}):",
        "",
        "# 1. The partner's OAuth app (already set by the demo; shows the callback URL to register)",
        f"curl -s -X PUT {auth} -H 'Content-Type: application/json' -d {shlex.quote(app)} "
        f"{base}/v1.0/connectors/{connector.id}/settings; echo",
        "# 2. A sign-in token for the account's user",
        f"SIGNIN=$(curl -s -X POST {auth} {base}/v1.0/accounts/{ACCOUNT_ID}/signintoken"
        " | python3 -c 'import json, sys; print(json.load(sys.stdin)[\"Token\"])')",
        "# 3. The user's browser: Switchboard -> provider consent -> /connector/callback -> targetOrigin",
        f"curl -s -L -o /dev/null -w '%{{url_effective}}\\n' \"{sign_in}\"",
        "# 4. A call with the stored (and automatically refreshed) token",
        f"curl -s -X POST {account} -H 'Content-Type: application/json' -d '{{}}' "
        f"{base}/v1.0/account/connectors/{seeded.constant_contact_id}/methods/{summary.unique_id}; echo",
        "",
        "Press Ctrl+C to stop.",
        "",
    ]
    return "\n".join(lines)


def _receiver() -> ThreadingHTTPServer:
    """A webhook receiver on loopback that verifies each delivery (Standard Webhooks) and prints it."""
    from standardwebhooks import Webhook, WebhookVerificationError

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                Webhook(getattr(self.server, "secret", "")).verify(raw, headers)
                verdict = "signature ok"
            except WebhookVerificationError:
                verdict = "BAD SIGNATURE"
            event = orjson.loads(raw)
            data = event.get("data", {})
            about = f"account connector {data['AccountConnectorId']}" if "AccountConnectorId" in data else ""
            print(f"[webhook] {event.get('type')} {about} ({verdict})", flush=True)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="demo-webhooks").start()
    return server
