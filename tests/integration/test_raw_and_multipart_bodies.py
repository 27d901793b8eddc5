"""Raw and multipart/form-data bodies through Switchboard, over HTTP, to the vendors' spec emulators.

Xero's attachment upload takes the file's bytes as application/octet-stream; BigCommerce's brand
image upload takes a multipart/form-data file part. The caller gives the bytes as base64; what
arrives upstream is the bytes, under the spec's content type, and the emulator validates it.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
import pytest

from switchboard.catalog.registry import Registry
from switchboard_emulators import VENDORS, EmulatorServer
from switchboard_emulators.spec import SpecEmulator, load_config
from tests.contract.specs import SPECS_DIR
from tests.harness import Account, SwitchboardServer, server_env
from tests.integration.test_oauth import browse, sign_in_url

PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE])
ATTACH = "PUT /Accounts/{AccountID}/Attachments/{FileName}"
IMAGE = "POST /catalog/brands/{brand_id}/image"
ACCOUNT_ID = "297c2dc5-cc47-4afd-8ec8-74990b8761e9"
REGISTRY = Registry.load()


@dataclass
class Wired:
    account: Account
    connections: dict[str, int]
    emulators: dict[str, SpecEmulator]


@pytest.fixture(scope="module")
def wired(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wired]:
    emulators = {}
    for key in ("xero", "bigcommerce_brands"):
        config = load_config(VENDORS / f"{key}.yaml")
        assert config.spec is not None
        emulators[key] = SpecEmulator(SPECS_DIR / config.spec, config)
    servers = {key: EmulatorServer(emu).start() for key, emu in emulators.items()}
    data_dir = tmp_path_factory.mktemp("bodies")
    switchboard = SwitchboardServer(data_dir, server_env(data_dir, {k: s.url for k, s in servers.items()})).start()
    try:
        partner = switchboard.new_partner("Bodies partner")
        account = partner.new_account()
        listing = {c["Name"]: c["Id"] for c in partner.connectors()}
        ids = {key: listing[REGISTRY.by_key[key].definition.name] for key in emulators}
        creds = emulators["xero"].credentials()
        app = {"ClientId": creds["client_id"], "ClientSecret": creds["client_secret"]}
        assert partner.http.put(f"/v1.0/connectors/{ids['xero']}/settings", json=app).status_code == 200
        xero = _install(account, ids["xero"], Properties=[{"Name": "tenant_id", "Value": "emulated-tenant"}])
        final, page = browse(sign_in_url(account, xero))
        assert page is None and "Status=Authenticated" in final, page.text if page else final
        key = emulators["bigcommerce_brands"].credentials()["key"]
        store = [{"Name": "store_hash", "Value": "emulatedstore"}]
        brands = _install(account, ids["bigcommerce_brands"], AuthValue=key, Properties=store)
        yield Wired(account, {"xero": xero, "bigcommerce_brands": brands}, emulators)
    finally:
        switchboard.stop()
        for server in servers.values():
            server.stop()


def _install(account: Account, connector_id: int, **body: Any) -> int:
    installed = account.post(f"/v1.0/connectors/{connector_id}/install", json=body)
    assert installed.status_code == 200, installed.text
    connection: int = installed.json()["Id"]
    return connection


def _call(w: Wired, key: str, http: str, body: dict[str, Any]) -> tuple[Any, list[Any]]:
    """Call the method by its RequestBody; the answer and the requests its emulator received meanwhile."""
    uid = next(m.unique_id for m in REGISTRY.by_key[key].methods if m.definition.http == http)
    emu = w.emulators[key]
    mark = len(emu.requests.all())
    answer = w.account.post(f"/v1.0/account/connectors/{w.connections[key]}/methods/{uid}/body", json=body)
    return answer, [r for r in emu.requests.all()[mark:] if "Attachments" in r.path or r.path.endswith("/image")]


def test_a_binary_raw_body_arrives_as_the_bytes_under_the_spec_type(wired: Wired) -> None:
    parameters = {"AccountID": ACCOUNT_ID, "FileName": "logo.png"}
    answer, sent = _call(
        wired, "xero", ATTACH, {"Parameters": parameters, "RequestBody": base64.b64encode(PNG).decode()}
    )
    assert answer.status_code == 200, answer.text
    (request,) = sent
    assert (request.method, request.path) == ("PUT", f"/api.xro/2.0/Accounts/{ACCOUNT_ID}/Attachments/logo.png")
    assert request.headers["Content-Type"] == "application/octet-stream"
    assert request.body == PNG


def test_a_raw_body_that_is_not_base64_is_a_400_naming_the_field_and_nothing_is_sent(wired: Wired) -> None:
    parameters = {"AccountID": ACCOUNT_ID, "FileName": "logo.png"}
    answer, sent = _call(wired, "xero", ATTACH, {"Parameters": parameters, "RequestBody": "not base64!"})
    assert answer.status_code == 400, answer.text
    assert "Field Body is not valid base64" in answer.json()["Message"]
    assert sent == []


def test_a_multipart_file_arrives_as_a_part_with_its_name_type_and_bytes(wired: Wired) -> None:
    file = {"content": base64.b64encode(PNG).decode(), "filename": "logo.png", "content_type": "image/png"}
    body = {"Parameters": {"brand_id": 7}, "RequestBody": orjson.dumps({"image_file": file}).decode()}
    answer, sent = _call(wired, "bigcommerce_brands", IMAGE, body)
    assert answer.status_code == 200, answer.text
    (request,) = sent
    assert request.path == "/stores/emulatedstore/v3/catalog/brands/7/image"
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + request.body
    (part,) = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw).iter_parts()
    assert part.get_param("name", header="content-disposition") == "image_file"
    assert (part.get_filename(), part.get_content_type(), part.get_payload(decode=True)) == (
        "logo.png",
        "image/png",
        PNG,
    )
    assert wired.emulators["bigcommerce_brands"].rejected == []
