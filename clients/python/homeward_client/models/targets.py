from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.targets_communes import TargetsCommunes


T = TypeVar("T", bound="Targets")


@_attrs_define
class Targets:
    """One version of a period's targets.

    Attributes:
        province_code (str):
        period (str):
        starts_on (datetime.date):
        ends_on (datetime.date):
        version (int):
        province_target (int):
        communes (TargetsCommunes):
        set_by (str):
        set_at (datetime.datetime):
        note (None | str | Unset):
    """

    province_code: str
    period: str
    starts_on: datetime.date
    ends_on: datetime.date
    version: int
    province_target: int
    communes: TargetsCommunes
    set_by: str
    set_at: datetime.datetime
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        province_code = self.province_code

        period = self.period

        starts_on = self.starts_on.isoformat()

        ends_on = self.ends_on.isoformat()

        version = self.version

        province_target = self.province_target

        communes = self.communes.to_dict()

        set_by = self.set_by

        set_at = self.set_at.isoformat()

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "province_code": province_code,
                "period": period,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "version": version,
                "province_target": province_target,
                "communes": communes,
                "set_by": set_by,
                "set_at": set_at,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.targets_communes import TargetsCommunes  # noqa: PLC0415

        d = dict(src_dict)
        province_code = d.pop("province_code")

        period = d.pop("period")

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        ends_on = datetime.date.fromisoformat(d.pop("ends_on"))

        version = d.pop("version")

        province_target = d.pop("province_target")

        communes = TargetsCommunes.from_dict(d.pop("communes"))

        set_by = d.pop("set_by")

        set_at = datetime.datetime.fromisoformat(d.pop("set_at"))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        targets = cls(
            province_code=province_code,
            period=period,
            starts_on=starts_on,
            ends_on=ends_on,
            version=version,
            province_target=province_target,
            communes=communes,
            set_by=set_by,
            set_at=set_at,
            note=note,
        )

        targets.additional_properties = d
        return targets

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
