from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tool_call_out_structuredcontent import ToolCallOutStructuredcontent


T = TypeVar("T", bound="ToolCallOut")


@_attrs_define
class ToolCallOut:
    """
    Attributes:
        structured_content (ToolCallOutStructuredcontent): The answer's JSON object (a list or a single value under
            `result`); when cut, the records that fit and `truncated`, a note saying how to ask for the rest
        text (str): The answer as text for a model: the JSON, or a note on what was cut and the rest
        tool (str): The tool called (its name in the tools list)
        truncated (bool): Whether the answer was cut to fit a model's context window
    """

    structured_content: ToolCallOutStructuredcontent
    text: str
    tool: str
    truncated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        structured_content = self.structured_content.to_dict()

        text = self.text

        tool = self.tool

        truncated = self.truncated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "StructuredContent": structured_content,
                "Text": text,
                "Tool": tool,
                "Truncated": truncated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_call_out_structuredcontent import ToolCallOutStructuredcontent

        d = dict(src_dict)
        structured_content = ToolCallOutStructuredcontent.from_dict(d.pop("StructuredContent"))

        text = d.pop("Text")

        tool = d.pop("Tool")

        truncated = d.pop("Truncated")

        tool_call_out = cls(
            structured_content=structured_content,
            text=text,
            tool=tool,
            truncated=truncated,
        )

        tool_call_out.additional_properties = d
        return tool_call_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
