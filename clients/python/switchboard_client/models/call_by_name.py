from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.call_by_name_mergefields_type_0 import CallByNameMergefieldsType0
    from ..models.call_by_name_parameters_type_0 import CallByNameParametersType0


T = TypeVar("T", bound="CallByName")


@_attrs_define
class CallByName:
    """``POST .../methods/{methodId}/body``: values keyed by TargetName, RequestBody as a string.

    Attributes:
        custom_category_id (int | None | Unset):
        mergefields (CallByNameMergefieldsType0 | None | Unset):
        parameters (CallByNameParametersType0 | None | Unset):
        request_body (None | str | Unset): A JSON (or XML) string whose keys are field Locations
    """

    custom_category_id: int | Unset | None = UNSET
    mergefields: CallByNameMergefieldsType0 | Unset | None = UNSET
    parameters: CallByNameParametersType0 | Unset | None = UNSET
    request_body: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.call_by_name_mergefields_type_0 import CallByNameMergefieldsType0
        from ..models.call_by_name_parameters_type_0 import CallByNameParametersType0

        custom_category_id: int | Unset | None
        if isinstance(self.custom_category_id, Unset):
            custom_category_id = UNSET
        else:
            custom_category_id = self.custom_category_id

        mergefields: dict[str, Any] | Unset | None
        if isinstance(self.mergefields, Unset):
            mergefields = UNSET
        elif isinstance(self.mergefields, CallByNameMergefieldsType0):
            mergefields = self.mergefields.to_dict()
        else:
            mergefields = self.mergefields

        parameters: dict[str, Any] | Unset | None
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, CallByNameParametersType0):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        request_body: str | Unset | None
        if isinstance(self.request_body, Unset):
            request_body = UNSET
        else:
            request_body = self.request_body

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom_category_id is not UNSET:
            field_dict["CustomCategoryId"] = custom_category_id
        if mergefields is not UNSET:
            field_dict["Mergefields"] = mergefields
        if parameters is not UNSET:
            field_dict["Parameters"] = parameters
        if request_body is not UNSET:
            field_dict["RequestBody"] = request_body

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.call_by_name_mergefields_type_0 import CallByNameMergefieldsType0
        from ..models.call_by_name_parameters_type_0 import CallByNameParametersType0

        d = dict(src_dict)

        def _parse_custom_category_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        custom_category_id = _parse_custom_category_id(d.pop("CustomCategoryId", UNSET))

        def _parse_mergefields(data: object) -> CallByNameMergefieldsType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mergefields_type_0 = CallByNameMergefieldsType0.from_dict(data)

                return mergefields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CallByNameMergefieldsType0 | None | Unset, data)

        mergefields = _parse_mergefields(d.pop("Mergefields", UNSET))

        def _parse_parameters(data: object) -> CallByNameParametersType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parameters_type_0 = CallByNameParametersType0.from_dict(data)

                return parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CallByNameParametersType0 | None | Unset, data)

        parameters = _parse_parameters(d.pop("Parameters", UNSET))

        def _parse_request_body(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_body = _parse_request_body(d.pop("RequestBody", UNSET))

        call_by_name = cls(
            custom_category_id=custom_category_id,
            mergefields=mergefields,
            parameters=parameters,
            request_body=request_body,
        )

        call_by_name.additional_properties = d
        return call_by_name

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
