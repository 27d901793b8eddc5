from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exchange_request_out import ExchangeRequestOut
    from ..models.exchange_response_out import ExchangeResponseOut


T = TypeVar("T", bound="ExchangeOut")


@_attrs_define
class ExchangeOut:
    """One request a ``/test/`` call sent, and its answer or the error that replaced it.

    Attributes:
        elapsed_ms (float):
        error (None | str):
        request (ExchangeRequestOut):
        response (ExchangeResponseOut | None):
    """

    elapsed_ms: float
    error: str | None
    request: ExchangeRequestOut
    response: ExchangeResponseOut | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.exchange_response_out import ExchangeResponseOut

        elapsed_ms = self.elapsed_ms

        error: str | None
        error = self.error

        request = self.request.to_dict()

        response: dict[str, Any] | None
        if isinstance(self.response, ExchangeResponseOut):
            response = self.response.to_dict()
        else:
            response = self.response

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ElapsedMs": elapsed_ms,
                "Error": error,
                "Request": request,
                "Response": response,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exchange_request_out import ExchangeRequestOut
        from ..models.exchange_response_out import ExchangeResponseOut

        d = dict(src_dict)
        elapsed_ms = d.pop("ElapsedMs")

        def _parse_error(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("Error"))

        request = ExchangeRequestOut.from_dict(d.pop("Request"))

        def _parse_response(data: object) -> ExchangeResponseOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_type_0 = ExchangeResponseOut.from_dict(data)

                return response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExchangeResponseOut | None, data)

        response = _parse_response(d.pop("Response"))

        exchange_out = cls(
            elapsed_ms=elapsed_ms,
            error=error,
            request=request,
            response=response,
        )

        exchange_out.additional_properties = d
        return exchange_out

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
