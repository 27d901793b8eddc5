"""Where a request whose host a caller chose may go: not, unless the operator says so, into the machine's own
or private networks.

A partner names a webhook URL, or a connection property fills a connector's host (``https://{okta_domain}``),
and Switchboard makes the request from inside the operator's network: unguarded, ``http://169.254.169.254/``
or ``10.0.0.5`` would reach what only Switchboard can (SSRF). Loopback, private, link-local, shared,
multicast, reserved and unspecified addresses are refused: up front when the host is an address, and at
connect time for every address a name resolves to (``GuardedResolver``: the addresses checked are the
ones connected to, so a name that later points inward is caught). Each use opens chosen networks with a
setting of its own (``why`` names it).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from switchboard.errors import AddressRefused, InputError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
CLOSED = "a loopback, private or link-local address"


# NAT64's well-known prefix: a gateway turns 64:ff9b::7f00:1 into a connection to 127.0.0.1.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _embedded(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IPv4 address an IPv6 one carries to (mapped, 6to4, NAT64), judged as itself; else ``ip``."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped  # ::ffff:10.0.0.5 is 10.0.0.5
    if ip.sixtofour is not None:
        return ip.sixtofour  # 2002:7f00:1:: reaches 127.0.0.1 through a 6to4 relay
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


class TargetRefused(OSError):
    """Every address of a host is closed to this kind of request."""


class InvalidHostName(OSError):
    """The host is no name at all: IDNA refuses it (an empty label, ``acme..okta.com``, or one over 63)."""


class TargetPolicy:
    """Which addresses a kind of request may connect to; ``why`` ends a refusal (the setting that opens one)."""

    def __init__(self, allow: Sequence[Network] = (), *, why: str = CLOSED) -> None:
        self._allow = tuple(allow)
        self.why = why

    def refused(self, address: str) -> bool:
        """Whether requests may not connect to ``address`` (an IP address in text)."""
        ip = _ip(address)
        return ip is None or self._closed(ip)

    def literal_refused(self, url: str) -> bool:
        """Whether ``url`` names a refused address itself (no name to resolve), as written or as aiohttp reads it."""
        return self.host_refused(urlsplit(url).hostname or "") or self.host_refused(connect_host(url))

    def host_refused(self, host: str) -> bool:
        """Whether ``host`` is a refused address itself (a name is not: its addresses are checked when resolved)."""
        ip = _ip(host)
        return ip is not None and self._closed(ip)

    def _closed(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if isinstance(ip, ipaddress.IPv6Address):
            ip = _embedded(ip)
        if any(ip in network for network in self._allow):
            return False
        return not ip.is_global or ip.is_multicast

    def check_url(self, url: str) -> None:
        """Refuse, at registration, a URL whose host is a refused address."""
        if self.literal_refused(url):
            raise InputError(f"Url points at {self.why}")


def connect_host(url: str) -> str:
    """The host aiohttp connects to for ``url``, as yarl normalises it (IDNA, NFKC): 127.0.0.2 written in fullwidth or
    circled digits and dots is that address, which aiohttp connects to without asking a resolver, so it must be
    judged in this form, not as the name it looks like. "" when unreadable."""
    try:
        return URL(url).raw_host or ""
    except (ValueError, UnicodeError):
        return ""


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``text`` as an IP address (a scoped IPv6 address without its zone), or None if it is a name.

    IPv4 is read as ``inet_aton`` (and so ``getaddrinfo`` and browsers) read it: ``127.1``,
    ``0177.0.0.1``, ``0x7f.1`` and ``2130706433`` are all 127.0.0.1, whatever the text looks like.
    """
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return _inet_aton(text)


def _inet_aton(text: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address ``inet_aton`` reads from ``text`` (1 to 4 parts, each decimal, 0-octal or
    0x-hex; the last fills the remaining bytes), or None. Written out rather than calling
    ``socket.inet_aton``, whose leniency (trailing text after a space) varies with the C library."""
    parts = text[:-1].split(".") if text.endswith(".") else text.split(".")  # one trailing dot, as URL parsers
    if not 1 <= len(parts) <= 4:
        return None
    numbers = []
    for part in parts:
        lowered = part.lower()
        if lowered.startswith("0x"):
            digits, base = lowered[2:] or "0", 16
        elif len(lowered) > 1 and lowered.startswith("0"):
            digits, base = lowered[1:], 8
        else:
            digits, base = lowered, 10
        if not digits or not all(c in "0123456789abcdef"[:base] for c in digits):
            return None
        numbers.append(int(digits, base))
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


class GuardedResolver(AbstractResolver):
    """Resolves as usual and keeps only the addresses the policy allows; none left is a refusal."""

    def __init__(self, policy: TargetPolicy, inner: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._inner = inner or DefaultResolver()

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
                      ) -> list[ResolveResult]:  # fmt: skip
        try:
            found = await self._inner.resolve(host, port, family)
        except UnicodeError:  # a lookup failure (aiohttp wraps an OSError), not a ValueError out of the connector
            raise InvalidHostName(f"{host} is not a valid host name") from None
        allowed = [r for r in found if not self._policy.refused(r["host"])]
        if not allowed:
            raise TargetRefused(f"{host} resolves only to {self._policy.why}")
        return allowed

    async def close(self) -> None:
        await self._inner.close()


def property_refused(names: Sequence[str], why: str, done: str = "nothing was sent") -> AddressRefused:
    """The refusal of a host that connection properties ``names`` filled: what they point at and what to do."""
    joined = " and ".join(names)
    return AddressRefused(
        f"The {joined} property points this connection at {why}; {done}. "
        f"Set {joined} to the provider's public host name",
        PropertyName=names[0],
    )
