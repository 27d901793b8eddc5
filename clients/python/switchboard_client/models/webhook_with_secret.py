from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookWithSecret")


@_attrs_define
class WebhookWithSecret:
    """
    Attributes:
        created_date (datetime.datetime):
        description (str):
        enabled (bool):
        events (list[str]):
        id (int):
        secret (str): The signing secret (whsec_...): shown only now, keep it safe
        url (str):
        account_id (None | str | Unset):
        disabled_reason (None | str | Unset):
    """

    created_date: datetime.datetime
    description: str
    enabled: bool
    events: list[str]
    id: int
    secret: str
    url: str
    account_id: str | Unset | None = UNSET
    disabled_reason: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_date = self.created_date.isoformat()

        description = self.description

        enabled = self.enabled

        events = self.events

        id = self.id

        secret = self.secret

        url = self.url

        account_id: str | Unset | None
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        disabled_reason: str | Unset | None
        if isinstance(self.disabled_reason, Unset):
            disabled_reason = UNSET
        else:
            disabled_reason = self.disabled_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "CreatedDate": created_date,
                "Description": description,
                "Enabled": enabled,
                "Events": events,
                "Id": id,
                "Secret": secret,
                "Url": url,
            }
        )
        if account_id is not UNSET:
            field_dict["AccountId"] = account_id
        if disabled_reason is not UNSET:
            field_dict["DisabledReason"] = disabled_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_date = datetime.datetime.fromisoformat(d.pop("CreatedDate"))

        description = d.pop("Description")

        enabled = d.pop("Enabled")

        events = cast(list[str], d.pop("Events"))

        id = d.pop("Id")

        secret = d.pop("Secret")

        url = d.pop("Url")

        def _parse_account_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("AccountId", UNSET))

        def _parse_disabled_reason(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        disabled_reason = _parse_disabled_reason(d.pop("DisabledReason", UNSET))

        webhook_with_secret = cls(
            created_date=created_date,
            description=description,
            enabled=enabled,
            events=events,
            id=id,
            secret=secret,
            url=url,
            account_id=account_id,
            disabled_reason=disabled_reason,
        )

        webhook_with_secret.additional_properties = d
        return webhook_with_secret

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
