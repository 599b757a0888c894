from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TimelineItem")


@_attrs_define
class TimelineItem:
    """One line of a worker's timeline as the API shows it.

    Attributes:
        journey (int):
        event_id (str):
        type_ (str):
        source (str):
        time (datetime.datetime):
        summary (str):
    """

    journey: int
    event_id: str
    type_: str
    source: str
    time: datetime.datetime
    summary: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        journey = self.journey

        event_id = self.event_id

        type_ = self.type_

        source = self.source

        time = self.time.isoformat()

        summary = self.summary

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "journey": journey,
                "event_id": event_id,
                "type": type_,
                "source": source,
                "time": time,
                "summary": summary,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        journey = d.pop("journey")

        event_id = d.pop("event_id")

        type_ = d.pop("type")

        source = d.pop("source")

        time = datetime.datetime.fromisoformat(d.pop("time"))

        summary = d.pop("summary")

        timeline_item = cls(
            journey=journey,
            event_id=event_id,
            type_=type_,
            source=source,
            time=time,
            summary=summary,
        )

        timeline_item.additional_properties = d
        return timeline_item

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
