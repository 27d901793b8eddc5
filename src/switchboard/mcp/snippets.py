"""How to connect an MCP client to one customer's tools: the snippets the demo prints (and the README shows)."""

from __future__ import annotations

import orjson

PYTHON_SNIPPET = """\
import asyncio

from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


async def main() -> None:
    headers = {{"Authorization": "Bearer {token}"}}
    async with (
        create_mcp_http_client(headers=headers) as http,
        streamable_http_client("{url}", http_client=http) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        tools = (await session.list_tools()).tools
        print(len(tools), "tools, e.g.", ", ".join(t.name for t in tools[:3]))
        result = await session.call_tool("{tool}", {arguments})
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
