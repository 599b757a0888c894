from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Piece")


@_attrs_define
class Piece:
    """One record a service keeps about the worker.

    Attributes:
        service (str):
        where (str): The collection (or topic) holding it
        what (str):
        purposes (list[str]):
        retention (str):
        data (Any): The record as stored, bookkeeping left out
    """

    service: str
    where: str
    what: str
    purposes: list[str]
    retention: str
    data: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        where = self.where

        what = self.what

        purposes = self.purposes

        retention = self.retention

        data = self.data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "where": where,
                "what": what,
                "purposes": purposes,
                "retention": retention,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service = d.pop("service")

        where = d.pop("where")

        what = d.pop("what")

        purposes = cast(list[str], d.pop("purposes"))

        retention = d.pop("retention")

        data = d.pop("data")

        piece = cls(
            service=service,
            where=where,
            what=what,
            purposes=purposes,
            retention=retention,
            data=data,
        )

        piece.additional_properties = d
        return piece

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
