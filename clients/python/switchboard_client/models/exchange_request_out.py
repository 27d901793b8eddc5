from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.exchange_request_out_headers import ExchangeRequestOutHeaders


T = TypeVar("T", bound="ExchangeRequestOut")


@_attrs_define
class ExchangeRequestOut:
    """
    Attributes:
        headers (ExchangeRequestOutHeaders):
        method (str):
        url (str):
        body (Any | Unset):
    """

    headers: ExchangeRequestOutHeaders
    method: str
    url: str
    body: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        headers = self.headers.to_dict()

        method = self.method

        url = self.url

        body = self.body

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Headers": headers,
                "Method": method,
                "Url": url,
            }
        )
        if body is not UNSET:
            field_dict["Body"] = body

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exchange_request_out_headers import ExchangeRequestOutHeaders

        d = dict(src_dict)
        headers = ExchangeRequestOutHeaders.from_dict(d.pop("Headers"))

        method = d.pop("Method")

        url = d.pop("Url")

        body = d.pop("Body", UNSET)

        exchange_request_out = cls(
            headers=headers,
            method=method,
            url=url,
            body=body,
        )

        exchange_request_out.additional_properties = d
        return exchange_request_out

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
