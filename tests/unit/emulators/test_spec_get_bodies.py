"""A request body an OpenAPI 3.0 spec gives a GET is not demanded: 3.0 says consumers SHALL ignore it there
(Listmonk's template preview requires one), while 3.1 only advises against it, so it is still checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from tests.unit.emulators.served import serving

BODY = {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
    "type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}}}}}  # fmt: skip
OK = {"200": {"description": "ok"}}


def _spec(version: str) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "Templates", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/templates/preview": {"get": {"requestBody": BODY, "responses": OK},
                                         "post": {"requestBody": BODY, "responses": OK}}},
    }  # fmt: skip


def test_a_3_0_get_body_is_ignored_and_a_3_1_one_and_a_post_body_are_still_checked(tmp_path: Path) -> None:
    statuses = {}
    for version in ("3.0.0", "3.1.0"):
        with serving(tmp_path, _spec(version), f"templates-{version}.yaml") as base:
            url = f"{base}/templates/preview"
            statuses[version] = (requests.get(url, timeout=10).status_code, requests.post(url, timeout=10).status_code)
    assert statuses == {"3.0.0": (200, 400), "3.1.0": (400, 400)}
