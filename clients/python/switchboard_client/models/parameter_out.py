from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.trigger_out import TriggerOut


T = TypeVar("T", bound="ParameterOut")


@_attrs_define
class ParameterOut:
    """
    Attributes:
        data_type (str):
        description (str):
        id (int):
        is_optional (bool):
        name (str):
        target_name (str):
        target_type (str):
        trigger_name (None | str | Unset):
        triggers (list[TriggerOut] | Unset):
        values (list[Any] | None | Unset):
    """

    data_type: str
    description: str
    id: int
    is_optional: bool
    name: str
    target_name: str
    target_type: str
    trigger_name: str | Unset | None = UNSET
    triggers: list[TriggerOut] | Unset = UNSET
    values: list[Any] | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data_type = self.data_type

        description = self.description

        id = self.id

        is_optional = self.is_optional

        name = self.name

        target_name = self.target_name

        target_type = self.target_type

        trigger_name: str | Unset | None
        if isinstance(self.trigger_name, Unset):
            trigger_name = UNSET
        else:
            trigger_name = self.trigger_name

        triggers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.triggers, Unset):
            triggers = []
            for triggers_item_data in self.triggers:
                triggers_item = triggers_item_data.to_dict()
                triggers.append(triggers_item)

        values: list[Any] | Unset | None
        if isinstance(self.values, Unset):
            values = UNSET
        elif isinstance(self.values, list):
            values = self.values

        else:
            values = self.values

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "DataType": data_type,
                "Description": description,
                "Id": id,
                "IsOptional": is_optional,
                "Name": name,
                "TargetName": target_name,
                "TargetType": target_type,
            }
        )
        if trigger_name is not UNSET:
            field_dict["TriggerName"] = trigger_name
        if triggers is not UNSET:
            field_dict["Triggers"] = triggers
        if values is not UNSET:
            field_dict["Values"] = values

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trigger_out import TriggerOut

        d = dict(src_dict)
        data_type = d.pop("DataType")

        description = d.pop("Description")

        id = d.pop("Id")

        is_optional = d.pop("IsOptional")

        name = d.pop("Name")

        target_name = d.pop("TargetName")

        target_type = d.pop("TargetType")

        def _parse_trigger_name(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trigger_name = _parse_trigger_name(d.pop("TriggerName", UNSET))

        _triggers = d.pop("Triggers", UNSET)
        triggers: list[TriggerOut] | Unset = UNSET
        if _triggers is not UNSET:
            triggers = []
            for triggers_item_data in _triggers:
                triggers_item = TriggerOut.from_dict(triggers_item_data)

                triggers.append(triggers_item)

        def _parse_values(data: object) -> list[Any] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                values_type_0 = cast(list[Any], data)

                return values_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Any] | None | Unset, data)

        values = _parse_values(d.pop("Values", UNSET))

        parameter_out = cls(
            data_type=data_type,
            description=description,
            id=id,
            is_optional=is_optional,
            name=name,
            target_name=target_name,
            target_type=target_type,
            trigger_name=trigger_name,
            triggers=triggers,
            values=values,
        )

        parameter_out.additional_properties = d
        return parameter_out

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
