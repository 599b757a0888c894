from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RuleRow")


@_attrs_define
class RuleRow:
    """One alert rule and its parameter.

    Attributes:
        kind (str):
        watches (str):
        parameter (None | str):
        days (int | None):
    """

    kind: str
    watches: str
    parameter: None | str
    days: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        watches = self.watches

        parameter: None | str
        parameter = self.parameter

        days: int | None
        days = self.days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "watches": watches,
                "parameter": parameter,
                "days": days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        watches = d.pop("watches")

        def _parse_parameter(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        parameter = _parse_parameter(d.pop("parameter"))

        def _parse_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        days = _parse_days(d.pop("days"))

        rule_row = cls(
            kind=kind,
            watches=watches,
            parameter=parameter,
            days=days,
        )

        rule_row.additional_properties = d
        return rule_row

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
