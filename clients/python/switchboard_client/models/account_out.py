from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccountOut")


@_attrs_define
class AccountOut:
    """
    Attributes:
        audit_info (None | str):
        created_date (datetime.datetime):
        description (str):
        id (str):
        name (str):
        step_data_errored_retention_hours (int | None):
        step_data_success_retention_hours (int | None):
        task_audit_info (None | str):
        timezone (str):
        transaction_error_webhook_enabled (bool):
        transaction_error_webhook_include_warnings (bool):
        transaction_error_webhook_url (None | str):
    """

    audit_info: str | None
    created_date: datetime.datetime
    description: str
    id: str
    name: str
    step_data_errored_retention_hours: int | None
    step_data_success_retention_hours: int | None
    task_audit_info: str | None
    timezone: str
    transaction_error_webhook_enabled: bool
    transaction_error_webhook_include_warnings: bool
    transaction_error_webhook_url: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audit_info: str | None
        audit_info = self.audit_info

        created_date = self.created_date.isoformat()

        description = self.description

        id = self.id

        name = self.name

        step_data_errored_retention_hours: int | None
        step_data_errored_retention_hours = self.step_data_errored_retention_hours

        step_data_success_retention_hours: int | None
        step_data_success_retention_hours = self.step_data_success_retention_hours

        task_audit_info: str | None
        task_audit_info = self.task_audit_info

        timezone = self.timezone

        transaction_error_webhook_enabled = self.transaction_error_webhook_enabled

        transaction_error_webhook_include_warnings = self.transaction_error_webhook_include_warnings

        transaction_error_webhook_url: str | None
        transaction_error_webhook_url = self.transaction_error_webhook_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AuditInfo": audit_info,
                "CreatedDate": created_date,
                "Description": description,
                "Id": id,
                "Name": name,
                "StepDataErroredRetentionHours": step_data_errored_retention_hours,
                "StepDataSuccessRetentionHours": step_data_success_retention_hours,
                "TaskAuditInfo": task_audit_info,
                "Timezone": timezone,
                "TransactionErrorWebhookEnabled": transaction_error_webhook_enabled,
                "TransactionErrorWebhookIncludeWarnings": transaction_error_webhook_include_warnings,
                "TransactionErrorWebhookUrl": transaction_error_webhook_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_audit_info(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        audit_info = _parse_audit_info(d.pop("AuditInfo"))

        created_date = datetime.datetime.fromisoformat(d.pop("CreatedDate"))

        description = d.pop("Description")

        id = d.pop("Id")

        name = d.pop("Name")

        def _parse_step_data_errored_retention_hours(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step_data_errored_retention_hours = _parse_step_data_errored_retention_hours(
            d.pop("StepDataErroredRetentionHours")
        )

        def _parse_step_data_success_retention_hours(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step_data_success_retention_hours = _parse_step_data_success_retention_hours(
            d.pop("StepDataSuccessRetentionHours")
        )

        def _parse_task_audit_info(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        task_audit_info = _parse_task_audit_info(d.pop("TaskAuditInfo"))

        timezone = d.pop("Timezone")

        transaction_error_webhook_enabled = d.pop("TransactionErrorWebhookEnabled")

        transaction_error_webhook_include_warnings = d.pop("TransactionErrorWebhookIncludeWarnings")

        def _parse_transaction_error_webhook_url(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        transaction_error_webhook_url = _parse_transaction_error_webhook_url(d.pop("TransactionErrorWebhookUrl"))

        account_out = cls(
            audit_info=audit_info,
            created_date=created_date,
            description=description,
            id=id,
            name=name,
            step_data_errored_retention_hours=step_data_errored_retention_hours,
            step_data_success_retention_hours=step_data_success_retention_hours,
            task_audit_info=task_audit_info,
            timezone=timezone,
            transaction_error_webhook_enabled=transaction_error_webhook_enabled,
            transaction_error_webhook_include_warnings=transaction_error_webhook_include_warnings,
            transaction_error_webhook_url=transaction_error_webhook_url,
        )

        account_out.additional_properties = d
        return account_out

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
