"""The spec emulator's request bodies: an optional body may be left out, a required one may not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from switchboard_emulators import VENDORS
from switchboard_emulators.spec import CheckedRequest, SpecEmulator, load_config
from switchboard_emulators.spec.validation import SpecChecker


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


def test_a_paged_operation_that_is_no_list_answers_its_last_page() -> None:
    """Slack's files.info takes a cursor; its one generated answer must not point to a next page."""
    config = load_config(VENDORS / "slack.yaml")
    assert config.spec is not None
    emu = SpecEmulator(Path(__file__).resolve().parents[4] / "shared" / "specs" / config.spec, config)
    op = next(o for o in emu.operations if o.template == "/files.info")
    for _ in range(2):
        body = emu.answers.answer(op, "/files.info", "/api/files.info", {"file": "F1"}, {})
        assert not (body.get("response_metadata") or {}).get("next_cursor"), body.get("response_metadata")
