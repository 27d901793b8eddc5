from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exchange_out import ExchangeOut


T = TypeVar("T", bound="CallDetail")


@_attrs_define
class CallDetail:
    """
    Attributes:
        account_connector_id (int):
        account_id (str):
        bytes_ (int):
        connector (str):
        duration_ms (float):
        error (None | str):
        error_type (None | str):
        exchanges (list[ExchangeOut] | None):
        kind (str):
        method_name (str):
        method_unique_identifier (str):
        ok (bool):
        pages (int):
        rate_limit_wait_ms (float):
        records (int):
        request_id (str):
        requests (int):
        retries (int):
        started_at (datetime.datetime):
        status (int):
        throttled (int):
        upstream_status (int | None):
    """

    account_connector_id: int
    account_id: str
    bytes_: int
    connector: str
    duration_ms: float
    error: str | None
    error_type: str | None
    exchanges: list[ExchangeOut] | None
    kind: str
    method_name: str
    method_unique_identifier: str
    ok: bool
    pages: int
    rate_limit_wait_ms: float
    records: int
    request_id: str
    requests: int
    retries: int
    started_at: datetime.datetime
    status: int
    throttled: int
    upstream_status: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_connector_id = self.account_connector_id

        account_id = self.account_id

        bytes_ = self.bytes_

        connector = self.connector

        duration_ms = self.duration_ms

        error: str | None
        error = self.error

        error_type: str | None
        error_type = self.error_type

        exchanges: list[dict[str, Any]] | None
        if isinstance(self.exchanges, list):
            exchanges = []
            for exchanges_type_0_item_data in self.exchanges:
                exchanges_type_0_item = exchanges_type_0_item_data.to_dict()
                exchanges.append(exchanges_type_0_item)

        else:
            exchanges = self.exchanges

        kind = self.kind

        method_name = self.method_name

        method_unique_identifier = self.method_unique_identifier

        ok = self.ok

        pages = self.pages

        rate_limit_wait_ms = self.rate_limit_wait_ms

        records = self.records

        request_id = self.request_id

        requests = self.requests

        retries = self.retries

        started_at = self.started_at.isoformat()

        status = self.status

        throttled = self.throttled

        upstream_status: int | None
        upstream_status = self.upstream_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AccountConnectorId": account_connector_id,
                "AccountId": account_id,
                "Bytes": bytes_,
                "Connector": connector,
                "DurationMs": duration_ms,
                "Error": error,
                "ErrorType": error_type,
                "Exchanges": exchanges,
                "Kind": kind,
                "MethodName": method_name,
                "MethodUniqueIdentifier": method_unique_identifier,
                "Ok": ok,
                "Pages": pages,
                "RateLimitWaitMs": rate_limit_wait_ms,
                "Records": records,
                "RequestId": request_id,
                "Requests": requests,
                "Retries": retries,
                "StartedAt": started_at,
                "Status": status,
                "Throttled": throttled,
                "UpstreamStatus": upstream_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exchange_out import ExchangeOut

        d = dict(src_dict)
        account_connector_id = d.pop("AccountConnectorId")

        account_id = d.pop("AccountId")

        bytes_ = d.pop("Bytes")

        connector = d.pop("Connector")

        duration_ms = d.pop("DurationMs")

        def _parse_error(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("Error"))

        def _parse_error_type(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error_type = _parse_error_type(d.pop("ErrorType"))

        def _parse_exchanges(data: object) -> list[ExchangeOut] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                exchanges_type_0 = []
                _exchanges_type_0 = data
                for exchanges_type_0_item_data in _exchanges_type_0:
                    exchanges_type_0_item = ExchangeOut.from_dict(exchanges_type_0_item_data)

                    exchanges_type_0.append(exchanges_type_0_item)

                return exchanges_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ExchangeOut] | None, data)

        exchanges = _parse_exchanges(d.pop("Exchanges"))

        kind = d.pop("Kind")

        method_name = d.pop("MethodName")

        method_unique_identifier = d.pop("MethodUniqueIdentifier")

        ok = d.pop("Ok")

        pages = d.pop("Pages")

        rate_limit_wait_ms = d.pop("RateLimitWaitMs")

        records = d.pop("Records")

        request_id = d.pop("RequestId")

        requests = d.pop("Requests")

        retries = d.pop("Retries")

        started_at = datetime.datetime.fromisoformat(d.pop("StartedAt"))

        status = d.pop("Status")

        throttled = d.pop("Throttled")

        def _parse_upstream_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        upstream_status = _parse_upstream_status(d.pop("UpstreamStatus"))

        call_detail = cls(
            account_connector_id=account_connector_id,
            account_id=account_id,
            bytes_=bytes_,
            connector=connector,
            duration_ms=duration_ms,
            error=error,
            error_type=error_type,
            exchanges=exchanges,
            kind=kind,
            method_name=method_name,
            method_unique_identifier=method_unique_identifier,
            ok=ok,
            pages=pages,
            rate_limit_wait_ms=rate_limit_wait_ms,
            records=records,
            request_id=request_id,
            requests=requests,
            retries=retries,
            started_at=started_at,
            status=status,
            throttled=throttled,
            upstream_status=upstream_status,
        )

        call_detail.additional_properties = d
        return call_detail

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
