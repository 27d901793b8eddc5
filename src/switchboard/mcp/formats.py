"""One tool list, three vendors' function-calling shapes."""

from __future__ import annotations

from typing import Any, Literal

from switchboard.mcp.tools import Tool

ToolFormat = Literal["openai", "anthropic", "mcp"]


def as_openai(tool: Tool) -> dict[str, Any]:
    """OpenAI Chat Completions ``tools`` entry."""
    return {
        "type": "function",
        "function": {"name": tool.name, "description": tool.description, "parameters": tool.input_schema},
    }


def as_anthropic(tool: Tool) -> dict[str, Any]:
    """Anthropic Messages API ``tools`` entry."""
    return {"name": tool.name, "description": tool.description, "input_schema": tool.input_schema}


def as_mcp(tool: Tool) -> dict[str, Any]:
    """MCP ``tools/list`` entry, annotations included."""
    return {
        "name": tool.name,
        "description": tool.description,
        "inputSchema": tool.input_schema,
        "annotations": tool.annotations,
    }


FORMATS = {"openai": as_openai, "anthropic": as_anthropic, "mcp": as_mcp}


def shaped_tools(tools: list[Tool], fmt: ToolFormat) -> list[dict[str, Any]]:
    return [FORMATS[fmt](tool) for tool in tools]
