from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.match_view import MatchView


T = TypeVar("T", bound="ReviewView")


@_attrs_define
class ReviewView:
    """A group of likely duplicates in the review queue, with its decision once made.

    Attributes:
        review_id (str):
        worker_ids (list[str]): The group's members, the oldest first
        status (str):
        flagged_at (datetime.datetime):
        more_records (int | Unset): Records of the group that joined after the list was full Default: 0.
        score (int | Unset): The likeliest member's score (0-100) Default: 0.
        candidates (list[MatchView] | Unset): Each member the finder matched, the record it matched with, the score and
            the reasons (name letters apart, birth date same or swapped, commune, district)
        decided_by (None | str | Unset):
        decided_at (datetime.datetime | None | Unset):
        reason (None | str | Unset):
        survivor_id (None | str | Unset):
        merged_ids (list[str] | Unset): Same person: the members merged into the survivor
        merge_completed (bool | Unset):  Default: False.
    """

    review_id: str
    worker_ids: list[str]
    status: str
    flagged_at: datetime.datetime
    more_records: int | Unset = 0
    score: int | Unset = 0
    candidates: list[MatchView] | Unset = UNSET
    decided_by: None | str | Unset = UNSET
    decided_at: datetime.datetime | None | Unset = UNSET
    reason: None | str | Unset = UNSET
    survivor_id: None | str | Unset = UNSET
    merged_ids: list[str] | Unset = UNSET
    merge_completed: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        review_id = self.review_id

        worker_ids = self.worker_ids

        status = self.status

        flagged_at = self.flagged_at.isoformat()

        more_records = self.more_records

        score = self.score

        candidates: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.candidates, Unset):
            candidates = []
            for candidates_item_data in self.candidates:
                candidates_item = candidates_item_data.to_dict()
                candidates.append(candidates_item)

        decided_by: None | str | Unset
        if isinstance(self.decided_by, Unset):
            decided_by = UNSET
        else:
            decided_by = self.decided_by

        decided_at: None | str | Unset
        if isinstance(self.decided_at, Unset):
            decided_at = UNSET
        elif isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        survivor_id: None | str | Unset
        if isinstance(self.survivor_id, Unset):
            survivor_id = UNSET
        else:
            survivor_id = self.survivor_id

        merged_ids: list[str] | Unset = UNSET
        if not isinstance(self.merged_ids, Unset):
            merged_ids = self.merged_ids

        merge_completed = self.merge_completed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "review_id": review_id,
                "worker_ids": worker_ids,
                "status": status,
                "flagged_at": flagged_at,
            }
        )
        if more_records is not UNSET:
            field_dict["more_records"] = more_records
        if score is not UNSET:
            field_dict["score"] = score
        if candidates is not UNSET:
            field_dict["candidates"] = candidates
        if decided_by is not UNSET:
            field_dict["decided_by"] = decided_by
        if decided_at is not UNSET:
            field_dict["decided_at"] = decided_at
        if reason is not UNSET:
            field_dict["reason"] = reason
        if survivor_id is not UNSET:
            field_dict["survivor_id"] = survivor_id
        if merged_ids is not UNSET:
            field_dict["merged_ids"] = merged_ids
        if merge_completed is not UNSET:
            field_dict["merge_completed"] = merge_completed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.match_view import MatchView  # noqa: PLC0415

        d = dict(src_dict)
        review_id = d.pop("review_id")

        worker_ids = cast(list[str], d.pop("worker_ids"))

        status = d.pop("status")

        flagged_at = datetime.datetime.fromisoformat(d.pop("flagged_at"))

        more_records = d.pop("more_records", UNSET)

        score = d.pop("score", UNSET)

        _candidates = d.pop("candidates", UNSET)
        candidates: list[MatchView] | Unset = UNSET
        if _candidates is not UNSET:
            candidates = []
            for candidates_item_data in _candidates:
                candidates_item = MatchView.from_dict(candidates_item_data)

                candidates.append(candidates_item)

        def _parse_decided_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        decided_by = _parse_decided_by(d.pop("decided_by", UNSET))

        def _parse_decided_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        decided_at = _parse_decided_at(d.pop("decided_at", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_survivor_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        survivor_id = _parse_survivor_id(d.pop("survivor_id", UNSET))

        merged_ids = cast(list[str], d.pop("merged_ids", UNSET))

        merge_completed = d.pop("merge_completed", UNSET)

        review_view = cls(
            review_id=review_id,
            worker_ids=worker_ids,
            status=status,
            flagged_at=flagged_at,
            more_records=more_records,
            score=score,
            candidates=candidates,
            decided_by=decided_by,
            decided_at=decided_at,
            reason=reason,
            survivor_id=survivor_id,
            merged_ids=merged_ids,
            merge_completed=merge_completed,
        )

        review_view.additional_properties = d
        return review_view

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
