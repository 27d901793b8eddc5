"""An API key the spec sends in ``Authorization`` with a ``Bearer`` of its own (Apideck's apiKey scheme, whose
value is ``Bearer <key>``), configured as ``key_format: "Bearer {key}"``: the emulator took the ``Bearer`` off what
was sent before comparing it with the format, so no request could match and every one was a 401."""

from __future__ import annotations

from pathlib import Path

import requests
import yaml

from switchboard_emulators import EmulatorServer, create_emulator

OK = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "CRM", "version": "1"},
    "servers": [{"url": "https://unify.apideck.com"}],
    "components": {"securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
    "security": [{"apiKey": []}],
    "paths": {"/crm/companies": {"get": {"responses": {"200": OK}}}},
}
AUTH = {"type": "api_key", "key_in": "header", "key_name": "Authorization", "key": "ak", "key_format": "Bearer {key}"}


def test_a_key_whose_format_says_bearer_is_accepted_as_written(tmp_path: Path) -> None:
    (tmp_path / "crm.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    (tmp_path / "emulator.yaml").write_text(yaml.safe_dump({"auth": AUTH}), encoding="utf-8")
    with EmulatorServer(create_emulator("spec", spec=tmp_path / "crm.yaml", config=tmp_path / "emulator.yaml")) as e:
        right = requests.get(f"{e.url}/crm/companies", headers={"Authorization": "Bearer ak"}, timeout=10)
        bare = requests.get(f"{e.url}/crm/companies", headers={"Authorization": "ak"}, timeout=10)
        wrong = requests.get(f"{e.url}/crm/companies", headers={"Authorization": "Bearer nope"}, timeout=10)
    assert right.status_code == 200, right.text
    assert bare.status_code == 401 and wrong.status_code == 401, (bare.text, wrong.text)
