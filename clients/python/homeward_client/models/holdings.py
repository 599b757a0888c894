from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.piece import Piece


T = TypeVar("T", bound="Holdings")


@_attrs_define
class Holdings:
    """What one service holds about a worker (its internal read).

    Attributes:
        service (str):
        worker_id (str):
        pieces (list[Piece]):
    """

    service: str
    worker_id: str
    pieces: list[Piece]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        worker_id = self.worker_id

        pieces = []
        for pieces_item_data in self.pieces:
            pieces_item = pieces_item_data.to_dict()
            pieces.append(pieces_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "worker_id": worker_id,
                "pieces": pieces,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.piece import Piece  # noqa: PLC0415

        d = dict(src_dict)
        service = d.pop("service")

        worker_id = d.pop("worker_id")

        pieces = []
        _pieces = d.pop("pieces")
        for pieces_item_data in _pieces:
            pieces_item = Piece.from_dict(pieces_item_data)

            pieces.append(pieces_item)

        holdings = cls(
            service=service,
            worker_id=worker_id,
            pieces=pieces,
        )

        holdings.additional_properties = d
        return holdings

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
