from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountIn")


@_attrs_define
class AccountIn:
    """
    Attributes:
        name (str):
        audit_info (None | str | Unset):
        description (str | Unset):  Default: ''.
        id (None | str | Unset): API ID, 1 to 64 characters, each a letter, a digit or one of - _ . : @ (not . or ..
            alone); a GUID is generated when omitted
        parent_account_id (None | str | Unset): Cyclr's sub-accounts, which Switchboard does not have: refused, not
            ignored
        step_data_errored_retention_hours (int | None | Unset): 0 to 744; more is taken as 744
        step_data_success_retention_hours (int | None | Unset): 0 to 744; more is taken as 744
        task_audit_info (None | str | Unset):
        timezone (str | Unset):  Default: 'UTC'.
        transaction_error_webhook_enabled (bool | None | Unset):
        transaction_error_webhook_include_warnings (bool | None | Unset): Also send ratelimit.exhausted events
        transaction_error_webhook_url (None | str | Unset): Where call.failed events for this account go; https:// when
            no scheme
    """

    name: str
    audit_info: str | Unset | None = UNSET
    description: str | Unset = ""
    id: str | Unset | None = UNSET
    parent_account_id: str | Unset | None = UNSET
    step_data_errored_retention_hours: int | Unset | None = UNSET
    step_data_success_retention_hours: int | Unset | None = UNSET
    task_audit_info: str | Unset | None = UNSET
    timezone: str | Unset = "UTC"
    transaction_error_webhook_enabled: bool | Unset | None = UNSET
    transaction_error_webhook_include_warnings: bool | Unset | None = UNSET
    transaction_error_webhook_url: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        audit_info: str | Unset | None
        if isinstance(self.audit_info, Unset):
            audit_info = UNSET
        else:
            audit_info = self.audit_info

        description = self.description

        id: str | Unset | None
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        parent_account_id: str | Unset | None
        if isinstance(self.parent_account_id, Unset):
            parent_account_id = UNSET
        else:
            parent_account_id = self.parent_account_id

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
        field_dict.update(
            {
                "Name": name,
            }
        )
        if audit_info is not UNSET:
            field_dict["AuditInfo"] = audit_info
        if description is not UNSET:
            field_dict["Description"] = description
        if id is not UNSET:
            field_dict["Id"] = id
        if parent_account_id is not UNSET:
            field_dict["ParentAccountId"] = parent_account_id
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
        name = d.pop("Name")

        def _parse_audit_info(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        audit_info = _parse_audit_info(d.pop("AuditInfo", UNSET))

        description = d.pop("Description", UNSET)

        def _parse_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("Id", UNSET))

        def _parse_parent_account_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent_account_id = _parse_parent_account_id(d.pop("ParentAccountId", UNSET))

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

        timezone = d.pop("Timezone", UNSET)

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

        account_in = cls(
            name=name,
            audit_info=audit_info,
            description=description,
            id=id,
            parent_account_id=parent_account_id,
            step_data_errored_retention_hours=step_data_errored_retention_hours,
            step_data_success_retention_hours=step_data_success_retention_hours,
            task_audit_info=task_audit_info,
            timezone=timezone,
            transaction_error_webhook_enabled=transaction_error_webhook_enabled,
            transaction_error_webhook_include_warnings=transaction_error_webhook_include_warnings,
            transaction_error_webhook_url=transaction_error_webhook_url,
        )

        account_in.additional_properties = d
        return account_in

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
