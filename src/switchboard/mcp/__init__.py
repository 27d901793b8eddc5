"""Agents: every connected method as a tool, over MCP (``/mcp``) and as function-calling schemas.

``tools`` lists the tools a caller may use, ``schemas`` builds their input JSON Schemas,
``formats`` shapes them for each vendor, ``calls`` runs one through the engine (the one place
a tool call meets the pipeline), ``server`` is the MCP endpoint on the official ``mcp`` SDK.
"""

from switchboard.mcp.calls import ToolAnswer, ToolCaller, ToolServices, call_tool
from switchboard.mcp.tools import Tool, tools_for

__all__ = ["Tool", "ToolAnswer", "ToolCaller", "ToolServices", "call_tool", "tools_for"]
