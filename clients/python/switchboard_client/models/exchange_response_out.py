from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.exchange_response_out_headers import ExchangeResponseOutHeaders


T = TypeVar("T", bound="ExchangeResponseOut")


@_attrs_define
class ExchangeResponseOut:
    """
    Attributes:
        headers (ExchangeResponseOutHeaders):
        status (int):
        body (Any | Unset):
    """

    headers: ExchangeResponseOutHeaders
    status: int
    body: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        headers = self.headers.to_dict()

        status = self.status

        body = self.body

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Headers": headers,
                "Status": status,
            }
        )
        if body is not UNSET:
            field_dict["Body"] = body

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exchange_response_out_headers import ExchangeResponseOutHeaders

        d = dict(src_dict)
        headers = ExchangeResponseOutHeaders.from_dict(d.pop("Headers"))

        status = d.pop("Status")

        body = d.pop("Body", UNSET)

        exchange_response_out = cls(
            headers=headers,
            status=status,
            body=body,
        )

        exchange_response_out.additional_properties = d
        return exchange_response_out

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
