"""The MCP client snippet: the README shows what the demo prints (the demo test runs it against a live server)."""

from __future__ import annotations

from pathlib import Path

from switchboard.mcp.snippets import python_snippet

README = Path(__file__).parents[3] / "README.md"


def test_the_readme_shows_the_snippet_the_demo_prints() -> None:
    url, tool = "https://switchboard.example.com/mcp", "salesloft_create_person"
    shown = python_snippet(url, "sbmcp_...", tool, {"email_address": "ada@example.com"})
    assert f"```python\n{shown}```" in README.read_text()


def test_the_snippet_uses_only_the_public_2x_client() -> None:
    snippet = python_snippet("http://127.0.0.1:1/mcp", "t", "x", {})
    assert "._" not in snippet and "from mcp import Client" in snippet  # no private helper of the SDK
    compile(snippet, "snippet", "exec")
