from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccountOut")


@_attrs_define
class AccountOut:
    """
    Attributes:
        created_date (datetime.datetime):
        description (str):
        id (str):
        name (str):
        timezone (str):
    """

    created_date: datetime.datetime
    description: str
    id: str
    name: str
    timezone: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_date = self.created_date.isoformat()

        description = self.description

        id = self.id

        name = self.name

        timezone = self.timezone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "CreatedDate": created_date,
                "Description": description,
                "Id": id,
                "Name": name,
                "Timezone": timezone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_date = datetime.datetime.fromisoformat(d.pop("CreatedDate"))

        description = d.pop("Description")

        id = d.pop("Id")

        name = d.pop("Name")

        timezone = d.pop("Timezone")

        account_out = cls(
            created_date=created_date,
            description=description,
            id=id,
            name=name,
            timezone=timezone,
        )

        account_out.additional_properties = d
        return account_out

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
