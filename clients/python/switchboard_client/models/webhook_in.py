from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookIn")


@_attrs_define
class WebhookIn:
    """
    Attributes:
        url (str): Where events are POSTed
        account_id (None | str | Unset): An account's API ID: this URL replaces the partner-wide ones for it
        description (str | Unset):  Default: ''.
        enabled (bool | Unset):  Default: True.
        events (list[str] | Unset): Empty for all: connection.created, connection.authenticated,
            connection.reauthorization_required, connection.refresh_failed, connection.recovered,
            connection.deauthenticated, connection.deleted, provider.event, provider.unrouted, call.failed,
            ratelimit.exhausted, webhook.test, sync.completed, sync.failed, record.created, record.updated, record.deleted
    """

    url: str
    account_id: str | Unset | None = UNSET
    description: str | Unset = ""
    enabled: bool | Unset = True
    events: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        account_id: str | Unset | None
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        description = self.description

        enabled = self.enabled

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = self.events

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Url": url,
            }
        )
        if account_id is not UNSET:
            field_dict["AccountId"] = account_id
        if description is not UNSET:
            field_dict["Description"] = description
        if enabled is not UNSET:
            field_dict["Enabled"] = enabled
        if events is not UNSET:
            field_dict["Events"] = events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("Url")

        def _parse_account_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("AccountId", UNSET))

        description = d.pop("Description", UNSET)

        enabled = d.pop("Enabled", UNSET)

        events = cast(list[str], d.pop("Events", UNSET))

        webhook_in = cls(
            url=url,
            account_id=account_id,
            description=description,
            enabled=enabled,
            events=events,
        )

        webhook_in.additional_properties = d
        return webhook_in

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
