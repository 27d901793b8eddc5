"""The partner's IP allow list: which addresses may call methods, and where a request comes from.

Like Cyclr, method calls are accepted only from a partner's listed addresses (an empty list
accepts any); connectors flagged ``is_partner_integration`` (Cyclr's IsPartnerIntegrationConnector)
may be called from anywhere. The list travels with the partner token lookup, which is cached,
so checking it costs no database query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from starlette.requests import Request

from switchboard.errors import Forbidden

# Validation lives with the store, so the console and the command line share it.
from switchboard.store.partners import MAX_CIDRS as MAX_CIDRS
from switchboard.store.partners import normalize_cidrs as normalize_cidrs

Network = IPv4Network | IPv6Network


@dataclass(frozen=True, slots=True)
class PartnerAccess:
    """A partner as its bearer token resolves: its id, its allow list (empty: any address), and the API ID
    of the one account an account-restricted token may reach (None: the whole partner; ``api.scope``)."""

    id: int
    allow_list: tuple[Network, ...] = ()
    account: str | None = None

    @classmethod
    def of(cls, partner_id: int, cidrs: Iterable[str], account: str | None = None) -> PartnerAccess:
        # Stored lists were validated when written; strict=False only forgives host bits.
        return cls(partner_id, tuple(ip_network(c, strict=False) for c in cidrs), account)

    def allows(self, address: str) -> bool:
        if not self.allow_list:
            return True
        ip = parse_ip(address)
        return ip is not None and any(ip in network for network in self.allow_list)


def parse_ip(value: str) -> IPv4Address | IPv6Address | None:
    """An address, with IPv4-mapped IPv6 (``::ffff:203.0.113.9`` from dual-stack sockets) as IPv4."""
    try:
        ip = ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(ip, IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def client_address(peer: str | None, forwarded_for: str, trusted_proxies: Sequence[Network]) -> str:
    """The caller's address: the TCP peer, unless that is a trusted proxy.

    Behind trusted proxies, ``X-Forwarded-For`` is read from the right (each proxy appends the
    address it saw) and the first hop that is not itself a trusted proxy is the caller. From any
    other peer the header is ignored: a caller could write anything there.
    """
    address = peer or "unknown"
    if not forwarded_for or not _trusted(address, trusted_proxies):
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        address = hop
        if not _trusted(hop, trusted_proxies):
            break
    return address


def check_caller(request: Request, partner: PartnerAccess, trusted_proxies: Sequence[Network]) -> None:
    """403 unless the request comes from an address on the partner's allow list."""
    peer = request.client.host if request.client else None
    check_address(peer, ",".join(request.headers.getlist("x-forwarded-for")), partner, trusted_proxies)


def check_address(
    peer: str | None, forwarded_for: str, partner: PartnerAccess, trusted_proxies: Sequence[Network]
) -> None:
    """``check_caller`` from the TCP peer and the joined ``X-Forwarded-For`` values (the ASGI edge's view)."""
    if not partner.allow_list:
        return
    address = client_address(peer, forwarded_for, trusted_proxies)
    if not partner.allows(address):
        raise Forbidden(f"Unknown client IP Address: {address[:100]}")


def _trusted(address: str, trusted_proxies: Sequence[Network]) -> bool:
    ip = parse_ip(address)
    return ip is not None and any(ip in network for network in trusted_proxies)
