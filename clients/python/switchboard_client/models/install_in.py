from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.install_in_properties_type_1 import InstallInPropertiesType1
    from ..models.property_value import PropertyValue


T = TypeVar("T", bound="InstallIn")


@_attrs_define
class InstallIn:
    """
    Attributes:
        auth_value (None | str | Unset): Authenticates at once (write-only: never echoed back). An API key as it is; for
            HTTP Basic, base64 of username:password; for OAuth, the token set held elsewhere as a JSON string,
            {"AccessToken": ..., "RefreshToken": ..., "Expires": "2030-01-01T00:00:00Z"}, or a bare access token
        authentication_id (None | str | Unset): Which of the connector's Authentication entries (its Id) to use
        description (str | Unset):  Default: ''.
        name (None | str | Unset):
        properties (InstallInPropertiesType1 | list[PropertyValue] | Unset):
    """

    auth_value: str | Unset | None = UNSET
    authentication_id: str | Unset | None = UNSET
    description: str | Unset = ""
    name: str | Unset | None = UNSET
    properties: InstallInPropertiesType1 | list[PropertyValue] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auth_value: str | Unset | None
        if isinstance(self.auth_value, Unset):
            auth_value = UNSET
        else:
            auth_value = self.auth_value

        authentication_id: str | Unset | None
        if isinstance(self.authentication_id, Unset):
            authentication_id = UNSET
        else:
            authentication_id = self.authentication_id

        description = self.description

        name: str | Unset | None
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        properties: dict[str, Any] | list[dict[str, Any]] | Unset
        if isinstance(self.properties, Unset):
            properties = UNSET
        elif isinstance(self.properties, list):
            properties = []
            for properties_type_0_item_data in self.properties:
                properties_type_0_item = properties_type_0_item_data.to_dict()
                properties.append(properties_type_0_item)

        else:
            properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if auth_value is not UNSET:
            field_dict["AuthValue"] = auth_value
        if authentication_id is not UNSET:
            field_dict["AuthenticationId"] = authentication_id
        if description is not UNSET:
            field_dict["Description"] = description
        if name is not UNSET:
            field_dict["Name"] = name
        if properties is not UNSET:
            field_dict["Properties"] = properties

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.install_in_properties_type_1 import InstallInPropertiesType1
        from ..models.property_value import PropertyValue

        d = dict(src_dict)

        def _parse_auth_value(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auth_value = _parse_auth_value(d.pop("AuthValue", UNSET))

        def _parse_authentication_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        authentication_id = _parse_authentication_id(d.pop("AuthenticationId", UNSET))

        description = d.pop("Description", UNSET)

        def _parse_name(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("Name", UNSET))

        def _parse_properties(data: object) -> InstallInPropertiesType1 | list[PropertyValue] | Unset:
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
            if not isinstance(data, dict):
                raise TypeError()
            properties_type_1 = InstallInPropertiesType1.from_dict(data)

            return properties_type_1

        properties = _parse_properties(d.pop("Properties", UNSET))

        install_in = cls(
            auth_value=auth_value,
            authentication_id=authentication_id,
            description=description,
            name=name,
            properties=properties,
        )

        install_in.additional_properties = d
        return install_in

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
