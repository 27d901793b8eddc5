from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BrandingOut")


@_attrs_define
class BrandingOut:
    """
    Attributes:
        allowed_origins (list[str]):
        colour (str):
        logo_url (None | str):
        name (str):
    """

    allowed_origins: list[str]
    colour: str
    logo_url: str | None
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allowed_origins = self.allowed_origins

        colour = self.colour

        logo_url: str | None
        logo_url = self.logo_url

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AllowedOrigins": allowed_origins,
                "Colour": colour,
                "LogoUrl": logo_url,
                "Name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allowed_origins = cast(list[str], d.pop("AllowedOrigins"))

        colour = d.pop("Colour")

        def _parse_logo_url(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        logo_url = _parse_logo_url(d.pop("LogoUrl"))

        name = d.pop("Name")

        branding_out = cls(
            allowed_origins=allowed_origins,
            colour=colour,
            logo_url=logo_url,
            name=name,
        )

        branding_out.additional_properties = d
        return branding_out

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
