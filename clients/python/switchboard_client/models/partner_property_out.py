from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PartnerPropertyOut")


@_attrs_define
class PartnerPropertyOut:
    """A property value the partner set for every install; a secret one's ``Value`` is null (write-only).

    Attributes:
        id (int): The connector parameter's Id
        name (str):
        value (None | str):
    """

    id: int
    name: str
    value: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        value: str | None
        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Id": id,
                "Name": name,
                "Value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("Id")

        name = d.pop("Name")

        def _parse_value(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("Value"))

        partner_property_out = cls(
            id=id,
            name=name,
            value=value,
        )

        partner_property_out.additional_properties = d
        return partner_property_out

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
