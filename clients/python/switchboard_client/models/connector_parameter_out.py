from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.trigger_out import TriggerOut


T = TypeVar("T", bound="ConnectorParameterOut")


@_attrs_define
class ConnectorParameterOut:
    """An account connector property: ``Name`` is its label, ``TargetName`` the name installs give it by.

    Attributes:
        description (str):
        display_name (str): Switchboard's earlier name for the label: the same as Name
        id (int):
        is_optional (bool):
        is_secret (bool): Switchboard's earlier name for IsSensitive
        is_sensitive (bool):
        name (str):
        target_name (str):
        target_type (str):
        data_type (str | Unset):  Default: 'Text'.
        is_account_connector_property (bool | Unset):  Default: True.
        trigger_name (None | str | Unset):
        triggers (list[TriggerOut] | Unset):
        values (list[Any] | None | Unset):
    """

    description: str
    display_name: str
    id: int
    is_optional: bool
    is_secret: bool
    is_sensitive: bool
    name: str
    target_name: str
    target_type: str
    data_type: str | Unset = "Text"
    is_account_connector_property: bool | Unset = True
    trigger_name: str | Unset | None = UNSET
    triggers: list[TriggerOut] | Unset = UNSET
    values: list[Any] | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        display_name = self.display_name

        id = self.id

        is_optional = self.is_optional

        is_secret = self.is_secret

        is_sensitive = self.is_sensitive

        name = self.name

        target_name = self.target_name

        target_type = self.target_type

        data_type = self.data_type

        is_account_connector_property = self.is_account_connector_property

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
                "Description": description,
                "DisplayName": display_name,
                "Id": id,
                "IsOptional": is_optional,
                "IsSecret": is_secret,
                "IsSensitive": is_sensitive,
                "Name": name,
                "TargetName": target_name,
                "TargetType": target_type,
            }
        )
        if data_type is not UNSET:
            field_dict["DataType"] = data_type
        if is_account_connector_property is not UNSET:
            field_dict["IsAccountConnectorProperty"] = is_account_connector_property
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
        description = d.pop("Description")

        display_name = d.pop("DisplayName")

        id = d.pop("Id")

        is_optional = d.pop("IsOptional")

        is_secret = d.pop("IsSecret")

        is_sensitive = d.pop("IsSensitive")

        name = d.pop("Name")

        target_name = d.pop("TargetName")

        target_type = d.pop("TargetType")

        data_type = d.pop("DataType", UNSET)

        is_account_connector_property = d.pop("IsAccountConnectorProperty", UNSET)

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

        connector_parameter_out = cls(
            description=description,
            display_name=display_name,
            id=id,
            is_optional=is_optional,
            is_secret=is_secret,
            is_sensitive=is_sensitive,
            name=name,
            target_name=target_name,
            target_type=target_type,
            data_type=data_type,
            is_account_connector_property=is_account_connector_property,
            trigger_name=trigger_name,
            triggers=triggers,
            values=values,
        )

        connector_parameter_out.additional_properties = d
        return connector_parameter_out

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
