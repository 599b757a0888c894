from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reason import Reason


T = TypeVar("T", bound="CandidateMatch")


@_attrs_define
class CandidateMatch:
    """A worker considered for a job order, ranked, with the reasons.

    Attributes:
        worker_id (str):
        full_name (None | str):
        rank (int):
        fits (bool):
        preferences_met (int):
        reasons (list[Reason]):
    """

    worker_id: str
    full_name: None | str
    rank: int
    fits: bool
    preferences_met: int
    reasons: list[Reason]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        full_name: None | str
        full_name = self.full_name

        rank = self.rank

        fits = self.fits

        preferences_met = self.preferences_met

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "full_name": full_name,
                "rank": rank,
                "fits": fits,
                "preferences_met": preferences_met,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason import Reason  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        def _parse_full_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        full_name = _parse_full_name(d.pop("full_name"))

        rank = d.pop("rank")

        fits = d.pop("fits")

        preferences_met = d.pop("preferences_met")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = Reason.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        candidate_match = cls(
            worker_id=worker_id,
            full_name=full_name,
            rank=rank,
            fits=fits,
            preferences_met=preferences_met,
            reasons=reasons,
        )

        candidate_match.additional_properties = d
        return candidate_match

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
