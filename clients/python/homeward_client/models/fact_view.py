from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.fact_view_details import FactViewDetails


T = TypeVar("T", bound="FactView")


@_attrs_define
class FactView:
    """One event behind a figure, as the read model kept it (no personal data).

    Attributes:
        event_id (str):
        type_ (str):
        worker_id (str):
        on (datetime.date):
        recorded_at (str):
        received_at (str):
        details (FactViewDetails):
    """

    event_id: str
    type_: str
    worker_id: str
    on: datetime.date
    recorded_at: str
    received_at: str
    details: FactViewDetails
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        type_ = self.type_

        worker_id = self.worker_id

        on = self.on.isoformat()

        recorded_at = self.recorded_at

        received_at = self.received_at

        details = self.details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_id": event_id,
                "type": type_,
                "worker_id": worker_id,
                "on": on,
                "recorded_at": recorded_at,
                "received_at": received_at,
                "details": details,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fact_view_details import FactViewDetails  # noqa: PLC0415

        d = dict(src_dict)
        event_id = d.pop("event_id")

        type_ = d.pop("type")

        worker_id = d.pop("worker_id")

        on = datetime.date.fromisoformat(d.pop("on"))

        recorded_at = d.pop("recorded_at")

        received_at = d.pop("received_at")

        details = FactViewDetails.from_dict(d.pop("details"))

        fact_view = cls(
            event_id=event_id,
            type_=type_,
            worker_id=worker_id,
            on=on,
            recorded_at=recorded_at,
            received_at=received_at,
            details=details,
        )

        fact_view.additional_properties = d
        return fact_view

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
