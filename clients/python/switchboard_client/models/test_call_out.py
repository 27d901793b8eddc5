from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exchange_out import ExchangeOut


T = TypeVar("T", bound="TestCallOut")


@_attrs_define
class TestCallOut:
    """``/test/``: the method's answer beside every exchange with the third party (secrets redacted).

    Attributes:
        exchanges (list[ExchangeOut]):
        response (Any):
        status (int):
    """

    exchanges: list[ExchangeOut]
    response: Any
    status: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exchanges = []
        for exchanges_item_data in self.exchanges:
            exchanges_item = exchanges_item_data.to_dict()
            exchanges.append(exchanges_item)

        response = self.response

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Exchanges": exchanges,
                "Response": response,
                "Status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exchange_out import ExchangeOut

        d = dict(src_dict)
        exchanges = []
        _exchanges = d.pop("Exchanges")
        for exchanges_item_data in _exchanges:
            exchanges_item = ExchangeOut.from_dict(exchanges_item_data)

            exchanges.append(exchanges_item)

        response = d.pop("Response")

        status = d.pop("Status")

        test_call_out = cls(
            exchanges=exchanges,
            response=response,
            status=status,
        )

        test_call_out.additional_properties = d
        return test_call_out

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
