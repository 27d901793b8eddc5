from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthenticationOut")


@_attrs_define
class AuthenticationOut:
    """One way a connector authenticates; pass its ``Id`` as ``AuthenticationId`` on install.

    Attributes:
        auth_name (str):
        auth_type (str):
        id (str):
        auth_description (None | str | Unset):
        auth_scheme (None | str | Unset):
        o_auth_2_type (str | Unset):  Default: 'Unknown'.
    """

    auth_name: str
    auth_type: str
    id: str
    auth_description: str | Unset | None = UNSET
    auth_scheme: str | Unset | None = UNSET
    o_auth_2_type: str | Unset = "Unknown"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auth_name = self.auth_name

        auth_type = self.auth_type

        id = self.id

        auth_description: str | Unset | None
        if isinstance(self.auth_description, Unset):
            auth_description = UNSET
        else:
            auth_description = self.auth_description

        auth_scheme: str | Unset | None
        if isinstance(self.auth_scheme, Unset):
            auth_scheme = UNSET
        else:
            auth_scheme = self.auth_scheme

        o_auth_2_type = self.o_auth_2_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AuthName": auth_name,
                "AuthType": auth_type,
                "Id": id,
            }
        )
        if auth_description is not UNSET:
            field_dict["AuthDescription"] = auth_description
        if auth_scheme is not UNSET:
            field_dict["AuthScheme"] = auth_scheme
        if o_auth_2_type is not UNSET:
            field_dict["OAuth2Type"] = o_auth_2_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        auth_name = d.pop("AuthName")

        auth_type = d.pop("AuthType")

        id = d.pop("Id")

        def _parse_auth_description(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auth_description = _parse_auth_description(d.pop("AuthDescription", UNSET))

        def _parse_auth_scheme(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auth_scheme = _parse_auth_scheme(d.pop("AuthScheme", UNSET))

        o_auth_2_type = d.pop("OAuth2Type", UNSET)

        authentication_out = cls(
            auth_name=auth_name,
            auth_type=auth_type,
            id=id,
            auth_description=auth_description,
            auth_scheme=auth_scheme,
            o_auth_2_type=o_auth_2_type,
        )

        authentication_out.additional_properties = d
        return authentication_out

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
