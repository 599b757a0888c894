from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.missing import Missing
    from ..models.piece import Piece


T = TypeVar("T", bound="PersonalDataExport")


@_attrs_define
class PersonalDataExport:
    """Everything Homeward holds about a worker, assembled from every service.

    Attributes:
        worker_id (str):
        exported_at (datetime.datetime):
        exported_by (str):
        complete (bool): False when a service's part is missing (see `missing`)
        pieces (list[Piece]):
        holds_nothing (list[str]): Services asked that hold nothing about the worker
        missing (list[Missing]):
    """

    worker_id: str
    exported_at: datetime.datetime
    exported_by: str
    complete: bool
    pieces: list[Piece]
    holds_nothing: list[str]
    missing: list[Missing]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        exported_at = self.exported_at.isoformat()

        exported_by = self.exported_by

        complete = self.complete

        pieces = []
        for pieces_item_data in self.pieces:
            pieces_item = pieces_item_data.to_dict()
            pieces.append(pieces_item)

        holds_nothing = self.holds_nothing

        missing = []
        for missing_item_data in self.missing:
            missing_item = missing_item_data.to_dict()
            missing.append(missing_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "exported_at": exported_at,
                "exported_by": exported_by,
                "complete": complete,
                "pieces": pieces,
                "holds_nothing": holds_nothing,
                "missing": missing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.missing import Missing  # noqa: PLC0415
        from ..models.piece import Piece  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        exported_at = datetime.datetime.fromisoformat(d.pop("exported_at"))

        exported_by = d.pop("exported_by")

        complete = d.pop("complete")

        pieces = []
        _pieces = d.pop("pieces")
        for pieces_item_data in _pieces:
            pieces_item = Piece.from_dict(pieces_item_data)

            pieces.append(pieces_item)

        holds_nothing = cast(list[str], d.pop("holds_nothing"))

        missing = []
        _missing = d.pop("missing")
        for missing_item_data in _missing:
            missing_item = Missing.from_dict(missing_item_data)

            missing.append(missing_item)

        personal_data_export = cls(
            worker_id=worker_id,
            exported_at=exported_at,
            exported_by=exported_by,
            complete=complete,
            pieces=pieces,
            holds_nothing=holds_nothing,
            missing=missing,
        )

        personal_data_export.additional_properties = d
        return personal_data_export

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
