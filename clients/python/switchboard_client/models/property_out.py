from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PropertyOut")


@_attrs_define
class PropertyOut:
    """A property's value; a secret one's ``Value`` is always null (write-only).

    Attributes:
        account_connector_id (int):
        id (int):
        name (str):
        value (None | str):
        from_partner (bool | Unset): The partner's value for every install (connector settings), which this one leaves
            unset Default: False.
    """

    account_connector_id: int
    id: int
    name: str
    value: str | None
    from_partner: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_connector_id = self.account_connector_id

        id = self.id

        name = self.name

        value: str | None
        value = self.value

        from_partner = self.from_partner

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AccountConnectorId": account_connector_id,
                "Id": id,
                "Name": name,
                "Value": value,
            }
        )
        if from_partner is not UNSET:
            field_dict["FromPartner"] = from_partner

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_connector_id = d.pop("AccountConnectorId")

        id = d.pop("Id")

        name = d.pop("Name")

        def _parse_value(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("Value"))

        from_partner = d.pop("FromPartner", UNSET)

        property_out = cls(
            account_connector_id=account_connector_id,
            id=id,
            name=name,
            value=value,
            from_partner=from_partner,
        )

        property_out.additional_properties = d
        return property_out

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
