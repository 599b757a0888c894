from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.assessment_kind import AssessmentKind
from ..models.market import Market

T = TypeVar("T", bound="AssessmentView")


@_attrs_define
class AssessmentView:
    """An assessment and whether it was passed.

    Attributes:
        assessment_id (str):
        kind (AssessmentKind): Who assessed the worker, and what the result decides.
        enrolment_id (None | str):
        course_id (None | str):
        market (Market | None):
        assessor (str):
        score (float):
        max_score (float):
        pass_mark (float):
        passed (bool):
        assessed_on (datetime.date):
        recorded_at (datetime.datetime):
    """

    assessment_id: str
    kind: AssessmentKind
    enrolment_id: None | str
    course_id: None | str
    market: Market | None
    assessor: str
    score: float
    max_score: float
    pass_mark: float
    passed: bool
    assessed_on: datetime.date
    recorded_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        assessment_id = self.assessment_id

        kind = self.kind.value

        enrolment_id: None | str
        enrolment_id = self.enrolment_id

        course_id: None | str
        course_id = self.course_id

        market: None | str
        if isinstance(self.market, Market):
            market = self.market.value
        else:
            market = self.market

        assessor = self.assessor

        score = self.score

        max_score = self.max_score

        pass_mark = self.pass_mark

        passed = self.passed

        assessed_on = self.assessed_on.isoformat()

        recorded_at = self.recorded_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "assessment_id": assessment_id,
                "kind": kind,
                "enrolment_id": enrolment_id,
                "course_id": course_id,
                "market": market,
                "assessor": assessor,
                "score": score,
                "max_score": max_score,
                "pass_mark": pass_mark,
                "passed": passed,
                "assessed_on": assessed_on,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        assessment_id = d.pop("assessment_id")

        kind = AssessmentKind(d.pop("kind"))

        def _parse_enrolment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        enrolment_id = _parse_enrolment_id(d.pop("enrolment_id"))

        def _parse_course_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        course_id = _parse_course_id(d.pop("course_id"))

        def _parse_market(data: object) -> Market | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                market_type_0 = Market(data)

                return market_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Market | None, data)

        market = _parse_market(d.pop("market"))

        assessor = d.pop("assessor")

        score = d.pop("score")

        max_score = d.pop("max_score")

        pass_mark = d.pop("pass_mark")

        passed = d.pop("passed")

        assessed_on = datetime.date.fromisoformat(d.pop("assessed_on"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        assessment_view = cls(
            assessment_id=assessment_id,
            kind=kind,
            enrolment_id=enrolment_id,
            course_id=course_id,
            market=market,
            assessor=assessor,
            score=score,
            max_score=max_score,
            pass_mark=pass_mark,
            passed=passed,
            assessed_on=assessed_on,
            recorded_at=recorded_at,
        )

        assessment_view.additional_properties = d
        return assessment_view

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
