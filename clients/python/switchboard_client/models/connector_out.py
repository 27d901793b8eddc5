from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.authentication_out import AuthenticationOut
    from ..models.connector_parameter_out import ConnectorParameterOut
    from ..models.trigger_out import TriggerOut


T = TypeVar("T", bound="ConnectorOut")


@_attrs_define
class ConnectorOut:
    """
    Attributes:
        auth_type (str):
        authentication (list[AuthenticationOut]):
        categories (list[str]):
        description (str):
        icon (str): Base64 of a PNG image, with no data: prefix (Cyclr's "Base64 image data for the connector icon"):
            the connector's logo.png, else a 64x64 letter tile
        id (int):
        is_partner_integration_connector (bool):
        method_count (int):
        name (str):
        parameters (list[ConnectorParameterOut]):
        status (str): Approved, Beta or Deprecated
        triggers (list[TriggerOut]):
        version (str):
        auth_description (None | str | Unset):
        auth_scheme (None | str | Unset):
        o_auth_2_type (str | Unset):  Default: 'Unknown'.
    """

    auth_type: str
    authentication: list[AuthenticationOut]
    categories: list[str]
    description: str
    icon: str
    id: int
    is_partner_integration_connector: bool
    method_count: int
    name: str
    parameters: list[ConnectorParameterOut]
    status: str
    triggers: list[TriggerOut]
    version: str
    auth_description: str | Unset | None = UNSET
    auth_scheme: str | Unset | None = UNSET
    o_auth_2_type: str | Unset = "Unknown"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auth_type = self.auth_type

        authentication = []
        for authentication_item_data in self.authentication:
            authentication_item = authentication_item_data.to_dict()
            authentication.append(authentication_item)

        categories = self.categories

        description = self.description

        icon = self.icon

        id = self.id

        is_partner_integration_connector = self.is_partner_integration_connector

        method_count = self.method_count

        name = self.name

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        status = self.status

        triggers = []
        for triggers_item_data in self.triggers:
            triggers_item = triggers_item_data.to_dict()
            triggers.append(triggers_item)

        version = self.version

        auth_description: str | Unset | None
        if isinstance(self.auth_description, Unset):
            auth_description = UNSET
        else:
            auth_description = self.auth_description

        auth_scheme: str | Unset | None
        if isinstance(self.auth_scheme, Unset):
            auth_scheme = UNSET
        else:
            auth_scheme = self.auth_scheme

        o_auth_2_type = self.o_auth_2_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AuthType": auth_type,
                "Authentication": authentication,
                "Categories": categories,
                "Description": description,
                "Icon": icon,
                "Id": id,
                "IsPartnerIntegrationConnector": is_partner_integration_connector,
                "MethodCount": method_count,
                "Name": name,
                "Parameters": parameters,
                "Status": status,
                "Triggers": triggers,
                "Version": version,
            }
        )
        if auth_description is not UNSET:
            field_dict["AuthDescription"] = auth_description
        if auth_scheme is not UNSET:
            field_dict["AuthScheme"] = auth_scheme
        if o_auth_2_type is not UNSET:
            field_dict["OAuth2Type"] = o_auth_2_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.authentication_out import AuthenticationOut
        from ..models.connector_parameter_out import ConnectorParameterOut
        from ..models.trigger_out import TriggerOut

        d = dict(src_dict)
        auth_type = d.pop("AuthType")

        authentication = []
        _authentication = d.pop("Authentication")
        for authentication_item_data in _authentication:
            authentication_item = AuthenticationOut.from_dict(authentication_item_data)

            authentication.append(authentication_item)

        categories = cast(list[str], d.pop("Categories"))

        description = d.pop("Description")

        icon = d.pop("Icon")

        id = d.pop("Id")

        is_partner_integration_connector = d.pop("IsPartnerIntegrationConnector")

        method_count = d.pop("MethodCount")

        name = d.pop("Name")

        parameters = []
        _parameters = d.pop("Parameters")
        for parameters_item_data in _parameters:
            parameters_item = ConnectorParameterOut.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        status = d.pop("Status")

        triggers = []
        _triggers = d.pop("Triggers")
        for triggers_item_data in _triggers:
            triggers_item = TriggerOut.from_dict(triggers_item_data)

            triggers.append(triggers_item)

        version = d.pop("Version")

        def _parse_auth_description(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auth_description = _parse_auth_description(d.pop("AuthDescription", UNSET))

        def _parse_auth_scheme(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auth_scheme = _parse_auth_scheme(d.pop("AuthScheme", UNSET))

        o_auth_2_type = d.pop("OAuth2Type", UNSET)

        connector_out = cls(
            auth_type=auth_type,
            authentication=authentication,
            categories=categories,
            description=description,
            icon=icon,
            id=id,
            is_partner_integration_connector=is_partner_integration_connector,
            method_count=method_count,
            name=name,
            parameters=parameters,
            status=status,
            triggers=triggers,
            version=version,
            auth_description=auth_description,
            auth_scheme=auth_scheme,
            o_auth_2_type=o_auth_2_type,
        )

        connector_out.additional_properties = d
        return connector_out

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
