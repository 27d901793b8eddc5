from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InstalledProperty")


@_attrs_define
class InstalledProperty:
    """A property as an account connector shows it, with the ids ``/properties`` takes (Cyclr's shape).

    Attributes:
        account_connector_id (int):
        name (str):
        id (int | None | Unset): The connector parameter's Id; null for one no longer defined
        value (None | str | Unset):
    """

    account_connector_id: int
    name: str
    id: int | Unset | None = UNSET
    value: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_connector_id = self.account_connector_id

        name = self.name

        id: int | Unset | None
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        value: str | Unset | None
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AccountConnectorId": account_connector_id,
                "Name": name,
            }
        )
        if id is not UNSET:
            field_dict["Id"] = id
        if value is not UNSET:
            field_dict["Value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_connector_id = d.pop("AccountConnectorId")

        name = d.pop("Name")

        def _parse_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        id = _parse_id(d.pop("Id", UNSET))

        def _parse_value(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        value = _parse_value(d.pop("Value", UNSET))

        installed_property = cls(
            account_connector_id=account_connector_id,
            name=name,
            id=id,
            value=value,
        )

        installed_property.additional_properties = d
        return installed_property

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
