"""The allow list's pure parts: CIDR validation, matching, and whom X-Forwarded-For is believed from."""

from __future__ import annotations

from ipaddress import ip_network

import pytest

from switchboard.api.allow_list import PartnerAccess, client_address, normalize_cidrs
from switchboard.errors import InputError

PROXIES = [ip_network("10.0.0.0/8"), ip_network("fd00::/8")]


def test_cidrs_are_normalized_and_deduplicated() -> None:
    given = ["203.0.113.9", " 198.51.100.0/24", "2001:DB8::/32", "198.51.100.0/24", "::ffff:0:0/96"]
    assert normalize_cidrs(given) == ["203.0.113.9/32", "198.51.100.0/24", "2001:db8::/32", "::ffff:0:0/96"]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        pytest.param("198.51.100.7/24", "has host bits set: did you mean 198.51.100.0/24?", id="host-bits"),
        pytest.param("300.1.1.1", "is not a valid CIDR", id="octet"),
        pytest.param("10.0.0.0/33", "is not a valid CIDR", id="prefix"),
        pytest.param("", "is not a valid CIDR", id="empty"),
    ],
)
def test_invalid_cidrs_are_refused_by_name(value: str, says: str) -> None:
    with pytest.raises(InputError, match=says):
        normalize_cidrs(["192.0.2.0/24", value])


def test_an_empty_list_allows_everyone_and_a_list_only_its_members() -> None:
    assert PartnerAccess(1).allows("anything at all")
    access = PartnerAccess.of(1, ["192.0.2.0/24", "2001:db8::/32"])
    assert access.allows("192.0.2.200")
    assert access.allows("::ffff:192.0.2.1")  # a dual-stack socket's view of an IPv4 caller
    assert access.allows("2001:db8::1")
    assert not access.allows("192.0.3.1")
    assert not access.allows("not an address")


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "caller"),
    [
        pytest.param("203.0.113.5", "192.0.2.1", "203.0.113.5", id="untrusted-peer"),
        pytest.param("10.1.1.1", "", "10.1.1.1", id="proxy-without-header"),
        pytest.param("10.1.1.1", "192.0.2.1", "192.0.2.1", id="one-proxy"),
        pytest.param("10.1.1.1", "192.0.2.1, 10.2.2.2", "192.0.2.1", id="two-proxies"),
        pytest.param("10.1.1.1", "192.0.2.66, 198.51.100.1", "198.51.100.1", id="spoofed-left-entry"),
        pytest.param("10.1.1.1", "10.3.3.3,10.2.2.2", "10.3.3.3", id="all-trusted"),
        pytest.param("fd00::1", "2001:db8::9", "2001:db8::9", id="ipv6-proxy"),
        pytest.param("10.1.1.1", "garbage, 10.2.2.2", "garbage", id="unparseable-hop"),
        pytest.param(None, "192.0.2.1", "unknown", id="no-peer"),
    ],
)
def test_x_forwarded_for_is_read_from_the_right_behind_trusted_proxies(
    peer: str | None, forwarded_for: str, caller: str
) -> None:
    assert client_address(peer, forwarded_for, PROXIES) == caller
