"""Which receiver addresses webhook deliveries may reach."""

from __future__ import annotations

import ipaddress

import pytest

from switchboard.errors import InputError
from switchboard.events.targets import GuardedResolver, TargetPolicy, TargetRefused

CLOSED = ["127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",  # noqa: S104
          "224.0.0.251", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.5", "::", "not an address",
          "64:ff9b::7f00:1", "64:ff9b::a00:5", "2002:7f00:1::", "2002:a9fe:a9fe::"]  # NAT64, 6to4  # fmt: skip
OPEN = ["93.184.216.34", "8.8.8.8", "2001:4860:4860::8888", "64:ff9b::808:808", "2002:808:808::"]


@pytest.mark.parametrize("address", CLOSED)
def test_inward_addresses_are_refused(address: str) -> None:
    assert TargetPolicy().refused(address)


@pytest.mark.parametrize("address", OPEN)
def test_public_addresses_are_allowed(address: str) -> None:
    assert not TargetPolicy().refused(address)


def test_an_allowed_network_opens_only_itself() -> None:
    policy = TargetPolicy([ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("10.1.0.0/16")])
    assert not policy.refused("127.0.0.1") and not policy.refused("10.1.2.3")
    assert policy.refused("10.2.0.1") and policy.refused("169.254.169.254")


def test_registration_checks_literal_addresses_only() -> None:
    policy = TargetPolicy()
    with pytest.raises(InputError, match="loopback, private or link-local"):
        policy.check_url("http://[::1]:8080/hooks")
    policy.check_url("https://hooks.example.com/x")  # a name: checked when delivering
    assert policy.literal_refused("http://10.0.0.1/x") and not policy.literal_refused("http://localhost/x")


async def test_the_resolver_drops_closed_addresses_and_refuses_when_none_is_left() -> None:
    closed = GuardedResolver(TargetPolicy())
    with pytest.raises(TargetRefused):
        await closed.resolve("localhost", 80)
    opened = GuardedResolver(TargetPolicy([ipaddress.ip_network("127.0.0.0/8")]))
    assert {r["host"] for r in await opened.resolve("localhost", 80)} == {"127.0.0.1"}
    await closed.close()
    await opened.close()
