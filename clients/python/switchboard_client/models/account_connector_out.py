from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_connector_out_custom_fields_item import AccountConnectorOutCustomFieldsItem
    from ..models.connection_health import ConnectionHealth
    from ..models.connector_out import ConnectorOut
    from ..models.installed_property import InstalledProperty


T = TypeVar("T", bound="AccountConnectorOut")


@_attrs_define
class AccountConnectorOut:
    """An installed connector; its credentials (``AuthValue``) are never echoed.

    Attributes:
        auth_state (str):
        authenticated (bool):
        connector (ConnectorOut):
        created_date (datetime.datetime):
        description (str):
        id (int):
        is_partner_integration_connector (bool):
        name (str):
        properties (list[InstalledProperty]):
        auth_error (None | str | Unset):
        auth_value (None | Unset): Always null: credentials are write-only, never echoed
        custom_fields (list[AccountConnectorOutCustomFieldsItem] | Unset): Always empty: no custom fields
        health (ConnectionHealth | None | Unset):
        hook_token (None | str | Unset): The secret the provider signs this connection's webhooks with, where it takes
            one (Salesloft's callback_token, Pipedrive's http_auth_password with user switchboard, Jira's secret); given by
            GET /v1.0/account/connectors/{id} only, which makes it when first asked
        hook_url (None | str | Unset): This connection's own webhook URL, to give the provider's create-webhook method;
            given by GET /v1.0/account/connectors/{id} only (null in lists and in the install and update answers)
        verification_error (None | str | Unset): Why the credentials check could not be made
        verified (bool | None | Unset): How the connector's credentials check went when these credentials were saved:
            true passed, false could not be made (the provider unreachable; VerificationError says why), null not made
    """

    auth_state: str
    authenticated: bool
    connector: ConnectorOut
    created_date: datetime.datetime
    description: str
    id: int
    is_partner_integration_connector: bool
    name: str
    properties: list[InstalledProperty]
    auth_error: str | Unset | None = UNSET
    auth_value: Unset | None = UNSET
    custom_fields: list[AccountConnectorOutCustomFieldsItem] | Unset = UNSET
    health: ConnectionHealth | Unset | None = UNSET
    hook_token: str | Unset | None = UNSET
    hook_url: str | Unset | None = UNSET
    verification_error: str | Unset | None = UNSET
    verified: bool | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.connection_health import ConnectionHealth

        auth_state = self.auth_state

        authenticated = self.authenticated

        connector = self.connector.to_dict()

        created_date = self.created_date.isoformat()

        description = self.description

        id = self.id

        is_partner_integration_connector = self.is_partner_integration_connector

        name = self.name

        properties = []
        for properties_item_data in self.properties:
            properties_item = properties_item_data.to_dict()
            properties.append(properties_item)

        auth_error: str | Unset | None
        if isinstance(self.auth_error, Unset):
            auth_error = UNSET
        else:
            auth_error = self.auth_error

        auth_value = self.auth_value

        custom_fields: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.custom_fields, Unset):
            custom_fields = []
            for custom_fields_item_data in self.custom_fields:
                custom_fields_item = custom_fields_item_data.to_dict()
                custom_fields.append(custom_fields_item)

        health: dict[str, Any] | Unset | None
        if isinstance(self.health, Unset):
            health = UNSET
        elif isinstance(self.health, ConnectionHealth):
            health = self.health.to_dict()
        else:
            health = self.health

        hook_token: str | Unset | None
        if isinstance(self.hook_token, Unset):
            hook_token = UNSET
        else:
            hook_token = self.hook_token

        hook_url: str | Unset | None
        if isinstance(self.hook_url, Unset):
            hook_url = UNSET
        else:
            hook_url = self.hook_url

        verification_error: str | Unset | None
        if isinstance(self.verification_error, Unset):
            verification_error = UNSET
        else:
            verification_error = self.verification_error

        verified: bool | Unset | None
        if isinstance(self.verified, Unset):
            verified = UNSET
        else:
            verified = self.verified

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AuthState": auth_state,
                "Authenticated": authenticated,
                "Connector": connector,
                "CreatedDate": created_date,
                "Description": description,
                "Id": id,
                "IsPartnerIntegrationConnector": is_partner_integration_connector,
                "Name": name,
                "Properties": properties,
            }
        )
        if auth_error is not UNSET:
            field_dict["AuthError"] = auth_error
        if auth_value is not UNSET:
            field_dict["AuthValue"] = auth_value
        if custom_fields is not UNSET:
            field_dict["CustomFields"] = custom_fields
        if health is not UNSET:
            field_dict["Health"] = health
        if hook_token is not UNSET:
            field_dict["HookToken"] = hook_token
        if hook_url is not UNSET:
            field_dict["HookUrl"] = hook_url
        if verification_error is not UNSET:
            field_dict["VerificationError"] = verification_error
        if verified is not UNSET:
            field_dict["Verified"] = verified

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_connector_out_custom_fields_item import AccountConnectorOutCustomFieldsItem
        from ..models.connection_health import ConnectionHealth
        from ..models.connector_out import ConnectorOut
        from ..models.installed_property import InstalledProperty

        d = dict(src_dict)
        auth_state = d.pop("AuthState")

        authenticated = d.pop("Authenticated")

        connector = ConnectorOut.from_dict(d.pop("Connector"))

        created_date = datetime.datetime.fromisoformat(d.pop("CreatedDate"))

        description = d.pop("Description")

        id = d.pop("Id")

        is_partner_integration_connector = d.pop("IsPartnerIntegrationConnector")

        name = d.pop("Name")

        properties = []
        _properties = d.pop("Properties")
        for properties_item_data in _properties:
            properties_item = InstalledProperty.from_dict(properties_item_data)

            properties.append(properties_item)

        def _parse_auth_error(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auth_error = _parse_auth_error(d.pop("AuthError", UNSET))

        auth_value = d.pop("AuthValue", UNSET)

        _custom_fields = d.pop("CustomFields", UNSET)
        custom_fields: list[AccountConnectorOutCustomFieldsItem] | Unset = UNSET
        if _custom_fields is not UNSET:
            custom_fields = []
            for custom_fields_item_data in _custom_fields:
                custom_fields_item = AccountConnectorOutCustomFieldsItem.from_dict(custom_fields_item_data)

                custom_fields.append(custom_fields_item)

        def _parse_health(data: object) -> ConnectionHealth | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                health_type_0 = ConnectionHealth.from_dict(data)

                return health_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConnectionHealth | None | Unset, data)

        health = _parse_health(d.pop("Health", UNSET))

        def _parse_hook_token(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hook_token = _parse_hook_token(d.pop("HookToken", UNSET))

        def _parse_hook_url(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hook_url = _parse_hook_url(d.pop("HookUrl", UNSET))

        def _parse_verification_error(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        verification_error = _parse_verification_error(d.pop("VerificationError", UNSET))

        def _parse_verified(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        verified = _parse_verified(d.pop("Verified", UNSET))

        account_connector_out = cls(
            auth_state=auth_state,
            authenticated=authenticated,
            connector=connector,
            created_date=created_date,
            description=description,
            id=id,
            is_partner_integration_connector=is_partner_integration_connector,
            name=name,
            properties=properties,
            auth_error=auth_error,
            auth_value=auth_value,
            custom_fields=custom_fields,
            health=health,
            hook_token=hook_token,
            hook_url=hook_url,
            verification_error=verification_error,
            verified=verified,
        )

        account_connector_out.additional_properties = d
        return account_connector_out

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
