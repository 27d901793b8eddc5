"""Hostile and malformed specs: each ends in a clear ``ConfigurationError`` (or a report naming the part
skipped), within bounds of time and memory; never a traceback, a MemoryError or a hang (N4, N11)."""

from __future__ import annotations

import copy
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from switchboard.catalog.models import ConnectorDef
from switchboard.catalog.registry import Registry
from switchboard.cli import app
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.errors import ConfigurationError, InputError
from switchboard.importer import import_connector, parse_document
from switchboard.importer.files import import_files, report_lines
from switchboard.importer.limits import MB, ImportLimits

SECONDS = 5.0  # each hostile spec is refused or imported within this
PEAK_BYTES = 64 * MB  # and with at most this much Python memory at its peak (tracemalloc)

BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Hostile", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        "schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}},
    },
    "security": [{"key": []}],
    "tags": [{"name": "pets"}],
    "paths": {
        "/pets": {
            "parameters": [{"name": "X-Tenant", "in": "header", "schema": {"type": "string"}}],
            "get": {
                "operationId": "listPets",
                "tags": ["pets"],
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 50}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}}},
            },
            "post": {
                "operationId": "createPet",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Pet"}}}},
                "responses": {"201": {"description": "created"}},
            },
        }
    },
}  # fmt: skip


@contextmanager
def bounded() -> Iterator[None]:
    """The block runs within SECONDS and PEAK_BYTES of Python allocations."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        yield
    finally:
        seconds = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert seconds < SECONDS, f"took {seconds:.1f} s"
        assert peak < PEAK_BYTES, f"peaked at {peak / MB:.0f} MB"


def imported(text: str) -> Any:
    """Parse and import ``text`` as the CLI does, bounded; the result, or the ConfigurationError raised."""
    with bounded():
        try:
            return import_connector(parse_document(text), "hostile", source="hostile.yaml")
        except ConfigurationError as exc:
            return exc


def test_the_base_spec_imports() -> None:
    result = imported(yaml.safe_dump(BASE))
    assert not isinstance(result, ConfigurationError), result
    assert [m.name for m in result.definition.methods] == ["List Pets", "Create Pet"]


# -- YAML aliases -------------------------------------------------------------------------------

LAUGHS = "\n".join(
    ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]" for n in range(1, 10)]
)


def bomb(place: str) -> str:
    """A 1 KB spec whose ``place`` is an alias expanding to 9**10 strings (the probe's 2.88 GB)."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/x": {"get": {"operationId": "op", "responses": {"200": {"description": "ok"}}}}},
    }
    text = yaml.safe_dump(spec, sort_keys=False)
    marker = {"title": "title: t", "version": "version: '1'", "operationId": "operationId: op",
              "server": "url: https://api.example.com"}[place]  # fmt: skip
    assert marker in text
    return LAUGHS + "\n" + text.replace(marker, marker.split(":")[0] + ": *lol9")


@pytest.mark.parametrize("place", ["title", "version", "operationId", "server"])
def test_an_alias_bomb_is_refused_before_it_expands(place: str) -> None:
    text = bomb(place)
    assert len(text) < 2048
    result = imported(text)
    assert isinstance(result, ConfigurationError), result
    assert "aliases (*name) expand it to more than" in result.message


def test_an_alias_that_contains_itself_is_refused() -> None:
    result = imported("openapi: 3.0.3\ninfo: &loop {title: t, version: '1', again: *loop}\npaths: {}\n")
    assert isinstance(result, ConfigurationError)
    assert "a loop" in result.message


def test_a_few_ordinary_aliases_are_fine() -> None:
    text = "shared: &ok {description: ok}\n" + yaml.safe_dump(BASE).replace("description: created", "<<: *ok")
    result = imported(text)
    assert not isinstance(result, ConfigurationError), result


# -- size and depth ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"openapi": "3.0.3", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", id="json-100k-deep"),
        pytest.param("openapi: 3.0.3\nx: " + "[" * 100_000 + "]" * 100_000, id="yaml-flow-100k-deep"),
        pytest.param(
            "openapi: 3.0.3\npaths: {}\nx:\n"
            + "".join("  " * n + f"k{n}:\n" for n in range(1, 400))
            + "  " * 400
            + "v",
            id="yaml-block-400-deep",
        ),
        pytest.param('{"openapi": "3.0.3", "paths": {}, "x": ' + '{"a": ' * 500 + "1" + "}" * 500 + "}", id="json-500"),
    ],
)
def test_deep_nesting_is_refused_with_a_message(text: str) -> None:
    result = imported(text)
    assert isinstance(result, ConfigurationError), result
    assert "nest" in result.message


def test_a_spec_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b'{"openapi": "3.0.3", "paths": {}, "x": "' + b"a" * (33 * MB) + b'"}')
    with bounded(), pytest.raises(ConfigurationError, match=r"33.0 MB, over the importer's limit of 32 MB"):
        import_files(big, "big", None, tmp_path)


def test_the_cli_can_raise_the_size_limit_and_says_how(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(BASE) + "# " + "x" * 20_000 + "\n")
    refused = CliRunner().invoke(app, ["connectors", "import", str(spec), "--key", "k", "--out", str(tmp_path),
                                       "--max-spec-mb", "0.01"])  # fmt: skip
    assert refused.exit_code == 1 and "--max-spec-mb" in refused.output
    accepted = CliRunner().invoke(app, ["connectors", "import", str(spec), "--key", "k", "--out", str(tmp_path)])
    assert accepted.exit_code == 0, accepted.output


def test_a_spec_that_cannot_be_read_is_named_with_the_systems_reason(tmp_path: Path) -> None:
    for path, reason in ((tmp_path / "missing.yaml", "No such file or directory"), (tmp_path, "Is a directory")):
        failed = CliRunner().invoke(app, ["connectors", "import", str(path), "--key", "k", "--out", str(tmp_path)])
        said = "".join(failed.output.split())  # Rich wraps at the terminal's width, within a long path too
        assert failed.exit_code == 1 and "".join(f"Could not use {path}: {reason}".split()) in said, failed.output
        assert "Errno" not in said


def test_a_spec_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "latin1.yaml"
    spec.write_bytes(yaml.safe_dump(BASE).encode() + b"# caf\xe9\n")
    with pytest.raises(ConfigurationError, match="not UTF-8"):
        import_files(spec, "k", None, tmp_path)


def test_too_many_operations_and_the_deadline_are_bounds() -> None:
    with pytest.raises(ConfigurationError, match="3 operations, over the importer's limit of 2"):
        spec = copy.deepcopy(BASE)
        spec["paths"]["/pets"]["delete"] = {"responses": {"204": {"description": "gone"}}}
        import_connector(spec, "k", limits=ImportLimits(max_operations=2))
    with pytest.raises(ConfigurationError, match="ran past its time limit of 0 s"):
        import_connector(copy.deepcopy(BASE), "k", limits=ImportLimits(seconds=0))
    narrow = import_connector(copy.deepcopy(BASE), "k", limits=ImportLimits(max_inputs=1))
    assert ("GET /pets", "2 parameters and fields, over the importer's limit of 1 per method") in narrow.report.skipped


def test_one_enormous_operation_is_skipped_in_bounded_time() -> None:
    """100,000 body properties and 20,000 parameters in one operation (6 MB): it took 93 s and 700 MB."""
    props = {f"p{i}": {"type": "string"} for i in range(100_000)}
    spec = copy.deepcopy(BASE)
    spec["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "properties": props,
    }
    spec["paths"]["/pets"]["post"]["parameters"] = [
        {"name": f"q{i}", "in": "query", "schema": {"type": "string"}} for i in range(20_000)
    ]
    started = time.monotonic()
    result = import_connector(spec, "wide")
    assert time.monotonic() - started < 30
    assert [why for what, why in result.report.skipped if what == "POST /pets"] == [
        "120001 parameters and fields, over the importer's limit of 5000 per method"  # the path's X-Tenant too
    ]


# -- wrong types in each place ------------------------------------------------------------------


def put(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to the base spec: the value at the dotted ``path`` (list indexes as numbers) replaced."""

    def change(spec: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = spec
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


GET = "paths./pets.get"
POST = "paths./pets.post"
WRONG = {
    "info": 5, "info.title": ["a"], "info.version": {"v": 1}, "servers": "https://x", "servers.0": 5,
    "servers.0.url": ["u"], "servers.0.variables": [1], "paths./pets": 5, "paths./pets.parameters": 5,
    "paths./pets.parameters.0": "p", f"{GET}.parameters": {"a": 1}, f"{GET}.parameters.0": 7,
    f"{GET}.parameters.0.schema": "int", f"{GET}.parameters.0.schema.maximum": "fifty",
    f"{GET}.parameters.0.name": 5, f"{GET}.operationId": {"x": 1}, f"{GET}.tags": 5, f"{GET}.tags.0": [1],
    f"{GET}.responses": 5, f"{GET}.responses.200": "ok", f"{GET}.responses.200.content": [1],
    f"{GET}.responses.200.content.application/json.schema": "Pet",
    f"{GET}.responses.200.content.application/json.schema.items": 3, f"{GET}.summary": {"s": 1},
    f"{POST}.requestBody": 5, f"{POST}.requestBody.content": "json",
    f"{POST}.requestBody.content.application/json.schema": [1],
    f"{POST}.requestBody.content.application/json.schema.$ref": 5,
    "components": 5, "components.schemas": [1], "components.schemas.Pet": "object",
    "components.schemas.Pet.properties": [1], "components.schemas.Pet.properties.name": 5,
    "components.schemas.Pet.required": 5, "components.schemas.Pet.type": ["object"],
    "components.securitySchemes": [1], "components.securitySchemes.key": 5, "components.securitySchemes.key.in": 5,
    "security": 5, "security.0": "key", "tags": 5, "tags.0": 5,
}  # fmt: skip


@pytest.mark.parametrize(("path", "value"), list(WRONG.items()), ids=list(WRONG))
def test_a_wrong_type_in_any_place_is_a_clear_error_or_a_reported_skip(path: str, value: Any) -> None:
    spec = copy.deepcopy(BASE)
    put(path, value)(spec)
    result = imported(yaml.safe_dump(spec))
    if isinstance(result, ConfigurationError):
        assert result.message.startswith("hostile.yaml: "), result.message
        return
    assert isinstance(result.definition, ConnectorDef)
    assert result.report.accounted  # every operation is a method or skipped with its reason
    for what, why in result.report.skipped:
        assert what and why


# -- header names and what the report prints -----------------------------------------------------


def crlf_header_spec() -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    spec["paths"]["/pets"]["get"]["parameters"].append(
        {"name": "X-Evil\r\nX-Injected", "in": "header", "required": True, "schema": {"type": "string"}}
    )
    return spec


def test_a_header_parameter_with_cr_lf_in_its_name_is_skipped_with_a_reason() -> None:
    result = import_connector(crlf_header_spec(), "hostile")
    listing = next(m for m in result.definition.methods if m.name == "List Pets")
    assert [p.target for p in listing.parameters] == ["X-Tenant", "limit"]
    notes = [why for what, why in result.report.notes if what == "GET /pets"]
    assert "header parameter 'X-Evil\\r\\nX-Injected' is not a valid HTTP header name; not mapped" in notes


def test_a_header_parameter_with_a_bad_name_is_refused_at_call_time_not_sent() -> None:
    """A connector imported before the check (or written by hand) still cannot split a request."""
    definition = import_connector(copy.deepcopy(BASE), "hostile").definition
    raw = definition.model_dump(by_alias=True)
    raw["methods"][0]["parameters"][0]["target"] = "X-Evil\r\nX-Injected"
    connector = Registry([ConnectorDef.model_validate(raw)]).by_key["hostile"]
    method = connector.methods[0]
    bound = bind_by_name(method, {"X-Evil\r\nX-Injected": "1"}, None, None)
    with pytest.raises(InputError, match="is not a valid HTTP header name"):
        build_request(connector.definition, method, bound, connector.definition.base_url)
    clean = Registry([definition]).by_key["hostile"].methods[0]
    injected = bind_by_name(clean, {"X-Tenant": "a\r\nX-Injected: 1"}, None, None)
    with pytest.raises(InputError, match="CR, LF or NUL"):
        build_request(definition, clean, injected, definition.base_url)


def test_the_report_and_errors_print_no_terminal_escapes(tmp_path: Path) -> None:
    spec = copy.deepcopy(BASE)
    spec["paths"]["/pets\x1b[2J\x1b]0;pwned\x07"] = spec["paths"].pop("/pets")
    spec["paths"]["/pets\x1b[2J\x1b]0;pwned\x07"]["get"]["parameters"].append({"name": "x\x1b[31m", "in": "cookie"})
    result = import_connector(spec, "hostile")
    lines = report_lines(result)
    assert any("\\x1b[2J" in line for line in lines)
    assert not any(c in line for line in lines for c in "\x1b\x07\r\n")
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(spec))
    output = CliRunner().invoke(app, ["connectors", "import", str(tmp_path / "spec.yaml"), "--key", "k",
                                      "--out", str(tmp_path)]).output  # fmt: skip
    assert "\x1b" not in output and "\x07" not in output
    (tmp_path / "bad.yaml").write_text("openapi: 3.0.3\ninfo: {title: '[bold]\x1b[5m'}\n")
    failed = CliRunner().invoke(app, ["connectors", "import", str(tmp_path / "bad.yaml"), "--key", "k"])
    assert failed.exit_code == 1
    assert "\x1b" not in failed.output


def test_a_key_that_is_no_connector_key_is_refused_before_the_spec_is_read(tmp_path: Path) -> None:
    failed = CliRunner().invoke(app, ["connectors", "import", str(tmp_path / "never-read.yaml"), "--key", "7-Shifts"])
    said = " ".join(failed.output.split())
    assert failed.exit_code == 2 and "--key '7-Shifts' is not a connector key" in said, failed.output
    assert "(such as 'shifts')" in said and "never-read" not in said  # the file was not opened
