"""What the connect page shows of each connector offered: its logo or letter tile, category and state."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from switchboard.catalog.registry import Connector
from switchboard.console.views import ConnectionView

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


def offer(connector: Connector, connection: ConnectionView | None, oauth_ready: bool) -> Offer:
    """``oauth_ready``: the connector signs in with OAuth and the partner's app for it is set."""
    name = connector.definition.name
    initial = next((ch for ch in name if ch.isalnum()), "?").upper()
    # Stable per connector: the same colour on every page and every host.
    tile = hashlib.sha256(connector.key.encode()).digest()[0] % TILE_COLOURS
    return Offer(connector, connection, logo_file(connector) is not None, initial, tile, oauth_ready)


def categories(offers: list[Offer]) -> list[str]:
    return sorted({o.category for o in offers}, key=str.lower)
