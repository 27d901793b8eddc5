from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="McpTokenIn")


@_attrs_define
class McpTokenIn:
    """
    Attributes:
        name (str):
        account_connector_ids (list[int] | None | Unset): The account connectors whose tools it sees; omitted: all of
            them
        expires_in (int | None | Unset): Seconds; null never expires Default: 2592000.
        methods (list[str] | Unset): Allowed MethodUniqueIdentifiers, or '*'
        read_only (bool | Unset): Only methods that change nothing: plain GETs and DDLs (never Raw HTTP) Default: False.
    """

    name: str
    account_connector_ids: list[int] | Unset | None = UNSET
    expires_in: int | Unset | None = 2592000
    methods: list[str] | Unset = UNSET
    read_only: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        account_connector_ids: list[int] | Unset | None
        if isinstance(self.account_connector_ids, Unset):
            account_connector_ids = UNSET
        elif isinstance(self.account_connector_ids, list):
            account_connector_ids = self.account_connector_ids

        else:
            account_connector_ids = self.account_connector_ids

        expires_in: int | Unset | None
        if isinstance(self.expires_in, Unset):
            expires_in = UNSET
        else:
            expires_in = self.expires_in

        methods: list[str] | Unset = UNSET
        if not isinstance(self.methods, Unset):
            methods = self.methods

        read_only = self.read_only

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Name": name,
            }
        )
        if account_connector_ids is not UNSET:
            field_dict["AccountConnectorIds"] = account_connector_ids
        if expires_in is not UNSET:
            field_dict["ExpiresIn"] = expires_in
        if methods is not UNSET:
            field_dict["Methods"] = methods
        if read_only is not UNSET:
            field_dict["ReadOnly"] = read_only

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("Name")

        def _parse_account_connector_ids(data: object) -> list[int] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                account_connector_ids_type_0 = cast(list[int], data)

                return account_connector_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        account_connector_ids = _parse_account_connector_ids(d.pop("AccountConnectorIds", UNSET))

        def _parse_expires_in(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expires_in = _parse_expires_in(d.pop("ExpiresIn", UNSET))

        methods = cast(list[str], d.pop("Methods", UNSET))

        read_only = d.pop("ReadOnly", UNSET)

        mcp_token_in = cls(
            name=name,
            account_connector_ids=account_connector_ids,
            expires_in=expires_in,
            methods=methods,
            read_only=read_only,
        )

        mcp_token_in.additional_properties = d
        return mcp_token_in

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
