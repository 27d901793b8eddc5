"""The spec emulator's request bodies: an optional body may be left out, a required one may not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
import requests

from switchboard_emulators import VENDORS, EmulatorServer
from switchboard_emulators.spec import CheckedRequest, SpecEmulator, config_from_dict, load_config
from switchboard_emulators.spec.document import Resolver
from switchboard_emulators.spec.paging import PageError
from switchboard_emulators.spec.validation import FormObjects, SpecChecker
from tests.contract.specs import SPECS_DIR


def _spec(required: bool) -> dict[str, Any]:
    body = {"required": required, "content": {"application/json": {"schema": {"type": "object"}}}}
    post = {"requestBody": body, "responses": {"204": {"description": "done"}}}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/things": {"post": post}}}


def _post(body: bytes | None) -> CheckedRequest:
    return CheckedRequest(method="POST", path="/things", path_pattern="/things", body=body)


def test_an_optional_body_left_out_is_valid() -> None:
    assert SpecChecker(_spec(required=False)).request_problem(_post(None)) is None


def test_a_required_body_left_out_is_refused_and_an_empty_object_is_enough() -> None:
    checker = SpecChecker(_spec(required=True))
    assert checker.request_problem(_post(None)) == "Missing required request body"
    assert checker.request_problem(_post(b"{}")) is None


def test_a_body_that_is_there_is_still_validated() -> None:
    assert SpecChecker(_spec(required=False)).request_problem(_post(b"[1]")) is not None


def _sent_as(media: str, schema: dict[str, Any], body: bytes) -> str | None:
    """Why a spec taking a required body in ``media`` alone, of ``schema``, refuses ``body`` sent in it."""
    spec = _spec(required=True)
    spec["paths"]["/things"]["post"]["requestBody"]["content"] = {media: {"schema": schema}}
    request = _post(body)
    request.content_type = media
    return SpecChecker(spec).request_problem(request)


def test_a_json_body_under_a_plus_json_media_type_is_read_as_json() -> None:
    """Okta's ``application/merge-patch+json``: openapi-core reads only a few such types itself."""
    schema = {"type": "object", "required": ["name"]}
    assert _sent_as("application/merge-patch+json", schema, b'{"name": "n"}') is None
    assert "'name' is a required property" in str(_sent_as("application/merge-patch+json", schema, b"{}"))


def test_a_body_in_a_text_type_openapi_core_does_not_read_is_checked_as_text() -> None:
    """Conjur's policies in ``text/yaml``: openapi-core reads text/plain and text/html only, and took the rest
    for bytes, which no string schema accepts."""
    schema = {"type": "string", "pattern": "^- !policy"}
    assert _sent_as("text/yaml", schema, b"- !policy\n  id: database\n") is None
    assert "does not match" in str(_sent_as("text/yaml", schema, b"id: database\n"))


def test_a_paged_operation_that_is_no_list_answers_its_last_page() -> None:
    """Slack's files.info takes a cursor; its one generated answer must not point to a next page."""
    config = load_config(VENDORS / "slack.yaml")
    assert config.spec is not None
    emu = SpecEmulator(SPECS_DIR / config.spec, config)
    op = next(o for o in emu.operations if o.template == "/files.info")
    for _ in range(2):
        body = emu.answers.answer(op, "/files.info", "/api/files.info", {"file": "F1"}, {})
        assert not (body.get("response_metadata") or {}).get("next_cursor"), body.get("response_metadata")


def _filtered() -> dict[str, Any]:
    """Intercom's ``GET /events``: a required object ``filter``, form-exploded, one key of three."""
    choice = [{"properties": {k: {"type": "string"}}, "required": [k], "additionalProperties": False}
              for k in ("user_id", "email")]  # fmt: skip
    params = [{"name": "filter", "in": "query", "required": True, "style": "form", "explode": True,
               "schema": {"type": "object", "oneOf": choice}},
              {"name": "type", "in": "query", "required": True, "schema": {"type": "string"}}]  # fmt: skip
    get = {"parameters": params, "responses": {"204": {"description": "done"}}}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/events": {"get": get}}}


def _events(query: list[tuple[str, str]]) -> str | None:
    spec = _filtered()
    checker = SpecChecker(spec)
    params = spec["paths"]["/events"]["get"]["parameters"]
    folded = FormObjects.of(params, Resolver(spec)).fold(query)
    return checker.request_problem(CheckedRequest(method="GET", path="/events", path_pattern="/events", query=folded))


def test_a_form_exploded_object_is_read_from_its_own_keys() -> None:
    assert _events([("user_id", "42"), ("type", "user")]) is None
    assert _events([("email", "a@example.com"), ("type", "user")]) is None


def test_a_form_exploded_object_left_out_or_of_two_choices_is_refused() -> None:
    assert _events([("type", "user")]) == "Missing required query parameter: filter"
    assert _events([("user_id", "42"), ("email", "a@example.com"), ("type", "user")]) is not None


def test_a_required_cursor_from_elsewhere_starts_the_list_and_an_optional_one_is_still_checked() -> None:
    """Drive's changes.list requires the pageToken that changes.getStartPageToken hands out."""
    config = load_config(VENDORS / "google_drive.yaml")
    assert config.spec is not None
    emu = SpecEmulator(SPECS_DIR / config.spec, config)
    changes = next(o for o in emu.operations if o.template == "/changes" and o.method == "GET")
    body = emu.answers.answer(changes, "/changes", "/drive/v3/changes", {"pageToken": "1234"}, {})
    assert len(body["changes"]) == min(config.seed_records, 100)
    files = next(o for o in emu.operations if o.template == "/files" and o.method == "GET")
    with pytest.raises(PageError, match="not a cursor this API issued"):
        emu.answers.answer(files, "/files", "/drive/v3/files", {"pageToken": "1234"}, {})


def test_a_success_media_type_with_a_charset_is_answered_as_the_spec_names_it(tmp_path: Path) -> None:
    """Confluence declares ``application/json;charset=UTF-8``; the answer carries it (it was a 500)."""
    schema = {"type": "object", "properties": {"id": {"type": "string"}}}
    ok = {"200": {"description": "ok", "content": {"application/json;charset=UTF-8": {"schema": schema}}}}
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/things/{id}/copy": {
        "post": {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                 "responses": ok}}}}  # fmt: skip
    (tmp_path / "spec.json").write_bytes(orjson.dumps(spec))
    with EmulatorServer(SpecEmulator(tmp_path / "spec.json", config_from_dict({"name": "t"}))) as server:
        answer = requests.post(server.url + "/things/1/copy", timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert isinstance(answer.json(), dict)


def test_a_map_that_must_not_be_empty_is_generated_with_keys(tmp_path: Path) -> None:
    """Pinterest's asset ids to permissions: ``minProperties: 1`` over ``additionalProperties``."""
    grants = {"type": "array", "minItems": 1, "items": {"type": "string", "enum": ["ADMIN"]}}
    schema = {"type": "object", "additionalProperties": grants, "minProperties": 1}
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/things": {"post": {
        "requestBody": {"content": {"application/json": {"schema": schema}}},
        "responses": {"204": {"description": "done"}}}}}}  # fmt: skip
    (tmp_path / "spec.json").write_bytes(orjson.dumps(spec))
    emu = SpecEmulator(tmp_path / "spec.json", config_from_dict({"name": "t"}))
    value = emu.answers.gen.value(schema, "k", response=False)
    assert len(value) == 1 and list(value.values()) == [["ADMIN"]]
    assert emu.checker.request_problem(_post(orjson.dumps(value))) is None


def test_a_spec_whose_components_name_their_parameters_as_null_is_checked() -> None:
    """``parameters:`` with nothing under it, as InfluxDB's source files write it (their build fills it in)."""
    spec = _spec(required=True)
    spec["components"] = {"parameters": None, "schemas": None}
    checker = SpecChecker(spec)
    assert checker.request_problem(_post(b"{}")) is None
    assert checker.request_problem(_post(None)) == "Missing required request body"
