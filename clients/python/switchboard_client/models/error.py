from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_auth_state import ErrorAuthState
from ..models.error_source import ErrorSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_exchanges_item import ErrorExchangesItem


T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """
    Attributes:
        message (str): What went wrong, and what to do about it
        auth_state (ErrorAuthState | Unset):
        exchanges (list[ErrorExchangesItem] | Unset): /test/ calls: what was sent
        field_id (int | str | Unset): The request field at fault
        idempotency_key (str | Unset): The Idempotency-Key the refusal is about
        location (str | Unset):
        parameter_id (int | str | Unset): The parameter at fault
        property_name (str | Unset): The connection property at fault
        request_id (str | Unset): An unexpected error's request id (X-Request-Id), as logged
        source (ErrorSource | Unset): Set when the third party answered so
        target_name (str | Unset):
        upstream_body (Any | Unset): The third party's answer: JSON as sent, else text
        upstream_status (int | Unset):
    """

    message: str
    auth_state: ErrorAuthState | Unset = UNSET
    exchanges: list[ErrorExchangesItem] | Unset = UNSET
    field_id: int | str | Unset = UNSET
    idempotency_key: str | Unset = UNSET
    location: str | Unset = UNSET
    parameter_id: int | str | Unset = UNSET
    property_name: str | Unset = UNSET
    request_id: str | Unset = UNSET
    source: ErrorSource | Unset = UNSET
    target_name: str | Unset = UNSET
    upstream_body: Any | Unset = UNSET
    upstream_status: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        auth_state: str | Unset = UNSET
        if not isinstance(self.auth_state, Unset):
            auth_state = self.auth_state.value

        exchanges: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.exchanges, Unset):
            exchanges = []
            for exchanges_item_data in self.exchanges:
                exchanges_item = exchanges_item_data.to_dict()
                exchanges.append(exchanges_item)

        field_id: int | str | Unset
        if isinstance(self.field_id, Unset):
            field_id = UNSET
        else:
            field_id = self.field_id

        idempotency_key = self.idempotency_key

        location = self.location

        parameter_id: int | str | Unset
        if isinstance(self.parameter_id, Unset):
            parameter_id = UNSET
        else:
            parameter_id = self.parameter_id

        property_name = self.property_name

        request_id = self.request_id

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        target_name = self.target_name

        upstream_body = self.upstream_body

        upstream_status = self.upstream_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Message": message,
            }
        )
        if auth_state is not UNSET:
            field_dict["AuthState"] = auth_state
        if exchanges is not UNSET:
            field_dict["Exchanges"] = exchanges
        if field_id is not UNSET:
            field_dict["FieldId"] = field_id
        if idempotency_key is not UNSET:
            field_dict["IdempotencyKey"] = idempotency_key
        if location is not UNSET:
            field_dict["Location"] = location
        if parameter_id is not UNSET:
            field_dict["ParameterId"] = parameter_id
        if property_name is not UNSET:
            field_dict["PropertyName"] = property_name
        if request_id is not UNSET:
            field_dict["RequestId"] = request_id
        if source is not UNSET:
            field_dict["Source"] = source
        if target_name is not UNSET:
            field_dict["TargetName"] = target_name
        if upstream_body is not UNSET:
            field_dict["UpstreamBody"] = upstream_body
        if upstream_status is not UNSET:
            field_dict["UpstreamStatus"] = upstream_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_exchanges_item import ErrorExchangesItem

        d = dict(src_dict)
        message = d.pop("Message")

        _auth_state = d.pop("AuthState", UNSET)
        auth_state: ErrorAuthState | Unset
        if isinstance(_auth_state, Unset):
            auth_state = UNSET
        else:
            auth_state = ErrorAuthState(_auth_state)

        _exchanges = d.pop("Exchanges", UNSET)
        exchanges: list[ErrorExchangesItem] | Unset = UNSET
        if _exchanges is not UNSET:
            exchanges = []
            for exchanges_item_data in _exchanges:
                exchanges_item = ErrorExchangesItem.from_dict(exchanges_item_data)

                exchanges.append(exchanges_item)

        def _parse_field_id(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        field_id = _parse_field_id(d.pop("FieldId", UNSET))

        idempotency_key = d.pop("IdempotencyKey", UNSET)

        location = d.pop("Location", UNSET)

        def _parse_parameter_id(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        parameter_id = _parse_parameter_id(d.pop("ParameterId", UNSET))

        property_name = d.pop("PropertyName", UNSET)

        request_id = d.pop("RequestId", UNSET)

        _source = d.pop("Source", UNSET)
        source: ErrorSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = ErrorSource(_source)

        target_name = d.pop("TargetName", UNSET)

        upstream_body = d.pop("UpstreamBody", UNSET)

        upstream_status = d.pop("UpstreamStatus", UNSET)

        error = cls(
            message=message,
            auth_state=auth_state,
            exchanges=exchanges,
            field_id=field_id,
            idempotency_key=idempotency_key,
            location=location,
            parameter_id=parameter_id,
            property_name=property_name,
            request_id=request_id,
            source=source,
            target_name=target_name,
            upstream_body=upstream_body,
            upstream_status=upstream_status,
        )

        error.additional_properties = d
        return error

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
