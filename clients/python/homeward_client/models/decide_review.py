from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.decision import Decision
from ..types import UNSET, Unset

T = TypeVar("T", bound="DecideReview")


@_attrs_define
class DecideReview:
    """An officer's decision on a flagged pair.

    Attributes:
        decision (Decision): An officer's finding about a flagged pair.
        reason (str):
        survivor_id (None | str | Unset): Same person: the record that carries on (default: the review's first, its
            oldest member)
        merged_ids (list[str] | None | Unset): Same person: the members that merge into the survivor (default: every
            other member); members left out stay as they are
    """

    decision: Decision
    reason: str
    survivor_id: None | str | Unset = UNSET
    merged_ids: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        reason = self.reason

        survivor_id: None | str | Unset
        if isinstance(self.survivor_id, Unset):
            survivor_id = UNSET
        else:
            survivor_id = self.survivor_id

        merged_ids: list[str] | None | Unset
        if isinstance(self.merged_ids, Unset):
            merged_ids = UNSET
        elif isinstance(self.merged_ids, list):
            merged_ids = self.merged_ids

        else:
            merged_ids = self.merged_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
                "reason": reason,
            }
        )
        if survivor_id is not UNSET:
            field_dict["survivor_id"] = survivor_id
        if merged_ids is not UNSET:
            field_dict["merged_ids"] = merged_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = Decision(d.pop("decision"))

        reason = d.pop("reason")

        def _parse_survivor_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        survivor_id = _parse_survivor_id(d.pop("survivor_id", UNSET))

        def _parse_merged_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                merged_ids_type_0 = cast(list[str], data)

                return merged_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        merged_ids = _parse_merged_ids(d.pop("merged_ids", UNSET))

        decide_review = cls(
            decision=decision,
            reason=reason,
            survivor_id=survivor_id,
            merged_ids=merged_ids,
        )

        return decide_review
