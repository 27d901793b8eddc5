from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connector_property import ConnectorProperty


T = TypeVar("T", bound="ConnectorOut")


@_attrs_define
class ConnectorOut:
    """
    Attributes:
        auth_type (str):
        description (str):
        id (int):
        is_partner_integration_connector (bool):
        method_count (int):
        name (str):
        parameters (list[ConnectorProperty]):
        status (str):
        version (str):
        o_auth_2_type (None | str | Unset):
    """

    auth_type: str
    description: str
    id: int
    is_partner_integration_connector: bool
    method_count: int
    name: str
    parameters: list[ConnectorProperty]
    status: str
    version: str
    o_auth_2_type: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auth_type = self.auth_type

        description = self.description

        id = self.id

        is_partner_integration_connector = self.is_partner_integration_connector

        method_count = self.method_count

        name = self.name

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        status = self.status

        version = self.version

        o_auth_2_type: str | Unset | None
        if isinstance(self.o_auth_2_type, Unset):
            o_auth_2_type = UNSET
        else:
            o_auth_2_type = self.o_auth_2_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AuthType": auth_type,
                "Description": description,
                "Id": id,
                "IsPartnerIntegrationConnector": is_partner_integration_connector,
                "MethodCount": method_count,
                "Name": name,
                "Parameters": parameters,
                "Status": status,
                "Version": version,
            }
        )
        if o_auth_2_type is not UNSET:
            field_dict["OAuth2Type"] = o_auth_2_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connector_property import ConnectorProperty

        d = dict(src_dict)
        auth_type = d.pop("AuthType")

        description = d.pop("Description")

        id = d.pop("Id")

        is_partner_integration_connector = d.pop("IsPartnerIntegrationConnector")

        method_count = d.pop("MethodCount")

        name = d.pop("Name")

        parameters = []
        _parameters = d.pop("Parameters")
        for parameters_item_data in _parameters:
            parameters_item = ConnectorProperty.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        status = d.pop("Status")

        version = d.pop("Version")

        def _parse_o_auth_2_type(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        o_auth_2_type = _parse_o_auth_2_type(d.pop("OAuth2Type", UNSET))

        connector_out = cls(
            auth_type=auth_type,
            description=description,
            id=id,
            is_partner_integration_connector=is_partner_integration_connector,
            method_count=method_count,
            name=name,
            parameters=parameters,
            status=status,
            version=version,
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
