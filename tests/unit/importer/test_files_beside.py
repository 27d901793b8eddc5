"""References to other files: Zoho's absolute ``https://.../v8.0/common.json#/...`` read from the file of
that name beside the spec, a relative one (DigitalOcean's ``resources/droplets/droplets_list.yml``) from
the folder of the file holding it, never above the spec's folder; one that names no such file skips the
operations that use it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from switchboard.errors import ConfigurationError
from switchboard.importer import import_connector
from switchboard.importer.files import import_files
from switchboard.importer.spec import file_of

COMMON = "https://raw.githubusercontent.com/zoho/crm-oas/refs/heads/main/v8.0/common.json"
_OK = {"description": "ok"}
NOT_READ = "which is not read"


def _spec(contact_ref: str, scheme_ref: str = f"{COMMON}#/components/securitySchemes/oauth") -> dict[str, Any]:
    return {
        "openapi": "3.0.0",
        "info": {"title": "CRM", "version": "8"},
        "servers": [{"url": "https://www.zohoapis.com"}],
        "components": {"securitySchemes": {"oauth": {"$ref": scheme_ref}}},
        "paths": {
            "/contacts": {
                "post": {
                    "operationId": "Create Contacts",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": contact_ref}}}},
                    "responses": {"201": _OK},
                },
                "get": {
                    "operationId": "Get Contacts",
                    "parameters": [{"$ref": f"{COMMON}#/components/parameters/page"}],
                    "responses": {"200": _OK},
                },
            },
            "/notes": {"get": {"operationId": "Get Notes", "responses": {"200": _OK}}},
        },
    }


# Its own references are local ("#/..."): they mean common.json's nodes, not the spec's.
_COMMON: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "common", "version": "8"},
    "paths": {},
    "components": {
        "securitySchemes": {"oauth": {"type": "oauth2", "flows": {"authorizationCode": {
            "authorizationUrl": "https://accounts.zoho.com/oauth/v2/auth",
            "tokenUrl": "https://accounts.zoho.com/oauth/v2/token", "scopes": {}}}}},
        "parameters": {"page": {"name": "page", "in": "query", "schema": {"type": "integer"}}},
        "schemas": {
            "Contact": {"type": "object", "properties": {"name": {"$ref": "#/components/schemas/Name"}}},
            "Name": {"type": "object", "properties": {"last": {"type": "string"}}},
        },
    },
}  # fmt: skip


def _write(folder: Path, spec: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "common.json").write_text(json.dumps(_COMMON), encoding="utf-8")
    path = folder / "record.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def _write_all(folder: Path, files: dict[str, Any]) -> None:
    """Each document as JSON at its path under ``folder``."""
    for name, document in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(document), encoding="utf-8")


def test_an_absolute_url_reference_is_read_from_the_file_of_that_name_beside_the_spec(tmp_path: Path) -> None:
    spec = _write(tmp_path / "v8.0", _spec(f"{COMMON}#/components/schemas/Contact"))
    _, result = import_files(spec, "zoho", None, tmp_path / "out")
    methods = {m.name: m for m in result.definition.methods}
    assert [f.location for f in methods["Create Contacts"].fields] == ["name.last"]
    assert [p.target for p in methods["Get Contacts"].parameters] == ["page"]
    oauth = result.definition.auth[0]
    assert oauth.type == "oauth2" and oauth.token_url == "https://accounts.zoho.com/oauth/v2/token"
    assert result.report.skipped == []


def test_a_relative_reference_to_a_file_beside_resolves_too(tmp_path: Path) -> None:
    spec = _write(tmp_path, _spec("common.json#/components/schemas/Contact"))
    _, result = import_files(spec, "zoho", None, tmp_path / "out")
    assert "Create Contacts" in {m.name for m in result.definition.methods}


def test_a_reference_above_the_spec_s_folder_skips_its_operation_with_the_reason(tmp_path: Path) -> None:
    # tags.json is in the folder above the spec's: never read.
    (tmp_path / "tags.json").write_text(json.dumps(_COMMON), encoding="utf-8")
    spec = _write(tmp_path / "v8.0", _spec("../tags.json#/components/schemas/Contact"))
    _, result = import_files(spec, "zoho", None, tmp_path / "out")
    assert {m.name for m in result.definition.methods} == {"Get Contacts", "Get Notes"}
    [(http, why)] = result.report.skipped
    assert http == "POST /contacts"
    assert (
        why
        == f"reference {'../tags.json#/components/schemas/Contact'!r} names a file above the spec's folder, {NOT_READ}"
    )


def test_a_spec_given_as_a_document_has_no_files_beside_it_and_still_imports() -> None:
    result = import_connector(_spec(f"{COMMON}#/components/schemas/Contact"), "zoho")
    assert [m.name for m in result.definition.methods] == ["Get Notes"]
    skipped = dict(result.report.skipped)
    assert "not beside the spec (common.json)" in skipped["POST /contacts"]
    assert "not beside the spec (common.json)" in skipped["GET /contacts"]
    # The security scheme behind the same reference: reported, and the nearest usable auth chosen.
    notes = dict(result.report.notes)
    assert "not beside the spec (common.json)" in notes["security scheme oauth"]
    assert result.definition.auth[0].type == "api_key"


def test_a_missing_pointer_in_a_file_beside_names_the_file(tmp_path: Path) -> None:
    spec = _write(tmp_path, _spec(f"{COMMON}#/components/schemas/Nothing"))
    _, result = import_files(spec, "zoho", None, tmp_path / "out")
    skipped = dict(result.report.skipped)
    assert skipped == {
        "POST /contacts": "reference 'common.json#/components/schemas/Nothing' points nowhere in common.json"
    }


def test_the_file_a_reference_names_is_its_url_path_tail() -> None:
    assert file_of(f"{COMMON}#/components/schemas/Contact") == "common.json"
    assert file_of("common.json#/a") == "common.json"
    # Relative ones from the folder of the file that holds them, as paths from the spec's folder.
    assert file_of("models/a.yml#/x", "resources/droplets/list.yml") == "resources/droplets/models/a.yml"
    assert file_of("../../common/b.yml", "resources/droplets/list.yml") == "common/b.yml"
    # Above the folder: kept as a path the reader refuses unless it comes back in; an absolute one never.
    assert file_of("../b.yml", "list.yml") == "../b.yml" and file_of("/etc/passwd") is None
    assert file_of("https://example.com/specs/my%20part.yaml") == "my part.yaml"
    assert file_of("https://example.com/?q=x.json#/a") == ""


def test_a_file_beside_is_held_to_the_spec_s_bounds(tmp_path: Path) -> None:
    spec = _write(tmp_path, _spec(f"{COMMON}#/components/schemas/Contact"))
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]  # each level ten of the one before: 10^9 leaves
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    bomb = "\n".join(lines) + "\n"
    (tmp_path / "common.json").write_text(bomb, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"common\.json: the spec's YAML aliases"):
        import_files(spec, "zoho", None, tmp_path / "out")


def test_a_spec_split_across_folders_is_read_as_its_references_say(tmp_path: Path) -> None:
    """DigitalOcean's layout: an operation in a file of its own, its schema in a folder beside that file,
    a shared answer two folders up; each file's own ``#/`` references name its own parts."""
    spec = tmp_path / "spec" / "api.yaml"
    files = {
        "api.yaml": {"openapi": "3.0.0", "info": {"title": "Clouds", "version": "2"},
                     "servers": [{"url": "https://api.example.com"}],
                     "paths": {"/v2/droplets": {"post": {"$ref": "resources/droplets/create.yml"}}}},
        "resources/droplets/create.yml": {
            "operationId": "droplets_create",
            "parameters": [{"$ref": "#/components/parameters/region"}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "models/droplet.yml#/droplet"}}}},
            "responses": {"202": {"$ref": "../../common/accepted.yml"}},
            "components": {"parameters": {"region": {"name": "region", "in": "query", "required": True,
                                                     "schema": {"type": "string"}}}}},
        "resources/droplets/models/droplet.yml": {
            "droplet": {"type": "object", "required": ["name"],
                        "properties": {"name": {"type": "string"}, "size": {"$ref": "#/size"}}},
            "size": {"type": "string", "enum": ["s-1vcpu-1gb"]}},
        "common/accepted.yml": {"description": "accepted", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"id": {"type": "integer"}}}}}},
    }  # fmt: skip
    _write_all(spec.parent, files)
    _, result = import_files(spec, "clouds", None, tmp_path / "out")
    (method,) = result.definition.methods
    assert method.http == "POST /v2/droplets" and method.body_required
    assert [(p.target, p.required) for p in method.parameters] == [("region", True)]
    fields = {f.location: f for f in method.fields}
    assert fields["name"].required and fields["size"].values == ["s-1vcpu-1gb"]
    assert [f.location for f in method.response_fields] == ["id"]
    assert result.report.skipped == []


def test_a_link_out_of_the_spec_s_folder_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "common.json").write_text(json.dumps(_COMMON), encoding="utf-8")
    spec = _write(tmp_path / "v8.0", _spec("linked/common.json#/components/schemas/Contact"))
    (spec.parent / "linked").symlink_to(tmp_path / "outside")
    _, result = import_files(spec, "zoho", None, tmp_path / "out")
    skipped = dict(result.report.skipped)
    assert "not beside the spec (linked/common.json)" in skipped["POST /contacts"]


def test_paths_given_as_a_reference_and_keys_beside_an_operation_s_reference(tmp_path: Path) -> None:
    """Woosmap's layout: ``paths: {$ref: ./paths/_index.yml}``, each operation there a reference to its file
    with its ``operationId`` and ``summary`` written beside the reference; those keys name the method."""
    spec = tmp_path / "spec" / "index.yml"
    files = {
        "index.yml": {"openapi": "3.0.3", "info": {"title": "Maps", "version": "1"},
                      "servers": [{"url": "https://api.example.com"}], "paths": {"$ref": "./paths/_index.yml"}},
        "paths/_index.yml": {"/stores": {"get": {"operationId": "listStores", "summary": "List the stores",
                                                 "$ref": "./stores/list.yml"}}},
        "paths/stores/list.yml": {"summary": "Stores", "description": "Every store",
                                  "parameters": [{"$ref": "../../parameters/query.yml"}],
                                  "responses": {"200": {"description": "ok"}}},
        "parameters/query.yml": {"name": "query", "in": "query", "required": True, "schema": {"type": "string"}},
    }  # fmt: skip
    _write_all(spec.parent, files)
    _, result = import_files(spec, "maps", None, tmp_path / "out")
    (method,) = result.definition.methods
    assert (method.http, method.name, method.description) == ("GET /stores", "List the stores", "Every store")
    assert [(p.target, p.required) for p in method.parameters] == [("query", True)]
    assert result.report.skipped == []


def test_paths_given_as_a_reference_to_nothing_say_so(tmp_path: Path) -> None:
    spec = tmp_path / "index.yml"
    document = {"openapi": "3.0.3", "info": {"title": "Maps", "version": "1"},
                "servers": [{"url": "https://api.example.com"}], "paths": {"$ref": "./paths/_index.yml"}}  # fmt: skip
    spec.write_text(json.dumps(document), encoding="utf-8")
    _, result = import_files(spec, "maps", None, tmp_path / "out")
    assert result.definition.methods == []
    assert dict(result.report.skipped) == {
        "* paths": "reference './paths/_index.yml' names a file that is not beside the spec (paths/_index.yml)"
    }


def test_a_reference_that_climbs_out_and_back_into_the_spec_s_folder_is_read(tmp_path: Path) -> None:
    """Matrix's ``../client-server/definitions/room_summary.yaml`` from a spec in ``client-server/``; one that stays
    out (``../event-schemas/...``) is refused, and only its operation is skipped."""
    spec = tmp_path / "client-server" / "summary.yaml"
    summary = {"$ref": "../client-server/definitions/summary.yaml"}
    outside = {"$ref": "../event-schemas/event.yaml"}
    files = {
        "summary.yaml": {"openapi": "3.1.0", "info": {"title": "Rooms", "version": "1"},
                         "servers": [{"url": "https://matrix.example.com/_matrix/client/v1"}],
                         "paths": {"/summary ": {"get": {"responses": {"200": {"description": "ok", "content": {
                                       "application/json": {"schema": summary}}}}}},
                                   "/events": {"post": {"requestBody": {"content": {"application/json": {
                                       "schema": outside}}}, "responses": {"200": {"description": "ok"}}}}}},
        "definitions/summary.yaml": {"type": "object", "properties": {"room_id": {"type": "string"}}},
    }  # fmt: skip
    _write_all(spec.parent, files)
    (tmp_path / "event-schemas").mkdir()
    (tmp_path / "event-schemas" / "event.yaml").write_text('{"type": "object"}', encoding="utf-8")
    _, result = import_files(spec, "rooms", None, tmp_path / "out")
    (method,) = result.definition.methods
    # The path's trailing space (Matrix's "/events ") is no part of a request's path.
    assert method.http == "GET /summary" and [f.location for f in method.response_fields] == ["room_id"]
    refused = "reference '../event-schemas/event.yaml' names a file above the spec's folder, which is not read"
    assert dict(result.report.skipped) == {"POST /events": refused}


def test_an_answer_naming_a_file_above_the_folder_does_not_fail_the_import(tmp_path: Path) -> None:
    """Matrix's room messages answer one of an event schema above the spec's folder or a page: looking for
    its paging read the reference and failed the whole import; the method is imported, unpaged."""
    spec = tmp_path / "client-server" / "rooms.yaml"
    page = {"type": "object", "properties": {"chunk": {"type": "array", "items": {"type": "object"}}}}
    answer = {"oneOf": [{"$ref": "../event-schemas/event.yaml"}, page]}
    parameters = [{"name": "roomId", "in": "path", "required": True, "schema": {"type": "string"}},
                  {"name": "from", "in": "query", "schema": {"type": "string"}},
                  {"name": "limit", "in": "query", "schema": {"type": "integer"}}]  # fmt: skip
    operation = {"parameters": parameters, "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": answer}}}}}  # fmt: skip
    document = {"openapi": "3.1.0", "info": {"title": "Rooms", "version": "1"},
                "servers": [{"url": "https://matrix.example.com/v3"}],
                "paths": {"/rooms/{roomId}/messages": {"get": operation}}}  # fmt: skip
    spec.parent.mkdir()
    spec.write_text(json.dumps(document), encoding="utf-8")
    _, result = import_files(spec, "rooms", None, tmp_path / "out")
    (method,) = result.definition.methods
    assert method.http == "GET /rooms/{roomId}/messages" and method.pagination is None
    assert result.report.skipped == []


def test_servers_and_security_schemes_given_by_reference_are_followed(tmp_path: Path) -> None:
    """Storyblok's split sources: ``servers: {$ref: <shared folder>/servers.yaml}`` and ``securitySchemes: {$ref}``,
    where OpenAPI allows no reference but bundlers follow one; the import failed with ``KeyError: 0``."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "servers.json").write_text(json.dumps([{"url": "https://mapi.example.com"}]), encoding="utf-8")
    schemes = {"securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "Authorization"}}}
    (shared / "schemes.json").write_text(json.dumps(schemes), encoding="utf-8")
    spec = {"openapi": "3.1.1", "info": {"title": "Management", "version": "1"},
            "servers": {"$ref": "./shared/servers.json"},
            "components": {"securitySchemes": {"$ref": "./shared/schemes.json#/securitySchemes"}},
            "paths": {"/v1/users/me": {"get": {"operationId": "me", "responses": {"200": _OK}}}}}  # fmt: skip
    path = tmp_path / "main.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    _, result = import_files(path, "mapi", None, tmp_path / "out")
    assert result.definition.base_url == "https://mapi.example.com"
    (auth,) = result.definition.auth
    assert (auth.type, auth.name, auth.format) == ("api_key", "Authorization", "{key}")
