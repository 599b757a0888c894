from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FigureView")


@_attrs_define
class FigureView:
    """One figure: ``id`` names it in drill-downs (``departures.market.JP``).

    Attributes:
        id (str):
        figure (str):
        breakdown (str):
        key (str):
        value (float | int | str):
    """

    id: str
    figure: str
    breakdown: str
    key: str
    value: float | int | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        figure = self.figure

        breakdown = self.breakdown

        key = self.key

        value: float | int | str
        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "figure": figure,
                "breakdown": breakdown,
                "key": key,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        figure = d.pop("figure")

        breakdown = d.pop("breakdown")

        key = d.pop("key")

        def _parse_value(data: object) -> float | int | str:
            return cast(float | int | str, data)

        value = _parse_value(d.pop("value"))

        figure_view = cls(
            id=id,
            figure=figure,
            breakdown=breakdown,
            key=key,
            value=value,
        )

        figure_view.additional_properties = d
        return figure_view

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
