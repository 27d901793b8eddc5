from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConnectorProperty")


@_attrs_define
class ConnectorProperty:
    """
    Attributes:
        description (str):
        display_name (str):
        is_optional (bool):
        is_secret (bool):
        name (str):
    """

    description: str
    display_name: str
    is_optional: bool
    is_secret: bool
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        display_name = self.display_name

        is_optional = self.is_optional

        is_secret = self.is_secret

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Description": description,
                "DisplayName": display_name,
                "IsOptional": is_optional,
                "IsSecret": is_secret,
                "Name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("Description")

        display_name = d.pop("DisplayName")

        is_optional = d.pop("IsOptional")

        is_secret = d.pop("IsSecret")

        name = d.pop("Name")

        connector_property = cls(
            description=description,
            display_name=display_name,
            is_optional=is_optional,
            is_secret=is_secret,
            name=name,
        )

        connector_property.additional_properties = d
        return connector_property

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
