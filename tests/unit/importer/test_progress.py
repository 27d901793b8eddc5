"""The import tells its progress over operations (the CLI draws it as a bar)."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.importer import import_connector
from tests.unit.importer.test_hostile_specs import BASE


def spec_with(operations: int) -> dict[str, object]:
    paths = {f"/things{n}": {"get": {"operationId": f"listThings{n}", "responses": {"200": {"description": "ok"}}}}
             for n in range(operations)}  # fmt: skip
    return {**BASE, "paths": paths}


def test_progress_counts_every_operation_up_to_the_total() -> None:
    told: list[tuple[int, int]] = []
    result = import_connector(spec_with(7), "things", progress=lambda done, total: told.append((done, total)))
    assert len(result.definition.methods) == 7
    assert told[0] == (0, 7) and told[-1] == (7, 7)
    assert [done for done, _ in told] == sorted(done for done, _ in told)
    assert {total for _, total in told} == {7}


def test_the_cli_draws_no_bar_into_a_pipe(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(spec_with(3)))
    done = CliRunner().invoke(app, ["connectors", "import", str(spec), "--key", "things", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("3 operations: 3 mapped to methods, 0 skipped")
    assert "Mapping operations" not in done.output and "Reading the spec" not in done.output
    assert (tmp_path / "things" / "connector.yaml").exists()
