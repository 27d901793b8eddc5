from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sync_cursor_in import SyncCursorIn
    from ..models.sync_deletes_in import SyncDeletesIn
    from ..models.sync_in_parameters_type_0 import SyncInParametersType0


T = TypeVar("T", bound="SyncIn")


@_attrs_define
class SyncIn:
    """
    Attributes:
        cursor (None | SyncCursorIn | Unset):
        default (None | str | Unset): A default sync of the connector to start from, by name
        deletes (None | SyncDeletesIn | Unset):
        enabled (bool | None | Unset):  Default: True.
        exclude_from_hash (list[str] | None | Unset):
        frequency_minutes (int | None | Unset):
        key_field (None | str | Unset):
        method_unique_identifier (None | str | Unset):
        name (None | str | Unset):
        parameters (None | SyncInParametersType0 | Unset):
    """

    cursor: SyncCursorIn | Unset | None = UNSET
    default: str | Unset | None = UNSET
    deletes: SyncDeletesIn | Unset | None = UNSET
    enabled: bool | Unset | None = True
    exclude_from_hash: list[str] | Unset | None = UNSET
    frequency_minutes: int | Unset | None = UNSET
    key_field: str | Unset | None = UNSET
    method_unique_identifier: str | Unset | None = UNSET
    name: str | Unset | None = UNSET
    parameters: SyncInParametersType0 | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sync_cursor_in import SyncCursorIn
        from ..models.sync_deletes_in import SyncDeletesIn
        from ..models.sync_in_parameters_type_0 import SyncInParametersType0

        cursor: dict[str, Any] | Unset | None
        if isinstance(self.cursor, Unset):
            cursor = UNSET
        elif isinstance(self.cursor, SyncCursorIn):
            cursor = self.cursor.to_dict()
        else:
            cursor = self.cursor

        default: str | Unset | None
        if isinstance(self.default, Unset):
            default = UNSET
        else:
            default = self.default

        deletes: dict[str, Any] | Unset | None
        if isinstance(self.deletes, Unset):
            deletes = UNSET
        elif isinstance(self.deletes, SyncDeletesIn):
            deletes = self.deletes.to_dict()
        else:
            deletes = self.deletes

        enabled: bool | Unset | None
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        exclude_from_hash: list[str] | Unset | None
        if isinstance(self.exclude_from_hash, Unset):
            exclude_from_hash = UNSET
        elif isinstance(self.exclude_from_hash, list):
            exclude_from_hash = self.exclude_from_hash

        else:
            exclude_from_hash = self.exclude_from_hash

        frequency_minutes: int | Unset | None
        if isinstance(self.frequency_minutes, Unset):
            frequency_minutes = UNSET
        else:
            frequency_minutes = self.frequency_minutes

        key_field: str | Unset | None
        if isinstance(self.key_field, Unset):
            key_field = UNSET
        else:
            key_field = self.key_field

        method_unique_identifier: str | Unset | None
        if isinstance(self.method_unique_identifier, Unset):
            method_unique_identifier = UNSET
        else:
            method_unique_identifier = self.method_unique_identifier

        name: str | Unset | None
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        parameters: dict[str, Any] | Unset | None
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, SyncInParametersType0):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cursor is not UNSET:
            field_dict["Cursor"] = cursor
        if default is not UNSET:
            field_dict["Default"] = default
        if deletes is not UNSET:
            field_dict["Deletes"] = deletes
        if enabled is not UNSET:
            field_dict["Enabled"] = enabled
        if exclude_from_hash is not UNSET:
            field_dict["ExcludeFromHash"] = exclude_from_hash
        if frequency_minutes is not UNSET:
            field_dict["FrequencyMinutes"] = frequency_minutes
        if key_field is not UNSET:
            field_dict["KeyField"] = key_field
        if method_unique_identifier is not UNSET:
            field_dict["MethodUniqueIdentifier"] = method_unique_identifier
        if name is not UNSET:
            field_dict["Name"] = name
        if parameters is not UNSET:
            field_dict["Parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_cursor_in import SyncCursorIn
        from ..models.sync_deletes_in import SyncDeletesIn
        from ..models.sync_in_parameters_type_0 import SyncInParametersType0

        d = dict(src_dict)

        def _parse_cursor(data: object) -> SyncCursorIn | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cursor_type_0 = SyncCursorIn.from_dict(data)

                return cursor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncCursorIn | Unset, data)

        cursor = _parse_cursor(d.pop("Cursor", UNSET))

        def _parse_default(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default = _parse_default(d.pop("Default", UNSET))

        def _parse_deletes(data: object) -> SyncDeletesIn | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                deletes_type_0 = SyncDeletesIn.from_dict(data)

                return deletes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncDeletesIn | Unset, data)

        deletes = _parse_deletes(d.pop("Deletes", UNSET))

        def _parse_enabled(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("Enabled", UNSET))

        def _parse_exclude_from_hash(data: object) -> list[str] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                exclude_from_hash_type_0 = cast(list[str], data)

                return exclude_from_hash_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        exclude_from_hash = _parse_exclude_from_hash(d.pop("ExcludeFromHash", UNSET))

        def _parse_frequency_minutes(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        frequency_minutes = _parse_frequency_minutes(d.pop("FrequencyMinutes", UNSET))

        def _parse_key_field(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        key_field = _parse_key_field(d.pop("KeyField", UNSET))

        def _parse_method_unique_identifier(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        method_unique_identifier = _parse_method_unique_identifier(d.pop("MethodUniqueIdentifier", UNSET))

        def _parse_name(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("Name", UNSET))

        def _parse_parameters(data: object) -> SyncInParametersType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parameters_type_0 = SyncInParametersType0.from_dict(data)

                return parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncInParametersType0 | Unset, data)

        parameters = _parse_parameters(d.pop("Parameters", UNSET))

        sync_in = cls(
            cursor=cursor,
            default=default,
            deletes=deletes,
            enabled=enabled,
            exclude_from_hash=exclude_from_hash,
            frequency_minutes=frequency_minutes,
            key_field=key_field,
            method_unique_identifier=method_unique_identifier,
            name=name,
            parameters=parameters,
        )

        sync_in.additional_properties = d
        return sync_in

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
