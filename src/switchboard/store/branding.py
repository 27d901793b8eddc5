"""A partner's branding for the connect page."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.numbers import is_digits
from switchboard.store.models import Branding, utcnow
from switchboard.store.upsert import insert_for

# scheme://host[:port] and at most a trailing slash; every part is checked again below.
_ORIGIN = re.compile(r"(?P<scheme>[A-Za-z]+)://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?/?")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_LOOPBACK_NAMES = {"localhost"}
ORIGIN_FORM = "give scheme://host[:port] (https, or http for localhost and loopback addresses), nothing else"


def origin_of(value: str) -> str:
    """``scheme://host[:port]``, lower-cased, or a ValueError that names the value and says why.

    An origin is what a browser sends in ``Origin`` and what CSP ``frame-ancestors`` and
    ``postMessage`` compare: a space, a ``*``, a path, a user or a query would widen or break both.
    """
    found = _ORIGIN.fullmatch(value.strip())
    if found is None:
        raise ValueError(f"{value!r} is not an origin: {ORIGIN_FORM}")
    scheme, host, port = found["scheme"].lower(), found["host"].lower(), found["port"]
    loopback = host in _LOOPBACK_NAMES
    if host.startswith("["):
        try:
            loopback = ipaddress.IPv6Address(host[1:-1]).is_loopback
        except ValueError:
            raise ValueError(f"{value!r} is not an origin: {host} is not an IPv6 address") from None
    elif is_digits(host.replace(".", "")):
        try:
            loopback = ipaddress.IPv4Address(host).is_loopback
        except ValueError:
            raise ValueError(f"{value!r} is not an origin: {host} is not an IPv4 address") from None
    elif len(host) > 253 or not all(_LABEL.fullmatch(label) for label in host.split(".")):
        raise ValueError(f"{value!r} is not an origin: {host} is not a host name")
    if scheme not in {"https", "http"} or (scheme == "http" and not loopback):
        raise ValueError(f"{value!r} is not an origin: use https (http only for localhost and loopback addresses)")
    if port is not None and not 0 < int(port) < 65536:
        raise ValueError(f"{value!r} is not an origin: port {port} is out of range")
    default = {"https": 443, "http": 80}[scheme]  # a browser's Origin leaves the default port out
    return f"{scheme}://{host}" + (f":{int(port)}" if port is not None and int(port) != default else "")


def valid_origins(values: list[str]) -> list[str]:
    """The stored origins that are origins (rows written before the check are not trusted blindly)."""
    kept = []
    for value in values:
        try:
            kept.append(origin_of(value))
        except ValueError:
            continue
    return kept


async def get_branding(session: AsyncSession, partner_id: int) -> Branding | None:
    return await session.get(Branding, partner_id)


async def put_branding(
    session: AsyncSession, partner_id: int, *, name: str, logo_url: str | None, colour: str, allowed_origins: list[str]
) -> Branding:
    """Create or replace the partner's branding (validated by the caller) in one statement.

    An upsert, not read-then-write: a partner's first two PUTs at once both found no row and both inserted,
    and the second insert's primary key violation was a 500.
    """
    changes: dict[str, Any] = {
        "name": name,
        "logo_url": logo_url,
        "colour": colour,
        "allowed_origins": list(allowed_origins),
        "updated_at": utcnow(),
    }
    insert = insert_for(session)(Branding).values(partner_id=partner_id, **changes)
    await session.execute(insert.on_conflict_do_update(index_elements=["partner_id"], set_=changes))
    row = await session.get(Branding, partner_id, populate_existing=True)
    assert row is not None
    return row
