from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenResponse")


@_attrs_define
class TokenResponse:
    """Cyclr's (OWIN's) token answer: ``.issued`` and ``.expires`` are HTTP dates (RFC 7231).

    Attributes:
        expires (str):
        issued (str):
        access_token (str):
        client_id (str):
        expires_in (int):
        token_type (str | Unset):  Default: 'bearer'.
    """

    expires: str
    issued: str
    access_token: str
    client_id: str
    expires_in: int
    token_type: str | Unset = "bearer"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires = self.expires

        issued = self.issued

        access_token = self.access_token

        client_id = self.client_id

        expires_in = self.expires_in

        token_type = self.token_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                ".expires": expires,
                ".issued": issued,
                "access_token": access_token,
                "clientId": client_id,
                "expires_in": expires_in,
            }
        )
        if token_type is not UNSET:
            field_dict["token_type"] = token_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expires = d.pop(".expires")

        issued = d.pop(".issued")

        access_token = d.pop("access_token")

        client_id = d.pop("clientId")

        expires_in = d.pop("expires_in")

        token_type = d.pop("token_type", UNSET)

        token_response = cls(
            expires=expires,
            issued=issued,
            access_token=access_token,
            client_id=client_id,
            expires_in=expires_in,
            token_type=token_type,
        )

        token_response.additional_properties = d
        return token_response

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
