from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConnectionHealth")


@_attrs_define
class ConnectionHealth:
    """Token upkeep: ``Healthy``, ``RefreshFailing`` (retrying), ``NeedsReauthentication`` or ``NotApplicable``.

    Attributes:
        state (str):
        consecutive_failures (int | Unset):  Default: 0.
        last_error (None | str | Unset):
        last_refreshed (datetime.datetime | None | Unset):
        next_attempt (datetime.datetime | None | Unset):
    """

    state: str
    consecutive_failures: int | Unset = 0
    last_error: str | Unset | None = UNSET
    last_refreshed: datetime.datetime | Unset | None = UNSET
    next_attempt: datetime.datetime | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state

        consecutive_failures = self.consecutive_failures

        last_error: str | Unset | None
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        last_refreshed: str | Unset | None
        if isinstance(self.last_refreshed, Unset):
            last_refreshed = UNSET
        elif isinstance(self.last_refreshed, datetime.datetime):
            last_refreshed = self.last_refreshed.isoformat()
        else:
            last_refreshed = self.last_refreshed

        next_attempt: str | Unset | None
        if isinstance(self.next_attempt, Unset):
            next_attempt = UNSET
        elif isinstance(self.next_attempt, datetime.datetime):
            next_attempt = self.next_attempt.isoformat()
        else:
            next_attempt = self.next_attempt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "State": state,
            }
        )
        if consecutive_failures is not UNSET:
            field_dict["ConsecutiveFailures"] = consecutive_failures
        if last_error is not UNSET:
            field_dict["LastError"] = last_error
        if last_refreshed is not UNSET:
            field_dict["LastRefreshed"] = last_refreshed
        if next_attempt is not UNSET:
            field_dict["NextAttempt"] = next_attempt

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = d.pop("State")

        consecutive_failures = d.pop("ConsecutiveFailures", UNSET)

        def _parse_last_error(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("LastError", UNSET))

        def _parse_last_refreshed(data: object) -> datetime.datetime | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_refreshed_type_0 = datetime.datetime.fromisoformat(data)

                return last_refreshed_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_refreshed = _parse_last_refreshed(d.pop("LastRefreshed", UNSET))

        def _parse_next_attempt(data: object) -> datetime.datetime | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_attempt = _parse_next_attempt(d.pop("NextAttempt", UNSET))

        connection_health = cls(
            state=state,
            consecutive_failures=consecutive_failures,
            last_error=last_error,
            last_refreshed=last_refreshed,
            next_attempt=next_attempt,
        )

        connection_health.additional_properties = d
        return connection_health

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
