from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.call_by_id_fields_type_0 import CallByIdFieldsType0
    from ..models.call_by_id_mergefields_type_0 import CallByIdMergefieldsType0
    from ..models.call_by_id_parameters_type_0 import CallByIdParametersType0


T = TypeVar("T", bound="CallById")


@_attrs_define
class CallById:
    """``POST .../methods/{methodId}``: values keyed by numeric Id.

    Attributes:
        fields (CallByIdFieldsType0 | None | Unset):
        mergefields (CallByIdMergefieldsType0 | None | Unset):
        parameters (CallByIdParametersType0 | None | Unset):
    """

    fields: CallByIdFieldsType0 | Unset | None = UNSET
    mergefields: CallByIdMergefieldsType0 | Unset | None = UNSET
    parameters: CallByIdParametersType0 | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.call_by_id_fields_type_0 import CallByIdFieldsType0
        from ..models.call_by_id_mergefields_type_0 import CallByIdMergefieldsType0
        from ..models.call_by_id_parameters_type_0 import CallByIdParametersType0

        fields: dict[str, Any] | Unset | None
        if isinstance(self.fields, Unset):
            fields = UNSET
        elif isinstance(self.fields, CallByIdFieldsType0):
            fields = self.fields.to_dict()
        else:
            fields = self.fields

        mergefields: dict[str, Any] | Unset | None
        if isinstance(self.mergefields, Unset):
            mergefields = UNSET
        elif isinstance(self.mergefields, CallByIdMergefieldsType0):
            mergefields = self.mergefields.to_dict()
        else:
            mergefields = self.mergefields

        parameters: dict[str, Any] | Unset | None
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, CallByIdParametersType0):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fields is not UNSET:
            field_dict["Fields"] = fields
        if mergefields is not UNSET:
            field_dict["Mergefields"] = mergefields
        if parameters is not UNSET:
            field_dict["Parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.call_by_id_fields_type_0 import CallByIdFieldsType0
        from ..models.call_by_id_mergefields_type_0 import CallByIdMergefieldsType0
        from ..models.call_by_id_parameters_type_0 import CallByIdParametersType0

        d = dict(src_dict)

        def _parse_fields(data: object) -> CallByIdFieldsType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fields_type_0 = CallByIdFieldsType0.from_dict(data)

                return fields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CallByIdFieldsType0 | None | Unset, data)

        fields = _parse_fields(d.pop("Fields", UNSET))

        def _parse_mergefields(data: object) -> CallByIdMergefieldsType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mergefields_type_0 = CallByIdMergefieldsType0.from_dict(data)

                return mergefields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CallByIdMergefieldsType0 | None | Unset, data)

        mergefields = _parse_mergefields(d.pop("Mergefields", UNSET))

        def _parse_parameters(data: object) -> CallByIdParametersType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parameters_type_0 = CallByIdParametersType0.from_dict(data)

                return parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CallByIdParametersType0 | None | Unset, data)

        parameters = _parse_parameters(d.pop("Parameters", UNSET))

        call_by_id = cls(
            fields=fields,
            mergefields=mergefields,
            parameters=parameters,
        )

        call_by_id.additional_properties = d
        return call_by_id

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
