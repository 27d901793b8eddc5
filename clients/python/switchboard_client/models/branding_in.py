from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BrandingIn")


@_attrs_define
class BrandingIn:
    """
    Attributes:
        name (str): Shown to your users on the connect page
        allowed_origins (list[str] | Unset): Origins (https://app.example.com) that may embed the connect page and hear
            its postMessage
        colour (str | Unset): #rrggbb Default: '#1f5fbf'.
        logo_url (None | str | Unset): An https (or http) image URL
    """

    name: str
    allowed_origins: list[str] | Unset = UNSET
    colour: str | Unset = "#1f5fbf"
    logo_url: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        allowed_origins: list[str] | Unset = UNSET
        if not isinstance(self.allowed_origins, Unset):
            allowed_origins = self.allowed_origins

        colour = self.colour

        logo_url: str | Unset | None
        if isinstance(self.logo_url, Unset):
            logo_url = UNSET
        else:
            logo_url = self.logo_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Name": name,
            }
        )
        if allowed_origins is not UNSET:
            field_dict["AllowedOrigins"] = allowed_origins
        if colour is not UNSET:
            field_dict["Colour"] = colour
        if logo_url is not UNSET:
            field_dict["LogoUrl"] = logo_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("Name")

        allowed_origins = cast(list[str], d.pop("AllowedOrigins", UNSET))

        colour = d.pop("Colour", UNSET)

        def _parse_logo_url(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        logo_url = _parse_logo_url(d.pop("LogoUrl", UNSET))

        branding_in = cls(
            name=name,
            allowed_origins=allowed_origins,
            colour=colour,
            logo_url=logo_url,
        )

        branding_in.additional_properties = d
        return branding_in

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
