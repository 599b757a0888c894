from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.gender import Gender
from ..types import UNSET, Unset

T = TypeVar("T", bound="Requirements")


@_attrs_define
class Requirements:
    """What a worker must have for the job; every field is optional.

    Attributes:
        gender (Gender | None | Unset):
        min_age (int | None | Unset):
        max_age (int | None | Unset):
        language_level (None | str | Unset): Lowest accepted level, e.g. JLPT-N4, TOPIK-3, EPS-TOPIK
        certificates (list[str] | Unset): Certificate kinds the worker must hold
    """

    gender: Gender | None | Unset = UNSET
    min_age: int | None | Unset = UNSET
    max_age: int | None | Unset = UNSET
    language_level: None | str | Unset = UNSET
    certificates: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        gender: None | str | Unset
        if isinstance(self.gender, Unset):
            gender = UNSET
        elif isinstance(self.gender, Gender):
            gender = self.gender.value
        else:
            gender = self.gender

        min_age: int | None | Unset
        if isinstance(self.min_age, Unset):
            min_age = UNSET
        else:
            min_age = self.min_age

        max_age: int | None | Unset
        if isinstance(self.max_age, Unset):
            max_age = UNSET
        else:
            max_age = self.max_age

        language_level: None | str | Unset
        if isinstance(self.language_level, Unset):
            language_level = UNSET
        else:
            language_level = self.language_level

        certificates: list[str] | Unset = UNSET
        if not isinstance(self.certificates, Unset):
            certificates = self.certificates

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if gender is not UNSET:
            field_dict["gender"] = gender
        if min_age is not UNSET:
            field_dict["min_age"] = min_age
        if max_age is not UNSET:
            field_dict["max_age"] = max_age
        if language_level is not UNSET:
            field_dict["language_level"] = language_level
        if certificates is not UNSET:
            field_dict["certificates"] = certificates

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_gender(data: object) -> Gender | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = Gender(data)

                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Gender | None | Unset, data)

        gender = _parse_gender(d.pop("gender", UNSET))

        def _parse_min_age(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_age = _parse_min_age(d.pop("min_age", UNSET))

        def _parse_max_age(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_age = _parse_max_age(d.pop("max_age", UNSET))

        def _parse_language_level(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language_level = _parse_language_level(d.pop("language_level", UNSET))

        certificates = cast(list[str], d.pop("certificates", UNSET))

        requirements = cls(
            gender=gender,
            min_age=min_age,
            max_age=max_age,
            language_level=language_level,
            certificates=certificates,
        )

        return requirements
