"""The README as a new user reads it: every command once, every connector, nothing it does not set up."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from typer.core import TyperGroup

from switchboard.catalog import Registry
from switchboard.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _commands(group: TyperGroup, prefix: str = "") -> list[str]:
    found: list[str] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, TyperGroup):
            found += _commands(command, f"{prefix}{name} ")
        else:
            found.append(f"{prefix}{name}")
    return found


def test_the_command_line_section_lists_every_command_once() -> None:
    block = _section("Command line").split("```text\n", 1)[1].split("```", 1)[0]
    shown = [" ".join(line.split()[1:3]) for line in block.splitlines() if line.startswith("switchboard ")]
    commands = _commands(typer.main.get_group(app))
    for command in commands:
        words = command.split()
        count = sum(1 for s in shown if s.split()[: len(words)] == words)
        if words[0] == "emulate":  # one line per kind of emulator
            assert count >= 1, command
        else:
            assert count == 1, (command, count)


def test_the_connectors_table_lists_every_connector_with_its_method_count() -> None:
    section = _section("Connectors")
    table = section[section.index("| connector | key |") :].split("\n\n", 1)[0].splitlines()
    column = [cell.strip() for cell in table[0].split("|")].index("methods")
    rows = [line for line in table if line.startswith("| [")]
    connectors = Registry.load([]).connectors
    assert len(rows) == len(connectors)
    for connector in connectors:
        row = next((r for r in rows if f"]({'src/switchboard/connectors/' + connector.key}/README.md)" in r), None)
        assert row is not None, connector.key
        assert row.split("|")[column].strip().replace(",", "") == str(len(connector.methods)), row


def test_the_errors_table_is_one_table() -> None:
    section = _section("Errors")
    table = section[section.index("| status |") :].split("\n\n", 1)[0]
    assert "| 408 / 431 |" in table and "| 422 |" in table and "| 502 / 504 |" in table


def test_no_walkthrough_needs_jq_and_every_variable_is_set() -> None:
    walkthroughs = [README, (ROOT / "examples" / "petstore" / "README.md").read_text(encoding="utf-8")]
    for text in walkthroughs:
        assert not re.search(r"\|\s*jq\b", text)
        text = re.sub(r"`[^`\n]+`", "", text)  # inline code names placeholders (`$SWITCHBOARD_TOKEN`), not shell
        used = set(re.findall(r"\$([A-Z][A-Z_]+)\b", text))
        assigned = set(re.findall(r"\b([A-Z][A-Z_]+)=", text))
        assert used <= assigned, sorted(used - assigned)


def test_the_development_section_says_each_thing_once() -> None:
    section = _section("Development")
    assert section.count("`make lint` (ruff) and `make typecheck`") == 1
    assert section.count("Debian's Chromium") + section.count("Debian's `chromium`") <= 2


def test_what_the_walkthrough_writes_is_ignored() -> None:
    assert "/my-connectors/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
