from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.parameter_out import ParameterOut
    from ..models.request_field_out import RequestFieldOut
    from ..models.response_field_out import ResponseFieldOut


T = TypeVar("T", bound="MethodOut")


@_attrs_define
class MethodOut:
    """
    Attributes:
        category (str):
        description (str):
        end_point (str): The third party's URL; {placeholders} are merge fields and properties
        http_method (str):
        id (int):
        method_type (str): Action (Cyclr's Webhook methods have no counterpart here)
        method_unique_identifier (str):
        name (str):
        paginated (bool):
        parameters (list[ParameterOut]):
        request_fields (list[RequestFieldOut]):
        response_fields (list[ResponseFieldOut]):
    """

    category: str
    description: str
    end_point: str
    http_method: str
    id: int
    method_type: str
    method_unique_identifier: str
    name: str
    paginated: bool
    parameters: list[ParameterOut]
    request_fields: list[RequestFieldOut]
    response_fields: list[ResponseFieldOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        description = self.description

        end_point = self.end_point

        http_method = self.http_method

        id = self.id

        method_type = self.method_type

        method_unique_identifier = self.method_unique_identifier

        name = self.name

        paginated = self.paginated

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        request_fields = []
        for request_fields_item_data in self.request_fields:
            request_fields_item = request_fields_item_data.to_dict()
            request_fields.append(request_fields_item)

        response_fields = []
        for response_fields_item_data in self.response_fields:
            response_fields_item = response_fields_item_data.to_dict()
            response_fields.append(response_fields_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Category": category,
                "Description": description,
                "EndPoint": end_point,
                "HttpMethod": http_method,
                "Id": id,
                "MethodType": method_type,
                "MethodUniqueIdentifier": method_unique_identifier,
                "Name": name,
                "Paginated": paginated,
                "Parameters": parameters,
                "RequestFields": request_fields,
                "ResponseFields": response_fields,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameter_out import ParameterOut
        from ..models.request_field_out import RequestFieldOut
        from ..models.response_field_out import ResponseFieldOut

        d = dict(src_dict)
        category = d.pop("Category")

        description = d.pop("Description")

        end_point = d.pop("EndPoint")

        http_method = d.pop("HttpMethod")

        id = d.pop("Id")

        method_type = d.pop("MethodType")

        method_unique_identifier = d.pop("MethodUniqueIdentifier")

        name = d.pop("Name")

        paginated = d.pop("Paginated")

        parameters = []
        _parameters = d.pop("Parameters")
        for parameters_item_data in _parameters:
            parameters_item = ParameterOut.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        request_fields = []
        _request_fields = d.pop("RequestFields")
        for request_fields_item_data in _request_fields:
            request_fields_item = RequestFieldOut.from_dict(request_fields_item_data)

            request_fields.append(request_fields_item)

        response_fields = []
        _response_fields = d.pop("ResponseFields")
        for response_fields_item_data in _response_fields:
            response_fields_item = ResponseFieldOut.from_dict(response_fields_item_data)

            response_fields.append(response_fields_item)

        method_out = cls(
            category=category,
            description=description,
            end_point=end_point,
            http_method=http_method,
            id=id,
            method_type=method_type,
            method_unique_identifier=method_unique_identifier,
            name=name,
            paginated=paginated,
            parameters=parameters,
            request_fields=request_fields,
            response_fields=response_fields,
        )

        method_out.additional_properties = d
        return method_out

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
