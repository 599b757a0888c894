from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.language import Language
from ..models.market import Market

if TYPE_CHECKING:
    from ..models.requirement_view import RequirementView


T = TypeVar("T", bound="MarketReadinessView")


@_attrs_define
class MarketReadinessView:
    """Whether the worker meets one market, and whether ``worker.trained`` was sent for it.

    Attributes:
        market (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        met (bool):
        announced (bool):
        language (Language | None):
        language_level (None | str):
        requirements (list[RequirementView]):
    """

    market: Market
    met: bool
    announced: bool
    language: Language | None
    language_level: None | str
    requirements: list[RequirementView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        market = self.market.value

        met = self.met

        announced = self.announced

        language: None | str
        if isinstance(self.language, Language):
            language = self.language.value
        else:
            language = self.language

        language_level: None | str
        language_level = self.language_level

        requirements = []
        for requirements_item_data in self.requirements:
            requirements_item = requirements_item_data.to_dict()
            requirements.append(requirements_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "market": market,
                "met": met,
                "announced": announced,
                "language": language,
                "language_level": language_level,
                "requirements": requirements,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.requirement_view import RequirementView  # noqa: PLC0415

        d = dict(src_dict)
        market = Market(d.pop("market"))

        met = d.pop("met")

        announced = d.pop("announced")

        def _parse_language(data: object) -> Language | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = Language(data)

                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Language | None, data)

        language = _parse_language(d.pop("language"))

        def _parse_language_level(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        language_level = _parse_language_level(d.pop("language_level"))

        requirements = []
        _requirements = d.pop("requirements")
        for requirements_item_data in _requirements:
            requirements_item = RequirementView.from_dict(requirements_item_data)

            requirements.append(requirements_item)

        market_readiness_view = cls(
            market=market,
            met=met,
            announced=announced,
            language=language,
            language_level=language_level,
            requirements=requirements,
        )

        market_readiness_view.additional_properties = d
        return market_readiness_view

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
