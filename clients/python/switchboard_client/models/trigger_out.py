from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TriggerOut")


@_attrs_define
class TriggerOut:
    """A lookup (drop-down) method: ``POST /v1.0/account/connectors/{id}/triggers/{TriggerId}`` answers its options.

    Attributes:
        method_unique_identifier (str):
        name (str):
        trigger_id (int): The lookup method's Id
    """

    method_unique_identifier: str
    name: str
    trigger_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        method_unique_identifier = self.method_unique_identifier

        name = self.name

        trigger_id = self.trigger_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "MethodUniqueIdentifier": method_unique_identifier,
                "Name": name,
                "TriggerId": trigger_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        method_unique_identifier = d.pop("MethodUniqueIdentifier")

        name = d.pop("Name")

        trigger_id = d.pop("TriggerId")

        trigger_out = cls(
            method_unique_identifier=method_unique_identifier,
            name=name,
            trigger_id=trigger_id,
        )

        trigger_out.additional_properties = d
        return trigger_out

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
