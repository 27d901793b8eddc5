from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountUpdate")


@_attrs_define
class AccountUpdate:
    """
    Attributes:
        audit_info (None | str | Unset):
        description (None | str | Unset):
        name (None | str | Unset):
        step_data_errored_retention_hours (int | None | Unset): 0 to 744; more is taken as 744
        step_data_success_retention_hours (int | None | Unset): 0 to 744; more is taken as 744
        task_audit_info (None | str | Unset):
        timezone (None | str | Unset):
        transaction_error_webhook_enabled (bool | None | Unset):
        transaction_error_webhook_include_warnings (bool | None | Unset): Also send ratelimit.exhausted events
        transaction_error_webhook_url (None | str | Unset): Where call.failed events for this account go; https:// when
            no scheme
    """

    audit_info: str | Unset | None = UNSET
    description: str | Unset | None = UNSET
    name: str | Unset | None = UNSET
    step_data_errored_retention_hours: int | Unset | None = UNSET
    step_data_success_retention_hours: int | Unset | None = UNSET
    task_audit_info: str | Unset | None = UNSET
    timezone: str | Unset | None = UNSET
    transaction_error_webhook_enabled: bool | Unset | None = UNSET
    transaction_error_webhook_include_warnings: bool | Unset | None = UNSET
    transaction_error_webhook_url: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audit_info: str | Unset | None
        if isinstance(self.audit_info, Unset):
            audit_info = UNSET
        else:
            audit_info = self.audit_info

        description: str | Unset | None
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        name: str | Unset | None
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        step_data_errored_retention_hours: int | Unset | None
        if isinstance(self.step_data_errored_retention_hours, Unset):
            step_data_errored_retention_hours = UNSET
        else:
            step_data_errored_retention_hours = self.step_data_errored_retention_hours

        step_data_success_retention_hours: int | Unset | None
        if isinstance(self.step_data_success_retention_hours, Unset):
            step_data_success_retention_hours = UNSET
        else:
            step_data_success_retention_hours = self.step_data_success_retention_hours

        task_audit_info: str | Unset | None
        if isinstance(self.task_audit_info, Unset):
            task_audit_info = UNSET
        else:
            task_audit_info = self.task_audit_info

        timezone: str | Unset | None
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        transaction_error_webhook_enabled: bool | Unset | None
        if isinstance(self.transaction_error_webhook_enabled, Unset):
            transaction_error_webhook_enabled = UNSET
        else:
            transaction_error_webhook_enabled = self.transaction_error_webhook_enabled

        transaction_error_webhook_include_warnings: bool | Unset | None
        if isinstance(self.transaction_error_webhook_include_warnings, Unset):
            transaction_error_webhook_include_warnings = UNSET
        else:
            transaction_error_webhook_include_warnings = self.transaction_error_webhook_include_warnings

        transaction_error_webhook_url: str | Unset | None
        if isinstance(self.transaction_error_webhook_url, Unset):
            transaction_error_webhook_url = UNSET
        else:
            transaction_error_webhook_url = self.transaction_error_webhook_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if audit_info is not UNSET:
            field_dict["AuditInfo"] = audit_info
        if description is not UNSET:
            field_dict["Description"] = description
        if name is not UNSET:
            field_dict["Name"] = name
        if step_data_errored_retention_hours is not UNSET:
            field_dict["StepDataErroredRetentionHours"] = step_data_errored_retention_hours
        if step_data_success_retention_hours is not UNSET:
            field_dict["StepDataSuccessRetentionHours"] = step_data_success_retention_hours
        if task_audit_info is not UNSET:
            field_dict["TaskAuditInfo"] = task_audit_info
        if timezone is not UNSET:
            field_dict["Timezone"] = timezone
        if transaction_error_webhook_enabled is not UNSET:
            field_dict["TransactionErrorWebhookEnabled"] = transaction_error_webhook_enabled
        if transaction_error_webhook_include_warnings is not UNSET:
            field_dict["TransactionErrorWebhookIncludeWarnings"] = transaction_error_webhook_include_warnings
        if transaction_error_webhook_url is not UNSET:
            field_dict["TransactionErrorWebhookUrl"] = transaction_error_webhook_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_audit_info(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        audit_info = _parse_audit_info(d.pop("AuditInfo", UNSET))

        def _parse_description(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("Description", UNSET))

        def _parse_name(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("Name", UNSET))

        def _parse_step_data_errored_retention_hours(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        step_data_errored_retention_hours = _parse_step_data_errored_retention_hours(
            d.pop("StepDataErroredRetentionHours", UNSET)
        )

        def _parse_step_data_success_retention_hours(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        step_data_success_retention_hours = _parse_step_data_success_retention_hours(
            d.pop("StepDataSuccessRetentionHours", UNSET)
        )

        def _parse_task_audit_info(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        task_audit_info = _parse_task_audit_info(d.pop("TaskAuditInfo", UNSET))

        def _parse_timezone(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("Timezone", UNSET))

        def _parse_transaction_error_webhook_enabled(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        transaction_error_webhook_enabled = _parse_transaction_error_webhook_enabled(
            d.pop("TransactionErrorWebhookEnabled", UNSET)
        )

        def _parse_transaction_error_webhook_include_warnings(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        transaction_error_webhook_include_warnings = _parse_transaction_error_webhook_include_warnings(
            d.pop("TransactionErrorWebhookIncludeWarnings", UNSET)
        )

        def _parse_transaction_error_webhook_url(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        transaction_error_webhook_url = _parse_transaction_error_webhook_url(d.pop("TransactionErrorWebhookUrl", UNSET))

        account_update = cls(
            audit_info=audit_info,
            description=description,
            name=name,
            step_data_errored_retention_hours=step_data_errored_retention_hours,
            step_data_success_retention_hours=step_data_success_retention_hours,
            task_audit_info=task_audit_info,
            timezone=timezone,
            transaction_error_webhook_enabled=transaction_error_webhook_enabled,
            transaction_error_webhook_include_warnings=transaction_error_webhook_include_warnings,
            transaction_error_webhook_url=transaction_error_webhook_url,
        )

        account_update.additional_properties = d
        return account_update

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
