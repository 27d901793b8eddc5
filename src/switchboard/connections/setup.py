"""Setting up connections: the partner's OAuth app for a connector, installing into an account.

Shared by the API, the console and the command line, so each validates the same way.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.auth.credentials import Credentials, OAuth2Credentials
from switchboard.catalog.models import OAuth2Auth
from switchboard.catalog.registry import Connector
from switchboard.connections.auth_value import AuthKind, read_auth_value
from switchboard.connections.offer import has_app
from switchboard.connections.verify import CredentialCheck, limit_scope
from switchboard.connections.writes import ConnectionWrites
from switchboard.engine.verify import Verdict
from switchboard.errors import InputError
from switchboard.store import Database, SecretBox
from switchboard.store.models import AccountConnector, ConnectorSetting
from switchboard.store.oauth import get_settings, put_settings
from switchboard.store.partner_properties import get_partner_properties
from switchboard.store.properties import over_partner

APP_PROPERTIES = ("ClientId", "ClientSecret")


async def apply_settings(
    db: Database,
    secrets: SecretBox,
    partner: int,
    connector: Connector,
    *,
    client_id: str | None,
    client_secret: str | None,
    scopes: list[str] | None,
) -> ConnectorSetting:
    """Validate and store a partner's OAuth app; ``client_secret`` None keeps the stored one, "" clears it."""
    check_app(connector, scopes)
    async with db.session() as session:
        return await put_app(
            session, secrets, partner, connector, client_id=client_id, client_secret=client_secret, scopes=scopes
        )


def check_app(connector: Connector, scopes: list[str] | None) -> None:
    """An ``InputError`` unless ``connector`` takes an OAuth app with these ``scopes`` (None: the offered ones)."""
    oauth = connector.definition.auth_of("oauth2")
    if not isinstance(oauth, OAuth2Auth):
        raise InputError(f"{connector.definition.name} does not use OAuth: it has no app settings")
    if scopes is not None and oauth.scopes:
        unknown = sorted(set(scopes) - set(oauth.scopes))
        if unknown:
            raise InputError(
                f"Unknown scopes {', '.join(unknown)}; {connector.definition.name} offers {', '.join(oauth.scopes)}"
            )


async def put_app(
    session: AsyncSession,
    secrets: SecretBox,
    partner: int,
    connector: Connector,
    *,
    client_id: str | None,
    client_secret: str | None,
    scopes: list[str] | None,
) -> ConnectorSetting:
    """Store an app ``check_app`` passed, in the caller's transaction (so with the rest of a settings body)."""
    secret = secrets.encrypt({"value": client_secret}) if client_secret else None
    return await put_settings(
        session,
        partner,
        connector.key,
        client_id=client_id or None,
        client_secret_encrypted=secret,
        scopes=scopes,
        keep_secret=client_secret is None,
    )


async def install(
    db: Database,
    secrets: SecretBox,
    writes: ConnectionWrites,
    connector: Connector,
    *,
    partner_id: int,
    account_id: int,
    name: str | None,
    description: str,
    auth_value: str | None,
    properties: dict[str, str | None],
    checks: CredentialCheck,
    auth_kind: AuthKind | None = None,
) -> AccountConnector:
    """Install ``connector`` into an account; ``auth_value`` (an API key, Basic credentials or an OAuth token
    set: ``connections.auth_value``) authenticates it at once, read as ``auth_kind`` when the caller chose one
    (Cyclr's ``AuthenticationId``). The credentials are checked first (``checks``): refused, nothing is
    installed (``CredentialsRefused``); not checkable now, the install is marked unverified."""
    definition = connector.definition
    properties = dict(properties)
    if auth_value is not None and auth_value.strip() == "{}" and definition.auth_of("client_credentials"):
        auth_value, auth_kind = _client_from_properties(definition.name, properties), "client_credentials"
    credentials = read_auth_value(definition, auth_value, kind=auth_kind) if auth_value is not None else None
    # What the partner set for the connector, in one transaction: its OAuth app and its values for every install
    # (what the install leaves unset). One snapshot on SQLite; PostgreSQL's read committed may still show a settings
    # write that commits between the two reads half.
    async with db.session() as session:
        settings = await get_settings(session, partner_id, connector.key)
        partners = await partner_values(session, writes, partner_id, connector)
    app = _install_app(connector, properties, credentials, settings)
    known = {p.name for p in definition.properties}
    for key in properties:
        if key not in known:
            raise InputError(
                f"Unknown property {key} for {definition.name}; it takes: {', '.join(sorted(known)) or 'none'}"
            )
    for prop in definition.properties:
        # A property the vendor tells at sign-in may wait for it, unless an AuthValue skips the sign-in.
        deferred = prop.source is not None and credentials is None
        if prop.required and not properties.get(prop.name) and not partners.get(prop.name) and not deferred:
            raise InputError(
                f"Required property {prop.display_name or prop.name} was not provided", PropertyName=prop.name
            )
    given = {k: v for k, v in properties.items() if v is not None}
    used = over_partner(partners, given)  # what its calls will fill templates with
    await writes.check_hosts(definition, used)  # before the credentials check sends anything there
    # Not yet a connection: the check counts against a limiter bucket of the account's own (negative, so
    # never a connection's id), not one every install of every partner would share.
    verdict = (
        await checks.checked(
            connector, credentials, used, limit_scope(-account_id, partner_id, credentials, partners_app=app is None)
        )
        if credentials is not None
        else None
    )
    row = AccountConnector(
        account_id=account_id,
        connector_key=connector.key,
        name=name or definition.name,
        description=description,
        properties={},
        credentials_version=0,
        auth_state="unauthenticated",
        auth_type=credentials.type if credentials is not None else auth_kind,  # Cyclr's AuthenticationId, shown
        oauth_app_encrypted=secrets.encrypt(app) if app else None,
    )
    writes.set_properties(row, definition.secret_properties, given)
    async with db.session() as session:
        await writes.created(session, row, credentials, verdict)
    return row


async def authenticate(
    session: AsyncSession,
    writes: ConnectionWrites,
    connector: Connector,
    row: AccountConnector,
    partner_id: int,
    auth_value: str,
    checks: CredentialCheck,
) -> Verdict | None:
    """``PUT`` with ``AuthValue``: the credentials it stands for replace the connection's, once checked
    (refused: ``CredentialsRefused``, the connection unchanged)."""
    definition = connector.definition
    credentials = read_auth_value(definition, auth_value)
    if isinstance(credentials, OAuth2Credentials):
        with session.no_autoflush:  # nothing written (nor locked) before the check below
            partner_app = row.oauth_app_encrypted is not None or has_app(
                await get_settings(session, partner_id, connector.key)
            )
        if not partner_app:
            raise InputError(_no_app_for_tokens(connector))
        partners = await partner_values(session, writes, partner_id, connector)
        for prop in definition.properties:
            if prop.required and not row.properties.get(prop.name) and not partners.get(prop.name):
                raise InputError(
                    f"Required property {prop.display_name or prop.name} is not set; the sign-in would have read it: "
                    "give it in the same request (Properties)"
                )
    return await save_checked(session, writes, checks, connector, row, credentials, partner_id)


async def save_checked(
    session: AsyncSession,
    writes: ConnectionWrites,
    checks: CredentialCheck,
    connector: Connector,
    row: AccountConnector,
    credentials: Credentials,
    partner_id: int,
) -> Verdict | None:
    """New credentials for an existing connection, saved only when the provider does not refuse them.

    The check runs before anything of ``session`` is flushed, so no write lock is held while it waits."""
    scope = limit_scope(row.id, partner_id, credentials, partners_app=row.oauth_app_encrypted is None)
    partners = await partner_values(session, writes, partner_id, connector)  # read without flushing first
    verdict = await checks.checked(connector, credentials, over_partner(partners, writes.properties_of(row)), scope)
    await session.flush()
    await writes.set_credentials(session, row, credentials, verdict)
    return verdict


async def partner_values(
    session: AsyncSession, writes: ConnectionWrites, partner_id: int, connector: Connector
) -> dict[str, Any]:
    """The partner's values for every install of ``connector``, secret ones decrypted: what an install leaves
    unset takes (``store.properties.over_partner``)."""
    with session.no_autoflush:
        stored = await get_partner_properties(session, partner_id, connector.key)
    return writes.secrets.values(stored.properties, stored.secret_properties_encrypted) if stored else {}


def _client_from_properties(name: str, properties: dict[str, str | None]) -> str:
    """Cyclr's ``AuthValue: "{}"`` (get the tokens yourself from the details given) on a client-credentials
    connector: the ``ClientId`` and ``ClientSecret`` Properties are its client's id and secret, taken out."""
    client_id, secret = (properties.pop(key, None) for key in APP_PROPERTIES)
    if not client_id or not secret or not client_id.strip() or not secret.strip():
        raise InputError(
            f"AuthValue \"{{}}\" asks Switchboard to fetch {name}'s tokens itself: give the client's ClientId and "
            'ClientSecret in Properties, or AuthValue "client_id:client_secret"'
        )
    return f"{client_id.strip()}:{secret.strip()}"


def _install_app(
    connector: Connector,
    properties: dict[str, str | None],
    credentials: Credentials | None,
    settings: ConnectorSetting | None,
) -> dict[str, str] | None:
    """The OAuth app given with the install, taken out of ``properties`` (``settings``: the partner's own, if any).

    When the partner has no app for an OAuth connector, each install must bring one (the
    ClientId and ClientSecret properties), unless it authenticates with an API key instead.
    A token set brought in (``AuthValue``) needs the app too: refreshing it takes the app's secret.
    """
    given = {key: properties.pop(key) for key in APP_PROPERTIES if key in properties}
    oauth = connector.definition.auth_of("oauth2")
    if oauth is None:
        if given:
            raise InputError(f"{connector.definition.name} does not use OAuth: ClientId and ClientSecret do not apply")
        return None
    if given.get("ClientId") and given.get("ClientSecret"):
        return {"client_id": str(given["ClientId"]), "client_secret": str(given["ClientSecret"])}
    if given:
        raise InputError("Give both ClientId and ClientSecret, or neither")
    if has_app(settings):
        return None
    if isinstance(credentials, OAuth2Credentials):
        raise InputError(_no_app_for_tokens(connector))
    if credentials is not None or connector.definition.auth_of("api_key") is not None:
        return None  # it can authenticate with an API key; OAuth needs the app later
    raise InputError(
        f"{connector.definition.name} needs an OAuth app: set ClientId and ClientSecret in the connector "
        f"settings (PUT /v1.0/connectors/{connector.id}/settings) or pass them as install Properties"
    )


def _no_app_for_tokens(connector: Connector) -> str:
    return (
        f"An OAuth token set for {connector.definition.name} needs the OAuth app that issued it, to refresh it: set "
        f"ClientId and ClientSecret in the connector settings (PUT /v1.0/connectors/{connector.id}/settings) or "
        "pass them as install Properties"
    )
