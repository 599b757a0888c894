from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.set_targets_communes import SetTargetsCommunes


T = TypeVar("T", bound="SetTargets")


@_attrs_define
class SetTargets:
    """A manager's targets for one period: the province's and each commune's departures.

    Attributes:
        province_target (int): Departures for the province
        communes (SetTargetsCommunes | Unset): Departures per current commune code
        note (None | str | Unset):
    """

    province_target: int
    communes: SetTargetsCommunes | Unset = UNSET
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        province_target = self.province_target

        communes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.communes, Unset):
            communes = self.communes.to_dict()

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "province_target": province_target,
            }
        )
        if communes is not UNSET:
            field_dict["communes"] = communes
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.set_targets_communes import SetTargetsCommunes  # noqa: PLC0415

        d = dict(src_dict)
        province_target = d.pop("province_target")

        _communes = d.pop("communes", UNSET)
        communes: SetTargetsCommunes | Unset
        if isinstance(_communes, Unset):
            communes = UNSET
        else:
            communes = SetTargetsCommunes.from_dict(_communes)

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        set_targets = cls(
            province_target=province_target,
            communes=communes,
            note=note,
        )

        return set_targets
