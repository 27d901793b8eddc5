from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.records_out_records_item import RecordsOutRecordsItem


T = TypeVar("T", bound="RecordsOut")


@_attrs_define
class RecordsOut:
    """
    Attributes:
        has_more (bool):
        next_cursor (str):
        records (list[RecordsOutRecordsItem]):
    """

    has_more: bool
    next_cursor: str
    records: list[RecordsOutRecordsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        has_more = self.has_more

        next_cursor = self.next_cursor

        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "HasMore": has_more,
                "NextCursor": next_cursor,
                "Records": records,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.records_out_records_item import RecordsOutRecordsItem

        d = dict(src_dict)
        has_more = d.pop("HasMore")

        next_cursor = d.pop("NextCursor")

        records = []
        _records = d.pop("Records")
        for records_item_data in _records:
            records_item = RecordsOutRecordsItem.from_dict(records_item_data)

            records.append(records_item)

        records_out = cls(
            has_more=has_more,
            next_cursor=next_cursor,
            records=records,
        )

        records_out.additional_properties = d
        return records_out

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
