from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ShortlistWorker")


@_attrs_define
class ShortlistWorker:
    """The worker to shortlist for a job order.

    Attributes:
        worker_id (str):
    """

    worker_id: str

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "worker_id": worker_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        shortlist_worker = cls(
            worker_id=worker_id,
        )

        return shortlist_worker
