from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sync_deletes_in_mode import SyncDeletesInMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="SyncDeletesIn")


@_attrs_define
class SyncDeletesIn:
    """
    Attributes:
        field (None | str | Unset): For Mode flag: the deleted flag
        full_every (int | None | Unset): An incremental sync's full run every N runs
        mode (SyncDeletesInMode | Unset):  Default: SyncDeletesInMode.FULL.
    """

    field: str | Unset | None = UNSET
    full_every: int | Unset | None = UNSET
    mode: SyncDeletesInMode | Unset = SyncDeletesInMode.FULL
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field: str | Unset | None
        if isinstance(self.field, Unset):
            field = UNSET
        else:
            field = self.field

        full_every: int | Unset | None
        if isinstance(self.full_every, Unset):
            full_every = UNSET
        else:
            full_every = self.full_every

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if field is not UNSET:
            field_dict["Field"] = field
        if full_every is not UNSET:
            field_dict["FullEvery"] = full_every
        if mode is not UNSET:
            field_dict["Mode"] = mode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_field(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        field = _parse_field(d.pop("Field", UNSET))

        def _parse_full_every(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        full_every = _parse_full_every(d.pop("FullEvery", UNSET))

        _mode = d.pop("Mode", UNSET)
        mode: SyncDeletesInMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = SyncDeletesInMode(_mode)

        sync_deletes_in = cls(
            field=field,
            full_every=full_every,
            mode=mode,
        )

        sync_deletes_in.additional_properties = d
        return sync_deletes_in

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
