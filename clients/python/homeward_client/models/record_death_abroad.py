from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.family_support import FamilySupport

if TYPE_CHECKING:
    from ..models.repatriation import Repatriation


T = TypeVar("T", bound="RecordDeathAbroad")


@_attrs_define
class RecordDeathAbroad:
    """A worker died abroad: the day, the repatriation, and the family's support plan.

    Attributes:
        died_on (datetime.date):
        repatriation (Repatriation): How the worker comes home: the arrangement, the expected day, who pays.
        family_support (list[FamilySupport]):
    """

    died_on: datetime.date
    repatriation: Repatriation
    family_support: list[FamilySupport]

    def to_dict(self) -> dict[str, Any]:
        died_on = self.died_on.isoformat()

        repatriation = self.repatriation.to_dict()

        family_support = []
        for family_support_item_data in self.family_support:
            family_support_item = family_support_item_data.value
            family_support.append(family_support_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "died_on": died_on,
                "repatriation": repatriation,
                "family_support": family_support,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.repatriation import Repatriation  # noqa: PLC0415

        d = dict(src_dict)
        died_on = datetime.date.fromisoformat(d.pop("died_on"))

        repatriation = Repatriation.from_dict(d.pop("repatriation"))

        family_support = []
        _family_support = d.pop("family_support")
        for family_support_item_data in _family_support:
            family_support_item = FamilySupport(family_support_item_data)

            family_support.append(family_support_item)

        record_death_abroad = cls(
            died_on=died_on,
            repatriation=repatriation,
            family_support=family_support,
        )

        return record_death_abroad
