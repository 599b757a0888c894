from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.market import Market

T = TypeVar("T", bound="TrainingView")


@_attrs_define
class TrainingView:
    """A worker's readiness for one market.

    Attributes:
        market (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        language_level (None | str):
        certificates (list[str]):
        trained_at (datetime.datetime):
    """

    market: Market
    language_level: None | str
    certificates: list[str]
    trained_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        market = self.market.value

        language_level: None | str
        language_level = self.language_level

        certificates = self.certificates

        trained_at = self.trained_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "market": market,
                "language_level": language_level,
                "certificates": certificates,
                "trained_at": trained_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        market = Market(d.pop("market"))

        def _parse_language_level(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        language_level = _parse_language_level(d.pop("language_level"))

        certificates = cast(list[str], d.pop("certificates"))

        trained_at = datetime.datetime.fromisoformat(d.pop("trained_at"))

        training_view = cls(
            market=market,
            language_level=language_level,
            certificates=certificates,
            trained_at=trained_at,
        )

        training_view.additional_properties = d
        return training_view

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
