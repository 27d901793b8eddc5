"""A body that is one whole object, through Switchboard over HTTP, to the vendor's spec emulator.

Pinterest's ``POST /notifications`` takes an object of any keys or a list of them (a ``oneOf`` with a
map among its alternatives): its method has one field at ``$`` of type ``object``, and the
RequestBody of ``/body`` is that object. It arrives upstream as sent, and the emulator validates it
against the spec; any other JSON value is a 400 naming the field, and nothing is sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
import pytest

from switchboard.catalog.registry import Method, Registry
from switchboard_emulators import VENDORS, EmulatorServer
from switchboard_emulators.spec import SpecEmulator, load_config
from tests.contract.specs import SPECS_DIR
from tests.harness import Account, SwitchboardServer, server_env
from tests.integration.test_oauth import browse, sign_in_url

REGISTRY = Registry.load()
METHOD: Method = next(m for m in REGISTRY.by_key["pinterest"].methods if m.definition.http == "POST /notifications")


@dataclass
class Wired:
    account: Account
    connection: int
    emulator: SpecEmulator


@pytest.fixture(scope="module")
def wired(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wired]:
    config = load_config(VENDORS / "pinterest.yaml")
    assert config.spec is not None
    emulator = SpecEmulator(SPECS_DIR / config.spec, config)
    server = EmulatorServer(emulator).start()
    data_dir = tmp_path_factory.mktemp("whole-object")
    switchboard = SwitchboardServer(data_dir, server_env(data_dir, {"pinterest": server.url})).start()
    try:
        partner = switchboard.new_partner("Whole object partner")
        account = partner.new_account()
        connector_id = next(
            c["Id"] for c in partner.connectors() if c["Name"] == REGISTRY.by_key["pinterest"].definition.name
        )
        creds = emulator.credentials()
        app = {"ClientId": creds["client_id"], "ClientSecret": creds["client_secret"]}
        assert partner.http.put(f"/v1.0/connectors/{connector_id}/settings", json=app).status_code == 200
        installed = account.post(f"/v1.0/connectors/{connector_id}/install", json={})
        assert installed.status_code == 200, installed.text
        connection: int = installed.json()["Id"]
        final, page = browse(sign_in_url(account, connection))
        assert page is None and "Status=Authenticated" in final, page.text if page else final
        yield Wired(account, connection, emulator)
    finally:
        switchboard.stop()
        server.stop()


def _call(w: Wired, request_body: str) -> tuple[Any, list[Any]]:
    """Call the method with this RequestBody; the answer and the requests the emulator received meanwhile."""
    mark = len(w.emulator.requests.all())
    path = f"/v1.0/account/connectors/{w.connection}/methods/{METHOD.unique_id}/body"
    answer = w.account.post(path, json={"RequestBody": request_body})
    return answer, [r for r in w.emulator.requests.all()[mark:] if r.path.endswith("/notifications")]


def test_the_method_is_one_whole_object_field() -> None:
    assert [(f.definition.location, f.definition.type) for f in METHOD.fields] == [("$", "object")]


def test_a_whole_object_arrives_upstream_as_sent_and_the_spec_accepts_it(wired: Wired) -> None:
    body = {"notification_type": "ping", "nested": {"ids": [1, 2], "note": "é"}, "$": "kept as a key"}
    answer, sent = _call(wired, orjson.dumps(body).decode())
    assert answer.status_code == 200, answer.text
    (request,) = sent
    assert request.method == "POST" and request.headers["Content-Type"] == "application/json"
    assert orjson.loads(request.body) == body


@pytest.mark.parametrize("value", [[{"notification_type": "ping"}], "a string", 7, True])
def test_a_value_that_is_no_object_is_a_400_naming_the_field_and_nothing_is_sent(wired: Wired, value: Any) -> None:
    answer, sent = _call(wired, orjson.dumps(value).decode())
    assert answer.status_code == 400, answer.text
    message = answer.json()["Message"]
    assert "Field Body is the whole request body and must be a JSON object" in message, message
    assert sent == []
