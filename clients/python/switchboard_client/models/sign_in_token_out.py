from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SignInTokenOut")


@_attrs_define
class SignInTokenOut:
    """
    Attributes:
        expires_at_utc (datetime.datetime):
        expires_in (int):
        token (str):
        username (None | str | Unset):
    """

    expires_at_utc: datetime.datetime
    expires_in: int
    token: str
    username: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_at_utc = self.expires_at_utc.isoformat()

        expires_in = self.expires_in

        token = self.token

        username: str | Unset | None
        if isinstance(self.username, Unset):
            username = UNSET
        else:
            username = self.username

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ExpiresAtUtc": expires_at_utc,
                "ExpiresIn": expires_in,
                "Token": token,
            }
        )
        if username is not UNSET:
            field_dict["Username"] = username

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expires_at_utc = datetime.datetime.fromisoformat(d.pop("ExpiresAtUtc"))

        expires_in = d.pop("ExpiresIn")

        token = d.pop("Token")

        def _parse_username(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        username = _parse_username(d.pop("Username", UNSET))

        sign_in_token_out = cls(
            expires_at_utc=expires_at_utc,
            expires_in=expires_in,
            token=token,
            username=username,
        )

        sign_in_token_out.additional_properties = d
        return sign_in_token_out

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
