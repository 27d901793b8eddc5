from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sync_cursor_in_format import SyncCursorInFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="SyncCursorIn")


@_attrs_define
class SyncCursorIn:
    """
    Attributes:
        parameter (str): The query parameter that asks for changes since a value
        field (None | str | Unset): The record field the next value is read from
        format_ (SyncCursorInFormat | Unset):  Default: SyncCursorInFormat.ISO8601.
        overlap_seconds (int | Unset):  Default: 60.
    """

    parameter: str
    field: str | Unset | None = UNSET
    format_: SyncCursorInFormat | Unset = SyncCursorInFormat.ISO8601
    overlap_seconds: int | Unset = 60
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        parameter = self.parameter

        field: str | Unset | None
        if isinstance(self.field, Unset):
            field = UNSET
        else:
            field = self.field

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        overlap_seconds = self.overlap_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Parameter": parameter,
            }
        )
        if field is not UNSET:
            field_dict["Field"] = field
        if format_ is not UNSET:
            field_dict["Format"] = format_
        if overlap_seconds is not UNSET:
            field_dict["OverlapSeconds"] = overlap_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        parameter = d.pop("Parameter")

        def _parse_field(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        field = _parse_field(d.pop("Field", UNSET))

        _format_ = d.pop("Format", UNSET)
        format_: SyncCursorInFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = SyncCursorInFormat(_format_)

        overlap_seconds = d.pop("OverlapSeconds", UNSET)

        sync_cursor_in = cls(
            parameter=parameter,
            field=field,
            format_=format_,
            overlap_seconds=overlap_seconds,
        )

        sync_cursor_in.additional_properties = d
        return sync_cursor_in

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
