"""What every upstream request carries and where it goes.

Every upstream request names Switchboard in its User-Agent (GitHub refuses one without), unless the call or
the connector names its own (Discord's: "DiscordBot ($url, $versionNumber)"); the emulated GitHub and Discord
refuse what the real ones refuse, so the contract test's calls through each connector check both. A method
with a base URL of its own (Stripe's uploads, on files.stripe.com) goes there.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import orjson
import pytest

from switchboard_emulators import EmulatorServer, create_emulator
from tests.contract.specs import SPECS_DIR
from tests.harness import Account, Partner, SwitchboardServer, server_env

CONNECTORS = Path(__file__).parent / "connectors"


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("outbound")
    env = server_env(data_dir, {"keyed_app": salesloft.url}, SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]')
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


def test_a_call_names_switchboard_and_a_callers_own_user_agent_replaces_it(
    partner: Partner, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    account, path = _raw_http(partner, salesloft_api_key)
    before = len(salesloft.emulator.requests.all())

    plain = account.post(path, json={"RequestBody": orjson.dumps({"url": {"endpoint": "/v2/me"}}).decode()})
    own = {"url": {"endpoint": "/v2/me"}, "headers": [{"key": "user-agent", "value": "acme-sync/3"}]}
    named = account.post(path, json={"RequestBody": orjson.dumps(own).decode()})

    assert plain.status_code == 200 and named.status_code == 200, (plain.text, named.text)
    sent = salesloft.emulator.requests.all()[before:]
    assert [r.headers.get("User-Agent") for r in sent] == [
        f"Switchboard/{metadata.version('switchboard')}",
        "acme-sync/3",
    ]


def test_a_request_without_a_body_names_no_content_type_and_one_with_a_body_its_own(
    partner: Partner, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    """aiohttp alone would send application/octet-stream with a bodiless POST, PUT or PATCH."""
    account, path = _raw_http(partner, salesloft_api_key)
    before = len(salesloft.emulator.requests.all())
    for verb in ("POST", "PUT", "PATCH"):
        bodiless = {"method": verb, "url": {"endpoint": "/v2/me"}}
        account.post(path, json={"RequestBody": orjson.dumps(bodiless).decode()})
    with_body = {"method": "POST", "url": {"endpoint": "/v2/me"}, "body": {"name": "Ada"}}
    account.post(path, json={"RequestBody": orjson.dumps(with_body).decode()})

    sent = salesloft.emulator.requests.all()[before:]
    assert [(r.method, r.headers.get("Content-Type")) for r in sent] == [
        ("POST", None),
        ("PUT", None),
        ("PATCH", None),
        ("POST", "application/json"),
    ]
    assert sent[-1].body == b'{"name":"Ada"}'


def _raw_http(partner: Partner, api_key: str) -> tuple[Account, str]:
    """A new account with Salesloft installed, and the path of its Raw HTTP method's ``/body`` call."""
    account = partner.new_account()
    connection = account.install("salesloft", AuthValue=api_key)
    uid = account.methods("salesloft")["Raw HTTP request (advanced)"]["MethodUniqueIdentifier"]
    return account, f"/v1.0/account/connectors/{connection}/methods/{uid}/body"


def test_a_method_with_its_own_base_url_goes_there(keyed: SwitchboardServer, salesloft: EmulatorServer) -> None:
    """Its base URL's path kept when the override moves its host, as the connector's is: the dry run and the
    request the provider receives agree."""
    account = keyed.new_partner("Own host").new_account()
    catalog_id = next(c["Id"] for c in account.partner.connectors() if c["Name"] == "Keyed App")
    installed = account.post(
        f"/v1.0/connectors/{catalog_id}/install", json={"AuthValue": salesloft.emulator.credentials()["api_key"]}
    )
    assert installed.status_code == 200, installed.text
    methods = account.partner.http.get(f"/v1.0/connectors/{catalog_id}/methods", params={"pageSize": 100}).json()
    uid = next(m["MethodUniqueIdentifier"] for m in methods if m["Name"] == "Get me (files host)")
    path = f"/v1.0/account/connectors/{installed.json()['Id']}/methods/{uid}/body"
    dry = account.post(f"{path}?dryRun=true", json={})
    assert dry.status_code == 200, dry.text
    assert dry.json()["Request"]["Url"] == f"{salesloft.url}/upload/v2/me"
    before = len(salesloft.emulator.requests.all())
    account.post(path, json={})  # the emulator has nothing there: what matters is where it was asked
    assert [r.path for r in salesloft.emulator.requests.all()[before:]] == ["/upload/v2/me"]


def test_the_emulated_github_refuses_a_request_without_a_user_agent() -> None:
    emulator = create_emulator("spec", spec=SPECS_DIR / "github.yaml", config="github")
    with EmulatorServer(emulator) as server:
        bare = _get(server.url, "/repos/octo-org/octo-repo/labels", {})
        named = _get(server.url, "/repos/octo-org/octo-repo/labels", {"User-Agent": "Switchboard/test"})
    assert bare[0] == 403 and "User-Agent header" in orjson.loads(bare[1])["message"]
    assert named[0] == 401  # past the check: now it wants a token


def test_the_emulated_discord_refuses_a_client_that_does_not_name_a_bot() -> None:
    emulator = create_emulator("spec", spec=SPECS_DIR / "discord.json", config="discord")
    with EmulatorServer(emulator) as server:
        plain = _get(server.url, "/api/v10/users/@me", {"User-Agent": "Switchboard/test"})
        bot = _get(server.url, "/api/v10/users/@me", {"User-Agent": "DiscordBot (https://bot.example, 1.0)"})
    assert plain[0] == 403 and "DiscordBot" in orjson.loads(plain[1])["message"]
    assert bot[0] == 401


def _get(origin: str, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    """http.client: the one client that adds no User-Agent of its own (requests' urllib3 does)."""
    where = urlsplit(origin)
    connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()
