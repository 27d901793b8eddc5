from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ResponseFieldOut")


@_attrs_define
class ResponseFieldOut:
    """
    Attributes:
        data_type (str):
        description (str):
        display_name (str):
        id (int):
        location (str):
    """

    data_type: str
    description: str
    display_name: str
    id: int
    location: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data_type = self.data_type

        description = self.description

        display_name = self.display_name

        id = self.id

        location = self.location

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "DataType": data_type,
                "Description": description,
                "DisplayName": display_name,
                "Id": id,
                "Location": location,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data_type = d.pop("DataType")

        description = d.pop("Description")

        display_name = d.pop("DisplayName")

        id = d.pop("Id")

        location = d.pop("Location")

        response_field_out = cls(
            data_type=data_type,
            description=description,
            display_name=display_name,
            id=id,
            location=location,
        )

        response_field_out.additional_properties = d
        return response_field_out

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
