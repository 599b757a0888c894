from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.case_summary import CaseSummary
    from ..models.journey import Journey


T = TypeVar("T", bound="CaseView")


@_attrs_define
class CaseView:
    """A worker's case: the flat summary and every journey (no phone, no family contact).

    Attributes:
        worker_id (str):
        summary (CaseSummary): The flat facts that lists and queries need about a worker's case.
        journeys (list[Journey]):
    """

    worker_id: str
    summary: CaseSummary
    journeys: list[Journey]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        summary = self.summary.to_dict()

        journeys = []
        for journeys_item_data in self.journeys:
            journeys_item = journeys_item_data.to_dict()
            journeys.append(journeys_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "summary": summary,
                "journeys": journeys,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.case_summary import CaseSummary  # noqa: PLC0415
        from ..models.journey import Journey  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        summary = CaseSummary.from_dict(d.pop("summary"))

        journeys = []
        _journeys = d.pop("journeys")
        for journeys_item_data in _journeys:
            journeys_item = Journey.from_dict(journeys_item_data)

            journeys.append(journeys_item)

        case_view = cls(
            worker_id=worker_id,
            summary=summary,
            journeys=journeys,
        )

        case_view.additional_properties = d
        return case_view

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
