from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.partner_property_out import PartnerPropertyOut


T = TypeVar("T", bound="ConnectorSettingsOut")


@_attrs_define
class ConnectorSettingsOut:
    """
    Attributes:
        available_scopes (list[str]):
        callback_url (str): Register this redirect URI with the provider
        client_id (None | str):
        client_secret_set (bool):
        scopes (list[str]):
        enabled (bool | Unset): Offered to end users on the connect page (when usable) Default: True.
        hook_url (None | str | Unset): Register this webhook URL in the provider's app settings (connectors routed by
            payload)
        properties (list[PartnerPropertyOut] | Unset): The values set for every install; a secret one's Value is null
        unusable_reason (None | str | Unset): Why not, when it is not usable
        usable (bool | Unset): Whether end users could connect it as set up Default: True.
        webhook_signing_secret_set (bool | Unset):  Default: False.
    """

    available_scopes: list[str]
    callback_url: str
    client_id: str | None
    client_secret_set: bool
    scopes: list[str]
    enabled: bool | Unset = True
    hook_url: str | Unset | None = UNSET
    properties: list[PartnerPropertyOut] | Unset = UNSET
    unusable_reason: str | Unset | None = UNSET
    usable: bool | Unset = True
    webhook_signing_secret_set: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_scopes = self.available_scopes

        callback_url = self.callback_url

        client_id: str | None
        client_id = self.client_id

        client_secret_set = self.client_secret_set

        scopes = self.scopes

        enabled = self.enabled

        hook_url: str | Unset | None
        if isinstance(self.hook_url, Unset):
            hook_url = UNSET
        else:
            hook_url = self.hook_url

        properties: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = []
            for properties_item_data in self.properties:
                properties_item = properties_item_data.to_dict()
                properties.append(properties_item)

        unusable_reason: str | Unset | None
        if isinstance(self.unusable_reason, Unset):
            unusable_reason = UNSET
        else:
            unusable_reason = self.unusable_reason

        usable = self.usable

        webhook_signing_secret_set = self.webhook_signing_secret_set

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AvailableScopes": available_scopes,
                "CallbackUrl": callback_url,
                "ClientId": client_id,
                "ClientSecretSet": client_secret_set,
                "Scopes": scopes,
            }
        )
        if enabled is not UNSET:
            field_dict["Enabled"] = enabled
        if hook_url is not UNSET:
            field_dict["HookUrl"] = hook_url
        if properties is not UNSET:
            field_dict["Properties"] = properties
        if unusable_reason is not UNSET:
            field_dict["UnusableReason"] = unusable_reason
        if usable is not UNSET:
            field_dict["Usable"] = usable
        if webhook_signing_secret_set is not UNSET:
            field_dict["WebhookSigningSecretSet"] = webhook_signing_secret_set

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partner_property_out import PartnerPropertyOut

        d = dict(src_dict)
        available_scopes = cast(list[str], d.pop("AvailableScopes"))

        callback_url = d.pop("CallbackUrl")

        def _parse_client_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        client_id = _parse_client_id(d.pop("ClientId"))

        client_secret_set = d.pop("ClientSecretSet")

        scopes = cast(list[str], d.pop("Scopes"))

        enabled = d.pop("Enabled", UNSET)

        def _parse_hook_url(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hook_url = _parse_hook_url(d.pop("HookUrl", UNSET))

        _properties = d.pop("Properties", UNSET)
        properties: list[PartnerPropertyOut] | Unset = UNSET
        if _properties is not UNSET:
            properties = []
            for properties_item_data in _properties:
                properties_item = PartnerPropertyOut.from_dict(properties_item_data)

                properties.append(properties_item)

        def _parse_unusable_reason(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unusable_reason = _parse_unusable_reason(d.pop("UnusableReason", UNSET))

        usable = d.pop("Usable", UNSET)

        webhook_signing_secret_set = d.pop("WebhookSigningSecretSet", UNSET)

        connector_settings_out = cls(
            available_scopes=available_scopes,
            callback_url=callback_url,
            client_id=client_id,
            client_secret_set=client_secret_set,
            scopes=scopes,
            enabled=enabled,
            hook_url=hook_url,
            properties=properties,
            unusable_reason=unusable_reason,
            usable=usable,
            webhook_signing_secret_set=webhook_signing_secret_set,
        )

        connector_settings_out.additional_properties = d
        return connector_settings_out

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
