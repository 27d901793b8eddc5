"""Where webhook deliveries may go: not, unless the operator says so, into the machine's own or private networks.

A partner names the URL and Switchboard makes the request from inside the operator's network:
unguarded, an endpoint at ``http://169.254.169.254/`` or ``http://10.0.0.5/admin`` would reach
what only Switchboard can (SSRF). Loopback, private, link-local, shared, multicast, reserved and
unspecified addresses are refused: at registration when the URL names an address, and at
delivery for every address a name resolves to (so a name that later points inward is caught).
``SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS`` opens chosen networks (a receiver on the same host or LAN).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from switchboard.errors import InputError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
REFUSED = (
    "a loopback, private or link-local address: webhooks do not go there unless "
    "SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS opens its network"
)


class TargetRefused(OSError):
    """Every address of a receiver's host is closed to webhooks."""


class TargetPolicy:
    """Which receiver addresses deliveries may connect to."""

    def __init__(self, allow: Sequence[Network] = ()) -> None:
        self._allow = tuple(allow)

    def refused(self, address: str) -> bool:
        """Whether deliveries may not connect to ``address`` (an IP address in text)."""
        ip = _ip(address)
        return ip is None or self._closed(ip)

    def literal_refused(self, url: str) -> bool:
        """Whether ``url`` names a refused address itself (no name to resolve)."""
        ip = _ip(urlsplit(url).hostname or "")
        return ip is not None and self._closed(ip)

    def _closed(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped  # ::ffff:10.0.0.5 is 10.0.0.5
        if any(ip in network for network in self._allow):
            return False
        return not ip.is_global or ip.is_multicast

    def check_url(self, url: str) -> None:
        """Refuse, at registration, a URL whose host is a refused address."""
        if self.literal_refused(url):
            raise InputError(f"Url points at {REFUSED}")


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
        found = await self._inner.resolve(host, port, family)
        allowed = [r for r in found if not self._policy.refused(r["host"])]
        if not allowed:
            raise TargetRefused(f"the receiver's host resolves only to {REFUSED}")
        return allowed

    async def close(self) -> None:
        await self._inner.close()
