"""A cookie a third party or a webhook receiver sets is never sent again: not for another tenant, nor the same.

Switchboard shares one outbound connection pool per process. Had it kept aiohttp's default cookie
jar, a cookie set in answer to one customer's call (a load balancer's sticky session, a CDN's bot
cookie, a session an API opens) went out with every later call to that host, whoever made it.
Host names only: a jar keeps no cookie for a bare IP address, which is why the emulator is reached
here as ``localhost``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, SwitchboardServer, server_env
from tests.webhook_receiver import Receiver


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("cookies")
    by_name = salesloft.url.replace("127.0.0.1", "localhost")
    started = SwitchboardServer(data_dir, server_env(data_dir, {"salesloft": by_name})).start()
    yield started
    started.stop()


def get_person(account: Account, connection: int, person: int) -> None:
    uid = account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{connection}/methods/{uid}/body"
    answer = account.post(path, json={"Mergefields": {"person_id": str(person)}})
    assert answer.status_code == 200, answer.text
    assert "set-cookie" not in answer.headers  # nor is it handed to the partner


def test_a_cookie_set_for_one_call_goes_out_with_no_other(server: SwitchboardServer, salesloft: EmulatorServer) -> None:
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    first, second = (server.new_partner(name).new_account() for name in ("Tenant A", "Tenant B"))
    connections = [account.install("salesloft", AuthValue=emulator.api_key) for account in (first, second)]
    person: int = emulator.seed("people", 1)[0]["id"]
    mark = len(emulator.requests.all())
    with emulator.faults.armed(Fault(kind="cookie", path_prefix="/v2/people/", times=None)):
        get_person(first, connections[0], person)
        get_person(second, connections[1], person)
        get_person(first, connections[0], person)
    sent = [r for r in emulator.requests.all()[mark:] if r.path == f"/v2/people/{person}"]
    assert len(sent) == 3
    assert [{k.lower() for k in r.headers} & {"cookie"} for r in sent] == [set(), set(), set()]


def test_a_receivers_cookie_goes_to_no_other_delivery(server: SwitchboardServer) -> None:
    # One delivery session serves every partner: partner A's receiver's cookie must not reach B's on that host.
    receiver = Receiver(cookies=True).start()
    try:
        for sent, name in enumerate(("a", "b", "a"), start=1):
            partner = server.new_partner(f"Receiver {name}")
            created = partner.http.post("/v1.0/webhooks", json={"Url": receiver.url(name, host="localhost")})
            assert created.status_code == 201, created.text
            receiver.secrets[name] = created.json()["Secret"]
            tested = partner.http.post(f"/v1.0/webhooks/{created.json()['Id']}/test")
            assert tested.status_code in (200, 202), tested.text
            receiver.wait_for(name, lambda _, sent=sent: len(receiver.received) >= sent)  # one at a time
        delivered = receiver.events("a") + receiver.events("b")
        assert len(delivered) == 3 and all(event.verified for event in delivered)
        assert [event.headers.get("cookie") for event in delivered] == [None, None, None]
    finally:
        receiver.stop()
