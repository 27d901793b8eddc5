"""A body whose only type has parameters (Open Banking UK's ``consumes: [application/json; charset=utf-8]``) goes
in that type, parameters and all; where the same type is also given bare, the bare one is taken."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

import yaml

from switchboard.catalog import Registry
from switchboard.catalog.models import ConnectorDef
from switchboard.catalog.registry import Method
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.http import Budget, OutboundRequest
from switchboard.http.aiohttp_transport import AiohttpTransport
from switchboard.importer import import_connector
from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator

CONSENT = {"type": "object", "required": ["Data"], "properties": {"Data": {"type": "object", "properties": {
    "Permissions": {"type": "array", "items": {"type": "string", "enum": ["ReadAccountsBasic"]}}}}}}  # fmt: skip
SWAGGER: dict[str, Any] = {
    "swagger": "2.0", "info": {"title": "Accounts", "version": "3"}, "host": "api.example.com",
    "basePath": "/open-banking/v3.1/aisp", "schemes": ["https"],
    "consumes": ["application/json; charset=utf-8"], "produces": ["application/json; charset=utf-8"],
    "paths": {"/account-access-consents": {"post": {
        "parameters": [{"name": "Body", "in": "body", "required": True, "schema": CONSENT}],
        "responses": {"201": {"description": "made", "schema": {"type": "object"}}}}}},
}  # fmt: skip
BOTH: dict[str, Any] = {
    "openapi": "3.0.3", "info": {"title": "Both", "version": "1"}, "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/notes": {"post": {"requestBody": {"content": {"application/json; charset=utf-8": {"schema": CONSENT},
                                                        "application/json": {"schema": CONSENT}}},
                            "responses": {"204": {"description": "done"}}}},
        "/forms": {"post": {"requestBody": {"content": {"application/x-www-form-urlencoded; charset=utf-8": {
            "schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}},
            "responses": {"204": {"description": "done"}}}},
    },
}  # fmt: skip
BODY = {"Data": {"Permissions": ["ReadAccountsBasic"]}}


def _imported(spec: dict[str, Any]) -> tuple[ConnectorDef, dict[str, Method]]:
    definition = import_connector(copy.deepcopy(spec), "bank").definition
    return definition, {str(m.definition.http): m for m in Registry([definition]).by_key["bank"].methods}


def _request(definition: ConnectorDef, method: Method, body: dict[str, Any]) -> OutboundRequest:
    return build_request(definition, method, bind_by_name(method, {}, None, body), definition.base_url or "")


def test_a_body_whose_one_type_has_parameters_goes_in_that_type() -> None:
    definition, methods = _imported(SWAGGER)
    method = methods["POST /account-access-consents"]
    assert method.definition.content_type == "application/json; charset=utf-8"
    request = _request(definition, method, BODY)
    assert ("Content-Type", "application/json; charset=utf-8") in request.headers
    assert request.body == b'{"Data":{"Permissions":["ReadAccountsBasic"]}}'


def test_the_bare_type_is_taken_when_the_spec_gives_it_too_and_a_form_keeps_its_own() -> None:
    definition, methods = _imported(BOTH)
    assert methods["POST /notes"].definition.content_type is None
    assert ("Content-Type", "application/json") in _request(definition, methods["POST /notes"], BODY).headers
    form = methods["POST /forms"].definition
    assert (form.body_format, form.content_type) == ("form", None)


async def test_the_spec_accepts_what_the_method_sends(tmp_path: Path) -> None:
    """Through Switchboard's transport to the spec's emulator, which checks the body's type against the spec's
    (openapi-core: a type the spec does not name is refused, as ``application/json`` alone was)."""
    spec = tmp_path / "accounts.yaml"
    spec.write_text(yaml.safe_dump(SWAGGER), encoding="utf-8")
    definition, methods = _imported(SWAGGER)
    request = _request(definition, methods["POST /account-access-consents"], BODY)
    transport = AiohttpTransport(connect_timeout=5, read_timeout=10)
    try:
        with EmulatorServer(SpecEmulator(spec)) as server:
            path = "/open-banking/v3.1/aisp/account-access-consents"
            budget = Budget(deadline=time.monotonic() + 10, max_bytes=1 << 20)
            sent = await transport.send(OutboundRequest("POST", server.url + path, (), request.headers, request.body),
                                        budget)  # fmt: skip
            bare = [(k, "application/json" if k == "Content-Type" else v) for k, v in request.headers]
            refused = await transport.send(OutboundRequest("POST", server.url + path, (), tuple(bare), request.body),
                                           budget)  # fmt: skip
    finally:
        await transport.close()
    assert sent.status == 201, sent.body
    assert refused.status == 400 and b"application/json" in refused.body
