from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connector_settings_in_properties_type_1 import ConnectorSettingsInPropertiesType1
    from ..models.property_value import PropertyValue


T = TypeVar("T", bound="ConnectorSettingsIn")


@_attrs_define
class ConnectorSettingsIn:
    """
    Attributes:
        client_id (None | str | Unset):
        client_secret (None | str | Unset): Write-only; omit to keep, empty to clear
        enabled (bool | None | Unset): Offer this connector to end users on the connect page (default true); omit to
            keep
        properties (ConnectorSettingsInPropertiesType1 | list[PropertyValue] | None | Unset): Property values for every
            install of this connector, as install Properties take them ([{Name, Value}] or {name: value}); an install's own
            value wins. Given names are set, others kept; a null or empty Value removes one; secret ones are write-only
        scopes (list[str] | None | Unset):
        webhook_signing_secret (None | str | Unset): The provider's webhook signing secret; write-only, omit to keep,
            empty to clear
        webhook_signing_secret_secondary (None | str | Unset): A second signing key (Box); write-only, omit to keep,
            empty to clear
    """

    client_id: str | Unset | None = UNSET
    client_secret: str | Unset | None = UNSET
    enabled: bool | Unset | None = UNSET
    properties: ConnectorSettingsInPropertiesType1 | list[PropertyValue] | Unset | None = UNSET
    scopes: list[str] | Unset | None = UNSET
    webhook_signing_secret: str | Unset | None = UNSET
    webhook_signing_secret_secondary: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.connector_settings_in_properties_type_1 import ConnectorSettingsInPropertiesType1

        client_id: str | Unset | None
        if isinstance(self.client_id, Unset):
            client_id = UNSET
        else:
            client_id = self.client_id

        client_secret: str | Unset | None
        if isinstance(self.client_secret, Unset):
            client_secret = UNSET
        else:
            client_secret = self.client_secret

        enabled: bool | Unset | None
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        properties: dict[str, Any] | list[dict[str, Any]] | Unset | None
        if isinstance(self.properties, Unset):
            properties = UNSET
        elif isinstance(self.properties, list):
            properties = []
            for properties_type_0_item_data in self.properties:
                properties_type_0_item = properties_type_0_item_data.to_dict()
                properties.append(properties_type_0_item)

        elif isinstance(self.properties, ConnectorSettingsInPropertiesType1):
            properties = self.properties.to_dict()
        else:
            properties = self.properties

        scopes: list[str] | Unset | None
        if isinstance(self.scopes, Unset):
            scopes = UNSET
        elif isinstance(self.scopes, list):
            scopes = self.scopes

        else:
            scopes = self.scopes

        webhook_signing_secret: str | Unset | None
        if isinstance(self.webhook_signing_secret, Unset):
            webhook_signing_secret = UNSET
        else:
            webhook_signing_secret = self.webhook_signing_secret

        webhook_signing_secret_secondary: str | Unset | None
        if isinstance(self.webhook_signing_secret_secondary, Unset):
            webhook_signing_secret_secondary = UNSET
        else:
            webhook_signing_secret_secondary = self.webhook_signing_secret_secondary

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if client_id is not UNSET:
            field_dict["ClientId"] = client_id
        if client_secret is not UNSET:
            field_dict["ClientSecret"] = client_secret
        if enabled is not UNSET:
            field_dict["Enabled"] = enabled
        if properties is not UNSET:
            field_dict["Properties"] = properties
        if scopes is not UNSET:
            field_dict["Scopes"] = scopes
        if webhook_signing_secret is not UNSET:
            field_dict["WebhookSigningSecret"] = webhook_signing_secret
        if webhook_signing_secret_secondary is not UNSET:
            field_dict["WebhookSigningSecretSecondary"] = webhook_signing_secret_secondary

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connector_settings_in_properties_type_1 import ConnectorSettingsInPropertiesType1
        from ..models.property_value import PropertyValue

        d = dict(src_dict)

        def _parse_client_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_id = _parse_client_id(d.pop("ClientId", UNSET))

        def _parse_client_secret(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_secret = _parse_client_secret(d.pop("ClientSecret", UNSET))

        def _parse_enabled(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("Enabled", UNSET))

        def _parse_properties(data: object) -> ConnectorSettingsInPropertiesType1 | list[PropertyValue] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                properties_type_0 = []
                _properties_type_0 = data
                for properties_type_0_item_data in _properties_type_0:
                    properties_type_0_item = PropertyValue.from_dict(properties_type_0_item_data)

                    properties_type_0.append(properties_type_0_item)

                return properties_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                properties_type_1 = ConnectorSettingsInPropertiesType1.from_dict(data)

                return properties_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConnectorSettingsInPropertiesType1 | list[PropertyValue] | None | Unset, data)

        properties = _parse_properties(d.pop("Properties", UNSET))

        def _parse_scopes(data: object) -> list[str] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                scopes_type_0 = cast(list[str], data)

                return scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        scopes = _parse_scopes(d.pop("Scopes", UNSET))

        def _parse_webhook_signing_secret(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        webhook_signing_secret = _parse_webhook_signing_secret(d.pop("WebhookSigningSecret", UNSET))

        def _parse_webhook_signing_secret_secondary(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        webhook_signing_secret_secondary = _parse_webhook_signing_secret_secondary(
            d.pop("WebhookSigningSecretSecondary", UNSET)
        )

        connector_settings_in = cls(
            client_id=client_id,
            client_secret=client_secret,
            enabled=enabled,
            properties=properties,
            scopes=scopes,
            webhook_signing_secret=webhook_signing_secret,
            webhook_signing_secret_secondary=webhook_signing_secret_secondary,
        )

        connector_settings_in.additional_properties = d
        return connector_settings_in

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
