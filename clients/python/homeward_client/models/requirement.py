from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.evidence import Evidence
from ..models.language import Language
from ..types import UNSET, Unset

T = TypeVar("T", bound="Requirement")


@_attrs_define
class Requirement:
    """One thing a market asks of a worker before departure.

    Attributes:
        code (str):
        description (str):
        evidence (Evidence): What proves a requirement: a certified course of a kind, or an employer's assessment.
        language (Language | None | Unset):
        min_levels (list[str] | Unset):
        for_market (bool | Unset):  Default: False.
        valid_for_years (int | None | Unset):
    """

    code: str
    description: str
    evidence: Evidence
    language: Language | None | Unset = UNSET
    min_levels: list[str] | Unset = UNSET
    for_market: bool | Unset = False
    valid_for_years: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        description = self.description

        evidence = self.evidence.value

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, Language):
            language = self.language.value
        else:
            language = self.language

        min_levels: list[str] | Unset = UNSET
        if not isinstance(self.min_levels, Unset):
            min_levels = self.min_levels

        for_market = self.for_market

        valid_for_years: int | None | Unset
        if isinstance(self.valid_for_years, Unset):
            valid_for_years = UNSET
        else:
            valid_for_years = self.valid_for_years

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "description": description,
                "evidence": evidence,
            }
        )
        if language is not UNSET:
            field_dict["language"] = language
        if min_levels is not UNSET:
            field_dict["min_levels"] = min_levels
        if for_market is not UNSET:
            field_dict["for_market"] = for_market
        if valid_for_years is not UNSET:
            field_dict["valid_for_years"] = valid_for_years

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        description = d.pop("description")

        evidence = Evidence(d.pop("evidence"))

        def _parse_language(data: object) -> Language | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = Language(data)

                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Language | None | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        min_levels = cast(list[str], d.pop("min_levels", UNSET))

        for_market = d.pop("for_market", UNSET)

        def _parse_valid_for_years(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        valid_for_years = _parse_valid_for_years(d.pop("valid_for_years", UNSET))

        requirement = cls(
            code=code,
            description=description,
            evidence=evidence,
            language=language,
            min_levels=min_levels,
            for_market=for_market,
            valid_for_years=valid_for_years,
        )

        requirement.additional_properties = d
        return requirement

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
