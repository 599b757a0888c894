from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.assessment_kind import AssessmentKind
from ..models.market import Market
from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessWorker")


@_attrs_define
class AssessWorker:
    """A command: record an assessment's score (for an enrolment, or an employer's own).

    Attributes:
        kind (AssessmentKind): Who assessed the worker, and what the result decides.
        assessor (str): Provider or employer name
        score (float):
        assessed_on (datetime.date):
        enrolment_id (None | str | Unset):
        market (Market | None | Unset):
        max_score (float | None | Unset):
        pass_mark (float | None | Unset):
    """

    kind: AssessmentKind
    assessor: str
    score: float
    assessed_on: datetime.date
    enrolment_id: None | str | Unset = UNSET
    market: Market | None | Unset = UNSET
    max_score: float | None | Unset = UNSET
    pass_mark: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        assessor = self.assessor

        score = self.score

        assessed_on = self.assessed_on.isoformat()

        enrolment_id: None | str | Unset
        if isinstance(self.enrolment_id, Unset):
            enrolment_id = UNSET
        else:
            enrolment_id = self.enrolment_id

        market: None | str | Unset
        if isinstance(self.market, Unset):
            market = UNSET
        elif isinstance(self.market, Market):
            market = self.market.value
        else:
            market = self.market

        max_score: float | None | Unset
        if isinstance(self.max_score, Unset):
            max_score = UNSET
        else:
            max_score = self.max_score

        pass_mark: float | None | Unset
        if isinstance(self.pass_mark, Unset):
            pass_mark = UNSET
        else:
            pass_mark = self.pass_mark

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "assessor": assessor,
                "score": score,
                "assessed_on": assessed_on,
            }
        )
        if enrolment_id is not UNSET:
            field_dict["enrolment_id"] = enrolment_id
        if market is not UNSET:
            field_dict["market"] = market
        if max_score is not UNSET:
            field_dict["max_score"] = max_score
        if pass_mark is not UNSET:
            field_dict["pass_mark"] = pass_mark

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = AssessmentKind(d.pop("kind"))

        assessor = d.pop("assessor")

        score = d.pop("score")

        assessed_on = datetime.date.fromisoformat(d.pop("assessed_on"))

        def _parse_enrolment_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        enrolment_id = _parse_enrolment_id(d.pop("enrolment_id", UNSET))

        def _parse_market(data: object) -> Market | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                market_type_0 = Market(data)

                return market_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Market | None | Unset, data)

        market = _parse_market(d.pop("market", UNSET))

        def _parse_max_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_score = _parse_max_score(d.pop("max_score", UNSET))

        def _parse_pass_mark(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        pass_mark = _parse_pass_mark(d.pop("pass_mark", UNSET))

        assess_worker = cls(
            kind=kind,
            assessor=assessor,
            score=score,
            assessed_on=assessed_on,
            enrolment_id=enrolment_id,
            market=market,
            max_score=max_score,
            pass_mark=pass_mark,
        )

        return assess_worker
