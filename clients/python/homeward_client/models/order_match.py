from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.market import Market

if TYPE_CHECKING:
    from ..models.reason import Reason


T = TypeVar("T", bound="OrderMatch")


@_attrs_define
class OrderMatch:
    """A job order considered for a worker, ranked, with the reasons.

    Attributes:
        job_order_id (str):
        enterprise_id (str):
        country (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        employer (str):
        rank (int):
        fits (bool):
        preferences_met (int):
        reasons (list[Reason]):
    """

    job_order_id: str
    enterprise_id: str
    country: Market
    employer: str
    rank: int
    fits: bool
    preferences_met: int
    reasons: list[Reason]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_order_id = self.job_order_id

        enterprise_id = self.enterprise_id

        country = self.country.value

        employer = self.employer

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
                "job_order_id": job_order_id,
                "enterprise_id": enterprise_id,
                "country": country,
                "employer": employer,
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
        job_order_id = d.pop("job_order_id")

        enterprise_id = d.pop("enterprise_id")

        country = Market(d.pop("country"))

        employer = d.pop("employer")

        rank = d.pop("rank")

        fits = d.pop("fits")

        preferences_met = d.pop("preferences_met")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = Reason.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        order_match = cls(
            job_order_id=job_order_id,
            enterprise_id=enterprise_id,
            country=country,
            employer=employer,
            rank=rank,
            fits=fits,
            preferences_met=preferences_met,
            reasons=reasons,
        )

        order_match.additional_properties = d
        return order_match

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
