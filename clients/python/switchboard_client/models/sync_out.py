from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sync_out_cursor_type_0 import SyncOutCursorType0
    from ..models.sync_out_deletes import SyncOutDeletes
    from ..models.sync_out_last_run_type_0 import SyncOutLastRunType0
    from ..models.sync_out_parameters import SyncOutParameters
    from ..models.sync_out_running_type_0 import SyncOutRunningType0


T = TypeVar("T", bound="SyncOut")


@_attrs_define
class SyncOut:
    """
    Attributes:
        account_connector_id (int):
        cursor (None | SyncOutCursorType0):
        cursor_value (None | str): The incremental value the next run asks with
        deletes (SyncOutDeletes):
        enabled (bool):
        exclude_from_hash (list[str]):
        feed_cursor (str): The records feed's newest change (read after a cursor you keep)
        frequency_minutes (int):
        id (int):
        key_field (str):
        last_run (None | SyncOutLastRunType0):
        last_run_at (None | str):
        method_id (int | None):
        method_name (None | str):
        method_unique_identifier (str):
        name (str):
        next_run_at (None | str):
        parameters (SyncOutParameters):
        paused_reason (None | str):
        running (None | SyncOutRunningType0): The open run's progress, while one is open
        state (str): idle, running, paused or failing
    """

    account_connector_id: int
    cursor: SyncOutCursorType0 | None
    cursor_value: str | None
    deletes: SyncOutDeletes
    enabled: bool
    exclude_from_hash: list[str]
    feed_cursor: str
    frequency_minutes: int
    id: int
    key_field: str
    last_run: SyncOutLastRunType0 | None
    last_run_at: str | None
    method_id: int | None
    method_name: str | None
    method_unique_identifier: str
    name: str
    next_run_at: str | None
    parameters: SyncOutParameters
    paused_reason: str | None
    running: SyncOutRunningType0 | None
    state: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sync_out_cursor_type_0 import SyncOutCursorType0
        from ..models.sync_out_last_run_type_0 import SyncOutLastRunType0
        from ..models.sync_out_running_type_0 import SyncOutRunningType0

        account_connector_id = self.account_connector_id

        cursor: dict[str, Any] | None
        if isinstance(self.cursor, SyncOutCursorType0):
            cursor = self.cursor.to_dict()
        else:
            cursor = self.cursor

        cursor_value: str | None
        cursor_value = self.cursor_value

        deletes = self.deletes.to_dict()

        enabled = self.enabled

        exclude_from_hash = self.exclude_from_hash

        feed_cursor = self.feed_cursor

        frequency_minutes = self.frequency_minutes

        id = self.id

        key_field = self.key_field

        last_run: dict[str, Any] | None
        if isinstance(self.last_run, SyncOutLastRunType0):
            last_run = self.last_run.to_dict()
        else:
            last_run = self.last_run

        last_run_at: str | None
        last_run_at = self.last_run_at

        method_id: int | None
        method_id = self.method_id

        method_name: str | None
        method_name = self.method_name

        method_unique_identifier = self.method_unique_identifier

        name = self.name

        next_run_at: str | None
        next_run_at = self.next_run_at

        parameters = self.parameters.to_dict()

        paused_reason: str | None
        paused_reason = self.paused_reason

        running: dict[str, Any] | None
        if isinstance(self.running, SyncOutRunningType0):
            running = self.running.to_dict()
        else:
            running = self.running

        state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AccountConnectorId": account_connector_id,
                "Cursor": cursor,
                "CursorValue": cursor_value,
                "Deletes": deletes,
                "Enabled": enabled,
                "ExcludeFromHash": exclude_from_hash,
                "FeedCursor": feed_cursor,
                "FrequencyMinutes": frequency_minutes,
                "Id": id,
                "KeyField": key_field,
                "LastRun": last_run,
                "LastRunAt": last_run_at,
                "MethodId": method_id,
                "MethodName": method_name,
                "MethodUniqueIdentifier": method_unique_identifier,
                "Name": name,
                "NextRunAt": next_run_at,
                "Parameters": parameters,
                "PausedReason": paused_reason,
                "Running": running,
                "State": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_out_cursor_type_0 import SyncOutCursorType0
        from ..models.sync_out_deletes import SyncOutDeletes
        from ..models.sync_out_last_run_type_0 import SyncOutLastRunType0
        from ..models.sync_out_parameters import SyncOutParameters
        from ..models.sync_out_running_type_0 import SyncOutRunningType0

        d = dict(src_dict)
        account_connector_id = d.pop("AccountConnectorId")

        def _parse_cursor(data: object) -> SyncOutCursorType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cursor_type_0 = SyncOutCursorType0.from_dict(data)

                return cursor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncOutCursorType0, data)

        cursor = _parse_cursor(d.pop("Cursor"))

        def _parse_cursor_value(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        cursor_value = _parse_cursor_value(d.pop("CursorValue"))

        deletes = SyncOutDeletes.from_dict(d.pop("Deletes"))

        enabled = d.pop("Enabled")

        exclude_from_hash = cast(list[str], d.pop("ExcludeFromHash"))

        feed_cursor = d.pop("FeedCursor")

        frequency_minutes = d.pop("FrequencyMinutes")

        id = d.pop("Id")

        key_field = d.pop("KeyField")

        def _parse_last_run(data: object) -> SyncOutLastRunType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_run_type_0 = SyncOutLastRunType0.from_dict(data)

                return last_run_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncOutLastRunType0, data)

        last_run = _parse_last_run(d.pop("LastRun"))

        def _parse_last_run_at(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        last_run_at = _parse_last_run_at(d.pop("LastRunAt"))

        def _parse_method_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        method_id = _parse_method_id(d.pop("MethodId"))

        def _parse_method_name(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        method_name = _parse_method_name(d.pop("MethodName"))

        method_unique_identifier = d.pop("MethodUniqueIdentifier")

        name = d.pop("Name")

        def _parse_next_run_at(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        next_run_at = _parse_next_run_at(d.pop("NextRunAt"))

        parameters = SyncOutParameters.from_dict(d.pop("Parameters"))

        def _parse_paused_reason(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        paused_reason = _parse_paused_reason(d.pop("PausedReason"))

        def _parse_running(data: object) -> SyncOutRunningType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                running_type_0 = SyncOutRunningType0.from_dict(data)

                return running_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncOutRunningType0, data)

        running = _parse_running(d.pop("Running"))

        state = d.pop("State")

        sync_out = cls(
            account_connector_id=account_connector_id,
            cursor=cursor,
            cursor_value=cursor_value,
            deletes=deletes,
            enabled=enabled,
            exclude_from_hash=exclude_from_hash,
            feed_cursor=feed_cursor,
            frequency_minutes=frequency_minutes,
            id=id,
            key_field=key_field,
            last_run=last_run,
            last_run_at=last_run_at,
            method_id=method_id,
            method_name=method_name,
            method_unique_identifier=method_unique_identifier,
            name=name,
            next_run_at=next_run_at,
            parameters=parameters,
            paused_reason=paused_reason,
            running=running,
            state=state,
        )

        sync_out.additional_properties = d
        return sync_out

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
