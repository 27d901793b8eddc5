"""An API key's auth entry (one in a cookie sent in the ``Cookie`` header), and the format it goes in:
``Bearer {key}`` where its scheme's description writes it so (Apideck's), or the overlay's ``api_key_format``."""

from __future__ import annotations

import re
from typing import Any

from switchboard.errors import ConfigurationError

# A description that writes the key's header value with a Bearer before it (Apideck's
# "Authorization: Bearer "YOUR_API_KEY_HERE"", "Bearer <key>", "prefixed with Bearer"): a placeholder after the
# word, or an upper-case name, not "a bearer token" in passing.
_BEARER = re.compile(
    r"\b(?i:bearer)\s+(?:[<{\[\"'`$]|[A-Z][A-Z0-9_]{2,}\b)|(?i:prefix(?:ed)?\s+(?:with|by)\s+)\W?Bearer\b"
)


def api_key_entry(scheme: dict[str, Any], name: str, notes: list[tuple[str, str]]) -> dict[str, Any]:
    """An ``apiKey`` scheme's auth entry. One in a cookie goes in the ``Cookie`` header as ``name={key}``: the
    connection keeps no cookies, and a bearer token in its place is one the API never reads."""
    key_name = str(scheme.get("name") or "Authorization")
    if scheme.get("in") == "cookie":
        notes.append((f"security scheme {name}", f"the key goes in a cookie: sent as Cookie: {key_name}={{key}}"))
        return {"type": "api_key", "in": "header", "name": "Cookie", "format": f"{key_name}={{key}}"}
    return {"type": "api_key", "in": scheme["in"], "name": key_name, "format": "{key}"}


def prefixed(entry: dict[str, Any], name: str, description: str, notes: list[tuple[str, str]]) -> None:
    """An API key sent in ``Authorization`` whose scheme's description says it goes as ``Bearer <key>``: so sent
    (an overlay's ``api_key_format`` says it where the words do not, and wins over them)."""
    if entry["in"] != "header" or str(entry["name"]).lower() != "authorization" or not _BEARER.search(description):
        return
    entry["format"] = "Bearer {key}"
    notes.append((f"security scheme {name}", "its description writes the key as Bearer <key>: sent as "
                  "Authorization: Bearer {key} (the overlay's api_key_format says otherwise)"))  # fmt: skip


def key_format(auth: list[dict[str, Any]], given: str | None, notes: list[tuple[str, str]]) -> None:
    """The overlay's ``api_key_format`` (``Bearer {key}``) as the format of the API key read from the spec."""
    if given is None:
        return
    entry = next((a for a in auth if a.get("type") == "api_key"), None)
    if entry is None:
        raise ConfigurationError("api_key_format: the spec's auth has no API key to format (give auth instead)")
    if entry["format"] != given:
        entry["format"] = given
        notes.append(("auth", f"the API key goes as {entry['name']}: {given}, as the overlay's api_key_format says"))
