from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ready_out_checked import ReadyOutChecked


T = TypeVar("T", bound="ReadyOut")


@_attrs_define
class ReadyOut:
    """What readiness answers: 200 ``ready``, or 503 ``unavailable`` / ``draining`` with a Message.

    Attributes:
        status (str):
        worker (int):
        checked (ReadyOutChecked | Unset):
        message (None | str | Unset):
    """

    status: str
    worker: int
    checked: ReadyOutChecked | Unset = UNSET
    message: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        worker = self.worker

        checked: dict[str, Any] | Unset = UNSET
        if not isinstance(self.checked, Unset):
            checked = self.checked.to_dict()

        message: str | Unset | None
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Status": status,
                "Worker": worker,
            }
        )
        if checked is not UNSET:
            field_dict["Checked"] = checked
        if message is not UNSET:
            field_dict["Message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ready_out_checked import ReadyOutChecked

        d = dict(src_dict)
        status = d.pop("Status")

        worker = d.pop("Worker")

        _checked = d.pop("Checked", UNSET)
        checked: ReadyOutChecked | Unset
        if isinstance(_checked, Unset):
            checked = UNSET
        else:
            checked = ReadyOutChecked.from_dict(_checked)

        def _parse_message(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("Message", UNSET))

        ready_out = cls(
            status=status,
            worker=worker,
            checked=checked,
            message=message,
        )

        ready_out.additional_properties = d
        return ready_out

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
