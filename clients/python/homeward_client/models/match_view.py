from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MatchView")


@_attrs_define
class MatchView:
    """Why the finder put a record in a group: the record it matched, the score, the reasons.

    Attributes:
        worker_id (str):
        matched_with (str):
        score (int):
        reasons (list[str]):
    """

    worker_id: str
    matched_with: str
    score: int
    reasons: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        matched_with = self.matched_with

        score = self.score

        reasons = self.reasons

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "matched_with": matched_with,
                "score": score,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        matched_with = d.pop("matched_with")

        score = d.pop("score")

        reasons = cast(list[str], d.pop("reasons"))

        match_view = cls(
            worker_id=worker_id,
            matched_with=matched_with,
            score=score,
            reasons=reasons,
        )

        match_view.additional_properties = d
        return match_view

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
