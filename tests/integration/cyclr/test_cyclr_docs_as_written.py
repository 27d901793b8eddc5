"""Requests sent exactly as Cyclr's documentation writes them, where Switchboard answered otherwise.

- The raw HTTP examples of "Create an account", "Install the connector", "API key authentication",
  "OAuth authentication link" and the connector guides' account connector properties carry a JSON body
  and no ``Content-Type``: each was a 400 asking for ``application/json``, as the method calls never were.
- "Install the connector" types a property's ``Value`` as ``array[string]`` ("Enter a value from the
  options in ``Parameters.Values``"): a one-value array was a 400.
- "Create account, install template" starts the OAuth sign-in with ``curl --request POST`` on the
  sign-in link (405), and the connector guides name it ``/UpdateAccountConnectorOAuth`` (404: only the
  lower-case path was served; Cyclr's ASP.NET routes take any case).
- "Get the connector ID" shows ``Icon`` as "Base64 image data for the connector icon", and a connector's
  settings page says the icon is a PNG: a client puts it after ``data:image/png;base64,`` or decodes it to
  a file. Switchboard answered a ``data:image/svg+xml;base64,...`` URI, which neither use can read.
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration.test_oauth import TARGET, browse, new_token

PROPS_APP = Path(__file__).parent / "connectors"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# A connector a deployment adds with its own logo beside its definition (as the connect page shows it).
LOGO_APP = """\
key: logo_app
name: Logo App
version: '1.0'
base_url: https://logo-app.example
auth:
- type: api_key
methods:
- name: List things
  unique_id: 3f1d0c52-8e7a-4b6f-9d21-6a0e5c4b7f18
  category: Things
  http: GET /things
"""


def _png(width: int, height: int, rgba: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + rgba[y * width * 4 : (y + 1) * width * 4] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


LOGO = _png(2, 2, bytes([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0]))


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """A PNG's size and its rows of RGBA pixels (8-bit RGBA, filter 0: what a letter tile is)."""
    assert png.startswith(PNG_SIGNATURE)
    at, idat, size = len(PNG_SIGNATURE), b"", (0, 0)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data, crc = png[at + 4 : at + 8], png[at + 8 : at + 8 + length], png[at + 8 + length : at + 12 + length]
        assert struct.unpack(">I", crc)[0] == zlib.crc32(kind + data), kind
        if kind == b"IHDR":
            width, height, depth, colour, _, _, _ = struct.unpack(">IIBBBBB", data)
            assert (depth, colour) == (8, 6)  # 8-bit RGBA
            size = (width, height)
        elif kind == b"IDAT":
            idat += data
        at += 12 + length
    width, height = size
    raw = zlib.decompress(idat)
    stride = 1 + 4 * width
    assert len(raw) == stride * height
    assert all(raw[y * stride] == 0 for y in range(height))
    return width, height, [raw[y * stride + 1 : (y + 1) * stride] for y in range(height)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer) -> Iterator[SwitchboardServer]:
    logos = tmp_path_factory.mktemp("logo-connectors")
    (logos / "logo_app").mkdir()
    (logos / "logo_app" / "connector.yaml").write_text(LOGO_APP, encoding="utf-8")
    (logos / "logo_app" / "logo.png").write_bytes(LOGO)
    data_dir = tmp_path_factory.mktemp("cyclr-docs")
    dirs = json.dumps([str(PROPS_APP), str(logos)])
    env = server_env(data_dir, {"salesloft": salesloft.url}, SWITCHBOARD_CONNECTOR_DIRS=dirs)
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def docs_partner(server: SwitchboardServer, salesloft: EmulatorServer) -> Partner:
    """A partner whose Salesloft OAuth app is set, so that the sign-in link can start."""
    partner = server.new_partner("Cyclr docs as written")
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    settings = partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
        json={"ClientId": emulator.client_id, "ClientSecret": emulator.client_secret},
    )
    assert settings.status_code == 200, settings.text
    return partner


def _raw(partner: Partner, method: str, path: str, body: str, account: str | None = None) -> httpx.Response:
    """The request as the documentation writes it: the bearer, the account header, the body; nothing else."""
    headers = {"Authorization": f"Bearer {partner.token}", **({"X-Cyclr-Account": account} if account else {})}
    with httpx.Client(base_url=partner.server.url, timeout=60) as http:
        request = http.build_request(method, path, content=body.encode(), headers=headers)
        assert "content-type" not in request.headers
        return http.send(request)


def _props_app(partner: Partner) -> dict[str, object]:
    (connector,) = partner.http.get("/v1.0/connectors/Props App").json()
    return dict(connector)


def test_json_bodies_sent_without_a_content_type_are_read_as_json(
    docs_partner: Partner, salesloft: EmulatorServer
) -> None:
    # "Create an account": POST /v1.0/accounts with the bearer and the body, no Content-Type.
    created = _raw(
        docs_partner,
        "POST",
        "/v1.0/accounts",
        """{
        "Name": "Test Account 001",
        "Description": "An account we will use for testing",
        "Timezone": "Europe/London",
        "StepDataSuccessRetentionHours": 168,
        "StepDataErroredRetentionHours": 336,
        "TransactionErrorWebhookEnabled": false,
        "TransactionErrorWebhookIncludeWarnings": false
    }""",
    )
    assert created.status_code == 200, created.text
    account_id = created.json()["Id"]
    stored = docs_partner.http.get(f"/v1.0/accounts/{account_id}").json()
    assert (stored["Name"], stored["Timezone"], stored["StepDataErroredRetentionHours"]) == (
        "Test Account 001",
        "Europe/London",
        336,
    )

    # "Install the connector": the body as the page writes it, its trailing comma included.
    connector = _props_app(docs_partner)
    region = next(p for p in connector["Parameters"] if p["TargetName"] == "region")  # type: ignore[attr-defined]
    auth = connector["Authentication"][0]  # type: ignore[index]
    installed = _raw(
        docs_partner,
        "POST",
        f"/v1.0/connectors/{connector['Id']}/install",
        """{
  "Name": "Installed Example",
  "Description": "Alex's Example account connector",
  "AuthenticationId": "AUTHENTICATION_ID",
  "AuthValue": "an-api-key",
  "Properties": [
    {
      "Name": "region",
      "Value": "eu",
      "Id": REGION_ID,
    }
  ]
}""".replace("AUTHENTICATION_ID", auth["Id"]).replace("REGION_ID", str(region["Id"])),
        account=account_id,
    )
    assert installed.status_code == 200, installed.text
    props_connection = installed.json()["Id"]
    assert installed.json()["Authenticated"] is True
    assert installed.json()["Properties"] == [
        {"Name": "region", "Value": "eu", "Id": region["Id"], "AccountConnectorId": props_connection}
    ]

    # A connector guide's "Create an Account Connector Property": its curl sends JSON, a client without the header.
    team = _raw(
        docs_partner,
        "POST",
        f"/v1.0/account/connectors/{props_connection}/properties",
        '{\n    "Name": "team",\n    "Value": "North"\n}',
        account=account_id,
    )
    assert team.status_code == 200, team.text
    listed = Account(docs_partner, account_id).get(f"/v1.0/account/connectors/{props_connection}/properties").json()
    assert {p["Name"]: p["Value"] for p in listed} == {"region": "eu", "team": "North"}

    # "API key authentication": PUT the AuthValue on an installed connector.
    account = Account(docs_partner, account_id)
    connection = account.install("salesloft")
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    put = _raw(
        docs_partner,
        "PUT",
        f"/v1.0/account/connectors/{connection}",
        json.dumps({"AuthValue": emulator.api_key}, indent=4),
        account=account_id,
    )
    assert put.status_code == 200, put.text
    assert put.json()["Authenticated"] is True
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is True

    # "OAuth authentication link": the sign-in token.
    token = _raw(
        docs_partner,
        "POST",
        f"/v1.0/accounts/{account_id}/signintoken",
        '{\n  "Username":"The username of user you want to sign in"\n}',
    )
    assert token.status_code == 200, token.text
    assert token.json()["Token"] and token.json()["Username"] == "The username of user you want to sign in"


def test_a_form_typed_body_is_still_refused_as_not_json(docs_partner: Partner) -> None:
    """``curl -d`` without ``-H 'Content-Type: application/json'`` labels the body a form: said plainly, as before."""
    response = docs_partner.http.post(
        "/v1.0/accounts", content=b'{"Name": "Curl"}', headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 400
    assert response.json()["Message"] == "The request body must be JSON, sent with Content-Type: application/json"


def test_a_property_value_as_a_one_value_array(docs_partner: Partner) -> None:
    connector = _props_app(docs_partner)
    account = docs_partner.new_account()
    installed = account.post(
        f"/v1.0/connectors/{connector['Id']}/install",
        json={"Name": "Props", "Properties": [{"Name": "region", "Value": ["us"]}]},
    )
    assert installed.status_code == 200, installed.text
    connection = installed.json()["Id"]
    assert {p["Name"]: p["Value"] for p in installed.json()["Properties"]} == {"region": "us"}
    updated = account.put(
        f"/v1.0/account/connectors/{connection}", json={"Properties": [{"Name": "team", "Value": ["South"]}]}
    )
    assert updated.status_code == 200, updated.text
    added = account.post(f"/v1.0/account/connectors/{connection}/properties", json={"Name": "team", "Value": ["West"]})
    assert added.status_code == 200, added.text
    assert added.json()["Value"] == "West"
    stored = account.get(f"/v1.0/account/connectors/{connection}/properties").json()
    assert {p["Name"]: p["Value"] for p in stored} == {"region": "us", "team": "West"}
    # A property holds one value: two are refused, and nothing is installed.
    two = account.post(
        f"/v1.0/connectors/{connector['Id']}/install",
        json={"Name": "Props", "Properties": [{"Name": "region", "Value": ["us", "eu"]}]},
    )
    assert two.status_code == 400, two.text
    assert "Value" in two.json()["Message"] and "one value" in two.json()["Message"]
    assert [c["Id"] for c in account.get("/v1.0/account/connectors").json()] == [connection]


def _connected_by(link: str, account: Account, connection: int) -> None:
    """The sign-in started by ``link``'s answer finishes at the partner's page, connected."""
    final, page = browse(link)
    assert page is None, page.text if page else ""
    assert parse_qs(urlsplit(final).query) == {"AccountConnectorId": [str(connection)], "Status": ["Authenticated"]}
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is True


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/connectorauth/UpdateAccountConnectorOAuth", id="connector-guides"),
        pytest.param("/ConnectorAuth/UpdateAccountConnectorOAuth", id="pascal-case"),
        pytest.param("/CONNECTORAUTH/updateaccountconnectoroauth", id="upper-case"),
    ],
)
def test_the_sign_in_link_in_any_case(docs_partner: Partner, path: str) -> None:
    account = docs_partner.new_account()
    connection = account.install("salesloft")
    query = httpx.QueryParams({"id": connection, "token": new_token(account), "targetOrigin": TARGET})
    _connected_by(f"{docs_partner.server.url}{path}?{query}", account, connection)


def test_the_sign_in_link_posted_as_the_api_example_does(docs_partner: Partner) -> None:
    account = docs_partner.new_account()
    connection = account.install("salesloft")
    query = httpx.QueryParams({"id": connection, "token": new_token(account), "targetOrigin": TARGET})
    # curl --request POST --url 'https://YOUR-SERVICE-DOMAIN/connectorauth/updateaccountconnectoroauth?id=...'
    started = httpx.post(f"{docs_partner.server.url}/connectorauth/updateaccountconnectoroauth?{query}", timeout=30)
    assert started.status_code in (302, 303), started.text
    # The browser goes on to the provider with a GET, as it does after any POST redirect.
    _connected_by(str(started.url.join(started.headers["Location"])), account, connection)


def test_icon_is_bare_base64_of_a_png(docs_partner: Partner, salesloft_api_key: str) -> None:
    listed = {c["Name"]: c for c in docs_partner.connectors()}
    icons = {name: str(c["Icon"]) for name, c in listed.items()}
    for name, icon in icons.items():
        png = base64.b64decode(icon, validate=True)  # bare base64: no data: prefix
        assert png.startswith(PNG_SIGNATURE), name
    # A connector that ships no logo has a letter tile: the tile's colour behind a white letter, transparent corners.
    width, height, rows = _pixels(base64.b64decode(icons["Salesloft"]))
    assert (width, height) == (64, 64)
    pixels = {bytes(row[x * 4 : x * 4 + 4]) for row in rows for x in range(width)}
    assert rows[0][:4] == b"\x00\x00\x00\x00"  # a rounded corner
    assert b"\xff\xff\xff\xff" in pixels and len(pixels) == 3  # transparent, the tile's colour, the letter
    assert rows[height // 2][:4] != b"\x00\x00\x00\x00"
    assert len(set(icons.values())) > 1  # each connector's own letter and colour
    # The same in every answer that nests the connector, and the same next time (derived, not drawn).
    account = docs_partner.new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Connector"]["Icon"] == icons["Salesloft"]
    (by_name,) = docs_partner.http.get("/v1.0/connectors/Salesloft").json()
    assert by_name["Icon"] == icons["Salesloft"]
    # A connector whose folder ships logo.png answers that logo, byte for byte.
    assert base64.b64decode(icons["Logo App"]) == LOGO
