"""What the connect page shows of each connector offered: its logo or letter tile, category and state."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from switchboard.catalog.models import ApiKeyAuth, PropertyDef
from switchboard.catalog.registry import Connector
from switchboard.connections.auth_value import AuthKind
from switchboard.connections.offer import is_enabled, unusable_reason
from switchboard.console.views import ConnectionView
from switchboard.store.models import ConnectorSetting

LOGO_NAMES = (("logo.svg", "image/svg+xml"), ("logo.png", "image/png"))
MAX_LOGO_BYTES = 64 * 1024  # a small mark, not a banner
TILE_COLOURS = 8  # .tile-0 ... .tile-7 in console.css (the page's policy allows no inline styles)


@dataclass(frozen=True, slots=True)
class Offer:
    """One connector on the connect page, with the end user's connection to it if there is one."""

    connector: Connector
    connection: ConnectionView | None
    has_logo: bool
    initial: str
    tile: int
    oauth_ready: bool
    preset: frozenset[str] = frozenset()  # properties the partner set for every install: never asked

    @property
    def key_form(self) -> KeyForm | None:
        return key_form(self.connector)

    @property
    def asks(self) -> tuple[PropertyDef, ...]:
        """The properties asked for, only while there is no connection (disconnect to change them)."""
        if self.connection is not None:
            return ()
        return tuple(p for p in asked_properties(self.connector) if p.name not in self.preset)

    @property
    def connected(self) -> bool:
        return self.connection is not None and self.connection.tone == "ok"

    @property
    def category(self) -> str:
        """The connector's first category (``categories`` in its definition), filed under it on the page."""
        return next(iter(self.connector.definition.categories), "Other")

    @property
    def search_text(self) -> str:
        d = self.connector.definition
        return f"{d.name} {' '.join(d.categories)} {d.description}".lower()


@dataclass(frozen=True, slots=True)
class KeyInput:
    """One input of the credentials form: the form field, its label, whether it is typed hidden."""

    field: str
    label: str
    hidden: bool


@dataclass(frozen=True, slots=True)
class KeyForm:
    """The credentials an end user types instead of signing in: read as ``kind``, from ``inputs``
    (joined ``first:second`` when there are two, as the AuthValue takes them)."""

    kind: AuthKind
    inputs: tuple[KeyInput, ...]
    button: str


def key_form(connector: Connector) -> KeyForm | None:
    """The connector's credentials form, or None when it signs in with OAuth only."""
    definition = connector.definition
    name = definition.name
    api_key = definition.auth_of("api_key")
    if isinstance(api_key, ApiKeyAuth) and api_key.encoding == "base64":  # HTTP Basic: two values
        user = KeyInput("username", f"{name} username", hidden=False)
        return KeyForm("api_key", (user, KeyInput("password", f"{name} password or API token", hidden=True)), "key")
    if api_key is not None:
        return KeyForm("api_key", (KeyInput("api_key", f"{name} API key", hidden=True),), "key")
    if definition.auth_of("client_credentials") is not None:
        client = KeyInput("client_id", f"{name} client ID", hidden=False)
        secret = KeyInput("client_secret", f"{name} client secret", hidden=True)
        return KeyForm("client_credentials", (client, secret), "credentials")
    return None


def asked_properties(connector: Connector) -> tuple[PropertyDef, ...]:
    """What the end user types before connecting: required properties no sign-in tells (a subdomain)."""
    return tuple(p for p in connector.definition.properties if p.required and p.source is None)


def logo_file(connector: Connector) -> tuple[Path, str] | None:
    """The connector's logo shipped in its folder (``logo.svg`` or ``logo.png``, small), if any."""
    folder = connector.definition.folder
    if folder is None:
        return None
    for name, media_type in LOGO_NAMES:
        path = folder / name
        try:
            if path.is_file() and path.stat().st_size <= MAX_LOGO_BYTES:
                return path, media_type
        except OSError:
            continue
    return None


def offer(
    connector: Connector, connection: ConnectionView | None, oauth_ready: bool, preset: frozenset[str] = frozenset()
) -> Offer:
    """``oauth_ready``: the connector signs in with OAuth and the partner's app for it is set; ``preset``: the
    properties the partner set a value for (connector settings), which the end user is not asked for."""
    name = connector.definition.name
    initial = next((ch for ch in name if ch.isalnum()), "?").upper()
    # Stable per connector: the same colour on every page and every host.
    tile = hashlib.sha256(connector.key.encode()).digest()[0] % TILE_COLOURS
    return Offer(connector, connection, logo_file(connector) is not None, initial, tile, oauth_ready, preset)


def categories(offers: list[Offer]) -> list[str]:
    return sorted({o.category for o in offers}, key=str.lower)


def not_offered(key: str, connectors: Iterable[Connector], settings: Mapping[str, ConnectorSetting]) -> tuple[str, str]:
    """For a link naming one connector that is not shown (``connector=<key>``): what the end user reads, and
    why, for the server log. The page repeats no words of the URL; the log names the key the link sent."""
    found = next((c for c in connectors if c.key == key), None)
    if found is None:
        said = "This link asks for an app that is not offered here. Ask the application for a new link."
        return said, f"connector={key} names no connector (a key is the connector's folder name, such as salesloft)"
    setting = settings.get(key)
    why = unusable_reason(found, setting) or ("" if is_enabled(setting) else "turned off in its settings")
    said = f"{found.definition.name} is not offered here yet. Ask the application for a new link."
    return said, f"connector={key} is not offered: {why}"
