from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.trigger_out_sub_triggers_item import TriggerOutSubTriggersItem


T = TypeVar("T", bound="TriggerOut")


@_attrs_define
class TriggerOut:
    """A lookup (drop-down) method: ``POST /v1.0/account/connectors/{id}/triggers/{TriggerId}`` answers its options.

    Called as a method, it answers ``{"result": [{"text", "value"}]}``, which ``HumanReadableKey`` and ``IdentifierKey``
    name in Cyclr's notation (step setup's ``[lists].name``, ``[lists].id``).

        Attributes:
            method_id (int): Cyclr's name for TriggerId: call .../methods/{MethodId} for the values
            method_unique_identifier (str):
            name (str):
            trigger_id (int): The lookup method's Id
            human_readable_key (str | Unset): Where the answer holds what to show the user Default: '[result].text'.
            identifier_key (str | Unset): Where the answer holds the value to send Default: '[result].value'.
            sub_triggers (list[TriggerOutSubTriggersItem] | Unset): Always empty: no lookup depends on another
    """

    method_id: int
    method_unique_identifier: str
    name: str
    trigger_id: int
    human_readable_key: str | Unset = "[result].text"
    identifier_key: str | Unset = "[result].value"
    sub_triggers: list[TriggerOutSubTriggersItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        method_id = self.method_id

        method_unique_identifier = self.method_unique_identifier

        name = self.name

        trigger_id = self.trigger_id

        human_readable_key = self.human_readable_key

        identifier_key = self.identifier_key

        sub_triggers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sub_triggers, Unset):
            sub_triggers = []
            for sub_triggers_item_data in self.sub_triggers:
                sub_triggers_item = sub_triggers_item_data.to_dict()
                sub_triggers.append(sub_triggers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "MethodId": method_id,
                "MethodUniqueIdentifier": method_unique_identifier,
                "Name": name,
                "TriggerId": trigger_id,
            }
        )
        if human_readable_key is not UNSET:
            field_dict["HumanReadableKey"] = human_readable_key
        if identifier_key is not UNSET:
            field_dict["IdentifierKey"] = identifier_key
        if sub_triggers is not UNSET:
            field_dict["SubTriggers"] = sub_triggers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trigger_out_sub_triggers_item import TriggerOutSubTriggersItem

        d = dict(src_dict)
        method_id = d.pop("MethodId")

        method_unique_identifier = d.pop("MethodUniqueIdentifier")

        name = d.pop("Name")

        trigger_id = d.pop("TriggerId")

        human_readable_key = d.pop("HumanReadableKey", UNSET)

        identifier_key = d.pop("IdentifierKey", UNSET)

        _sub_triggers = d.pop("SubTriggers", UNSET)
        sub_triggers: list[TriggerOutSubTriggersItem] | Unset = UNSET
        if _sub_triggers is not UNSET:
            sub_triggers = []
            for sub_triggers_item_data in _sub_triggers:
                sub_triggers_item = TriggerOutSubTriggersItem.from_dict(sub_triggers_item_data)

                sub_triggers.append(sub_triggers_item)

        trigger_out = cls(
            method_id=method_id,
            method_unique_identifier=method_unique_identifier,
            name=name,
            trigger_id=trigger_id,
            human_readable_key=human_readable_key,
            identifier_key=identifier_key,
            sub_triggers=sub_triggers,
        )

        trigger_out.additional_properties = d
        return trigger_out

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
