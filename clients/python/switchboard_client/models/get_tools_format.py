from enum import StrEnum


class GetToolsFormat(StrEnum):
    ANTHROPIC = "anthropic"
    MCP = "mcp"
    OPENAI = "openai"

    def __str__(self) -> str:
        return str(self.value)
