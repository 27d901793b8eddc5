"""Headers every call sends from the connection's properties, where the spec asks for them on every call.

Apideck's operations need ``x-apideck-app-id`` and ``x-apideck-consumer-id``: declared both as API key
schemes its security asks for beside the key, and as required header parameters of every operation. As
method inputs a caller would give them on every call; they are the connection's, set once.
"""

from __future__ import annotations

import re
from typing import Any

from switchboard.importer.schemas import human, short

# A header whose name says it holds an identifier (an app or consumer id) is no secret, even as a security scheme.
_AN_ID = re.compile(r"(^|[-_])id$|[a-z]Id$")


def property_of(header: str) -> str:
    """The property a header is filled from: its name in snake case (``x-apideck-app-id``: ``x_apideck_app_id``)."""
    return re.sub(r"[^a-z0-9]+", "_", header.lower()).strip("_") or "header"


def connection_headers(
    beside: dict[str, tuple[str, str]],
    methods: list[dict[str, Any]],
    auth: list[dict[str, Any]],
    given: dict[str, str],
    notes: list[tuple[str, str]],
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The connector's headers (each ``{property}``) and their properties: the API key headers asked for beside
    the auth (``beside``: scheme name -> header, description), then each required header parameter, with no
    default, of every one of ``methods`` (the generated ones, two or more), which leaves those methods'
    parameters. A header the auth sends, or the overlay's ``headers`` (``given``) name, is none of them."""
    taken = {str(n).lower() for a in auth for n in (a.get("name"), a.get("secret_name"), a.get("header_name")) if n}
    taken |= {name.lower() for name in given}
    headers: dict[str, str] = {}
    properties: list[dict[str, Any]] = []

    def add(header: str, description: str, secret: bool, where: str, why: str) -> None:
        name = property_of(header)
        if header.lower() in taken or name in {p["name"] for p in properties}:
            return
        taken.add(header.lower())
        headers[header] = "{" + name + "}"
        prop = {"name": name, "display_name": human(name), "required": True, "description": short(description, 200)}
        properties.append(prop | ({"secret": True} if secret else {}))
        notes.append((where, f"{why}: every call sends it as {header}, from the connection property {name}"))

    for scheme, (header, said) in beside.items():
        secret = _AN_ID.search(header) is None
        why = f"the security scheme {scheme} is asked for beside the auth" + ("" if secret else " (an id: not secret)")
        add(header, said or f"Sent as the {header} header (security scheme {scheme})", secret, "auth", why)
    for header, description in _on_every(methods).items():
        why = f"the header parameter {header} is required by every operation"
        add(header, description or f"Sent as the {header} header", False, "headers", why)
    sent = set(map(str.lower, headers))
    for method in methods:
        if sent and method.get("parameters"):
            kept = [p for p in method["parameters"] if not (p["in"] == "header" and _wire(p).lower() in sent)]
            method["parameters"] = kept
            if not kept:
                del method["parameters"]
    return headers, properties


def _on_every(methods: list[dict[str, Any]]) -> dict[str, str]:
    """Each header parameter every method requires without a default (no value to fill in for the caller), by
    its name as sent, with its first description."""
    if len(methods) < 2:
        return {}
    found: dict[str, tuple[str, str]] = {}  # lower-case name -> (name, description)
    counts: dict[str, int] = {}
    for method in methods:
        for p in method.get("parameters") or []:
            if p["in"] == "header" and p.get("required") and p.get("default") is None:
                key = _wire(p).lower()
                counts[key] = counts.get(key, 0) + 1
                found.setdefault(key, (_wire(p), str(p.get("description") or "")))
    return dict(found[key] for key, count in counts.items() if count == len(methods))


def _wire(parameter: dict[str, Any]) -> str:
    return str(parameter.get("api_name") or parameter["target"])
