"""The answer of ``POST /v1.0/account/connectors/{id}/tools/{name}``, as the OpenAPI document types it.

The call itself is answered by ``api.fastpath.tools`` (pure ASGI, its bytes written with orjson, no
model built per call); this model documents those members, in their order, for the generated clients.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from switchboard.api.schemas import Schema


class ToolCallOut(Schema):
    tool: str = Field(description="The tool called (its name in the tools list)")
    text: str = Field(description="The answer as text for a model: the JSON, or a note on what was cut and the rest")
    structured_content: dict[str, Any] = Field(
        description="The answer's JSON object (a list or a single value under `result`); when cut, the records "
        "that fit and `truncated`, a note saying how to ask for the rest"
    )
    truncated: bool = Field(description="Whether the answer was cut to fit a model's context window")
