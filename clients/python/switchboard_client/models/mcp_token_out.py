from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="McpTokenOut")


@_attrs_define
class McpTokenOut:
    """
    Attributes:
        account_connector_ids (list[int] | None):
        created_date (datetime.datetime):
        expires_at (datetime.datetime | None):
        id (int):
        methods (list[str]):
        name (str):
        read_only (bool):
        revoked (bool):
        token (None | str | Unset): Shown once, when the token is created
    """

    account_connector_ids: list[int] | None
    created_date: datetime.datetime
    expires_at: datetime.datetime | None
    id: int
    methods: list[str]
    name: str
    read_only: bool
    revoked: bool
    token: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_connector_ids: list[int] | None
        if isinstance(self.account_connector_ids, list):
            account_connector_ids = self.account_connector_ids

        else:
            account_connector_ids = self.account_connector_ids

        created_date = self.created_date.isoformat()

        expires_at: str | None
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        id = self.id

        methods = self.methods

        name = self.name

        read_only = self.read_only

        revoked = self.revoked

        token: str | Unset | None
        if isinstance(self.token, Unset):
            token = UNSET
        else:
            token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AccountConnectorIds": account_connector_ids,
                "CreatedDate": created_date,
                "ExpiresAt": expires_at,
                "Id": id,
                "Methods": methods,
                "Name": name,
                "ReadOnly": read_only,
                "Revoked": revoked,
            }
        )
        if token is not UNSET:
            field_dict["Token"] = token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_account_connector_ids(data: object) -> list[int] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                account_connector_ids_type_0 = cast(list[int], data)

                return account_connector_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None, data)

        account_connector_ids = _parse_account_connector_ids(d.pop("AccountConnectorIds"))

        created_date = datetime.datetime.fromisoformat(d.pop("CreatedDate"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("ExpiresAt"))

        id = d.pop("Id")

        methods = cast(list[str], d.pop("Methods"))

        name = d.pop("Name")

        read_only = d.pop("ReadOnly")

        revoked = d.pop("Revoked")

        def _parse_token(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        token = _parse_token(d.pop("Token", UNSET))

        mcp_token_out = cls(
            account_connector_ids=account_connector_ids,
            created_date=created_date,
            expires_at=expires_at,
            id=id,
            methods=methods,
            name=name,
            read_only=read_only,
            revoked=revoked,
            token=token,
        )

        mcp_token_out.additional_properties = d
        return mcp_token_out

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
