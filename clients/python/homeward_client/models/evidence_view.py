from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.fact_view import FactView
    from ..models.figure_view import FigureView


T = TypeVar("T", bound="EvidenceView")


@_attrs_define
class EvidenceView:
    """A figure and the events it was counted from.

    Attributes:
        figure (FigureView): One figure: ``id`` names it in drill-downs (``departures.market.JP``).
        as_of (str):
        events (list[FactView]):
    """

    figure: FigureView
    as_of: str
    events: list[FactView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        figure = self.figure.to_dict()

        as_of = self.as_of

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "figure": figure,
                "as_of": as_of,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fact_view import FactView  # noqa: PLC0415
        from ..models.figure_view import FigureView  # noqa: PLC0415

        d = dict(src_dict)
        figure = FigureView.from_dict(d.pop("figure"))

        as_of = d.pop("as_of")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = FactView.from_dict(events_item_data)

            events.append(events_item)

        evidence_view = cls(
            figure=figure,
            as_of=as_of,
            events=events,
        )

        evidence_view.additional_properties = d
        return evidence_view

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
