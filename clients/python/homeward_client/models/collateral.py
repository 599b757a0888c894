from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.collateral_kind import CollateralKind

T = TypeVar("T", bound="Collateral")


@_attrs_define
class Collateral:
    """What the borrower pledged.

    Attributes:
        kind (CollateralKind): What secures a loan.
        description (str):
        value_vnd (int):
    """

    kind: CollateralKind
    description: str
    value_vnd: int

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        description = self.description

        value_vnd = self.value_vnd

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "description": description,
                "value_vnd": value_vnd,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = CollateralKind(d.pop("kind"))

        description = d.pop("description")

        value_vnd = d.pop("value_vnd")

        collateral = cls(
            kind=kind,
            description=description,
            value_vnd=value_vnd,
        )

        return collateral
