"""How to connect an MCP client to one customer's tools: the snippets the demo prints (and the README shows)."""

from __future__ import annotations

import orjson

# For the official SDK's 2.x client (`pip install "mcp>=2.3,<3"`): headers go on its httpx2 client.
PYTHON_SNIPPET = """\
import asyncio

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client


async def main() -> None:
    http = httpx2.AsyncClient(headers={{"Authorization": "Bearer {token}"}})
    async with http, Client(streamable_http_client("{url}", http_client=http)) as client:
        tools = (await client.list_tools()).tools
        print(len(tools), "tools, e.g.", ", ".join(t.name for t in tools[:3]))
        result = await client.call_tool("{tool}", {arguments})
        print(result.content[0].text[:300])


asyncio.run(main())
"""


def desktop_config(name: str, url: str, token: str) -> str:
    """An ``mcpServers`` entry: a URL with headers (Claude Code, Cursor, VS Code), and ``mcp-remote``
    for desktop agents that only start local (stdio) servers."""
    config = {
        "mcpServers": {
            name: {"type": "http", "url": url, "headers": {"Authorization": f"Bearer {token}"}},
            f"{name}-via-mcp-remote": {
                "command": "npx",
                "args": ["-y", "mcp-remote", url, "--header", f"Authorization: Bearer {token}"],
            },
        }
    }
    return orjson.dumps(config, option=orjson.OPT_INDENT_2).decode()


def python_snippet(url: str, token: str, tool: str, arguments: dict[str, object]) -> str:
    return PYTHON_SNIPPET.format(url=url, token=token, tool=tool, arguments=repr(arguments))
