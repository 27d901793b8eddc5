"""Which operation of a spec the emulator reads a request as: under a server path with a placeholder, and
where a literal path and a templated sibling both match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from tests.unit.emulators.served import serving

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"id": {"type": "string"}}}}}}}  # fmt: skip


def _spec(servers: list[dict[str, Any]], paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "R", "version": "1"}, "servers": servers, "paths": paths}


def test_a_placeholder_in_the_server_path_answers_any_value(tmp_path: Path) -> None:
    """Bandwidth's ``/accounts/{accountId}/emergency``: declared with a default or not at all, the client's own
    account is in the path, as the importer has the connection give it."""
    paths = {"/endpoints": {"get": {"responses": OK}}}
    declared = _spec([{"url": "https://api.example.com/v2/accounts/{accountId}/emergency",
                       "variables": {"accountId": {"default": "123"}}}], paths)  # fmt: skip
    undeclared = _spec([{"url": "https://api.example.com/v2/accounts/{accountId}/emergency"}], paths)
    for name, spec in (("declared.yaml", declared), ("undeclared.yaml", undeclared)):
        with serving(tmp_path, spec, name) as url:
            assert requests.get(f"{url}/v2/accounts/acct-9/emergency/endpoints", timeout=10).status_code == 200
            assert requests.get(f"{url}/v2/accounts/acct-9/other/endpoints", timeout=10).status_code == 404


def test_a_whole_path_variable_takes_its_default(tmp_path: Path) -> None:
    """Matrix's ``{protocol}://{hostname}{basePath}``, ``basePath`` defaulting to a path: the spec's paths are
    under it."""
    spec = _spec([{"url": "{protocol}://{hostname}{basePath}", "variables": {
        "protocol": {"default": "https"}, "hostname": {"default": "matrix.org"},
        "basePath": {"default": "/_matrix/client/v3"}}}], {"/account/whoami": {"get": {"responses": OK}}})  # fmt: skip
    with serving(tmp_path, spec, "matrix.yaml") as url:
        assert requests.get(f"{url}/_matrix/client/v3/account/whoami", timeout=10).status_code == 200
        assert requests.get(f"{url}/anything/account/whoami", timeout=10).status_code == 404


def test_a_literal_paths_refusal_is_not_taken_back_by_a_templated_sibling(tmp_path: Path) -> None:
    """Kestra's ``GET /roles/search`` requires ``filters``; ``GET /roles/{id}`` would read ``search`` as an id and
    accept the request, which the import check then counted as accepted."""
    filters = {"name": "filters", "in": "query", "required": True, "schema": {"type": "string"}}
    the_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    spec = _spec([{"url": "https://kestra.example.com/api/v1"}], {
        "/roles/search": {"get": {"parameters": [filters], "responses": OK}},
        "/roles/{id}": {"get": {"parameters": [the_id], "responses": OK}},
        "/contacts/{ContactID}": {"get": {"parameters": [{**the_id, "name": "ContactID",
                                                          "schema": {"type": "string", "format": "uuid"}}],
                                          "responses": OK}},
        "/contacts/{ContactNumber}": {"get": {"parameters": [{**the_id, "name": "ContactNumber"}], "responses": OK}},
    })  # fmt: skip
    with serving(tmp_path, spec, "kestra.yaml") as url:
        refused = requests.get(f"{url}/api/v1/roles/search", timeout=10)
        assert refused.status_code == 400 and "filters" in refused.text, refused.text
        assert requests.get(f"{url}/api/v1/roles/search", params={"filters": "x"}, timeout=10).status_code == 200
        assert requests.get(f"{url}/api/v1/roles/admin", timeout=10).json()["id"] == "admin"
        # Equally literal siblings still fall back (Xero): a contact number is not a UUID, yet is answered.
        assert requests.get(f"{url}/api/v1/contacts/CN-7", timeout=10).status_code == 200


def test_a_path_parameter_holding_an_encoded_slash_stays_one_segment(tmp_path: Path) -> None:
    """Algolia's ``DELETE /1/security/sources/{source}`` with ``10.0.0.1/32``, sent percent-encoded as a path
    parameter must be: the emulator routed on the decoded path, found no operation, and answered 404."""
    source = {"name": "source", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[0-9./]+$"}}
    spec = _spec([{"url": "https://search.example.com"}], {
        "/1/security/sources/{source}": {"delete": {"parameters": [source], "responses": OK}}})  # fmt: skip
    with serving(tmp_path, spec, "sources.yaml") as url:
        assert requests.delete(f"{url}/1/security/sources/10.0.0.1%2F32", timeout=10).status_code == 200
        assert requests.delete(f"{url}/1/security/sources/10.0.0.1", timeout=10).status_code == 200
        refused = requests.delete(f"{url}/1/security/sources/a%2Fb", timeout=10)  # decoded, then checked
        assert refused.status_code == 400 and "source" in refused.text, refused.text
        assert requests.delete(f"{url}/1/security/sources/10.0.0.1/32", timeout=10).status_code == 404
