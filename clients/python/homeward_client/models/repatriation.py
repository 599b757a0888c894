from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.cost_bearer import CostBearer
from ..models.repatriation_arrangement import RepatriationArrangement
from ..types import UNSET, Unset

T = TypeVar("T", bound="Repatriation")


@_attrs_define
class Repatriation:
    """How the worker comes home: the arrangement, the expected day, who pays.

    Attributes:
        arrangement (RepatriationArrangement): How a worker who died abroad comes home, or does not.
        expected_on (datetime.date | None | Unset):
        cost_bearers (list[CostBearer] | Unset):
    """

    arrangement: RepatriationArrangement
    expected_on: datetime.date | None | Unset = UNSET
    cost_bearers: list[CostBearer] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        arrangement = self.arrangement.value

        expected_on: None | str | Unset
        if isinstance(self.expected_on, Unset):
            expected_on = UNSET
        elif isinstance(self.expected_on, datetime.date):
            expected_on = self.expected_on.isoformat()
        else:
            expected_on = self.expected_on

        cost_bearers: list[str] | Unset = UNSET
        if not isinstance(self.cost_bearers, Unset):
            cost_bearers = []
            for cost_bearers_item_data in self.cost_bearers:
                cost_bearers_item = cost_bearers_item_data.value
                cost_bearers.append(cost_bearers_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "arrangement": arrangement,
            }
        )
        if expected_on is not UNSET:
            field_dict["expected_on"] = expected_on
        if cost_bearers is not UNSET:
            field_dict["cost_bearers"] = cost_bearers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        arrangement = RepatriationArrangement(d.pop("arrangement"))

        def _parse_expected_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expected_on_type_0 = datetime.date.fromisoformat(data)

                return expected_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expected_on = _parse_expected_on(d.pop("expected_on", UNSET))

        _cost_bearers = d.pop("cost_bearers", UNSET)
        cost_bearers: list[CostBearer] | Unset = UNSET
        if _cost_bearers is not UNSET:
            cost_bearers = []
            for cost_bearers_item_data in _cost_bearers:
                cost_bearers_item = CostBearer(cost_bearers_item_data)

                cost_bearers.append(cost_bearers_item)

        repatriation = cls(
            arrangement=arrangement,
            expected_on=expected_on,
            cost_bearers=cost_bearers,
        )

        return repatriation
