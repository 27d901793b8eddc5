"""Connector icons as ``data:`` URIs: a letter tile drawn from the connector's name (no logo ships)."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from html import escape

# Dark enough for white text to read on each.
_COLOURS = ("#1f5fbf", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#ef6c00", "#4e342e", "#37474f")


@cache
def letter_tile(key: str, name: str) -> str:
    """A 64x64 SVG tile with the name's first letter, its colour fixed by ``key``; base64 data URI."""
    letter = escape((name.strip()[:1] or "?").upper())
    colour = _COLOURS[hashlib.blake2b(key.encode(), digest_size=1).digest()[0] % len(_COLOURS)]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="12" fill="{colour}"/>'
        '<text x="32" y="43" font-family="Helvetica,Arial,sans-serif" font-size="32" font-weight="bold" '
        f'fill="#ffffff" text-anchor="middle">{letter}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
