from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.erasure_grounds import ErasureGrounds

T = TypeVar("T", bound="EraseWorker")


@_attrs_define
class EraseWorker:
    """An erasure: on which grounds, and who decided it.

    Attributes:
        grounds (ErasureGrounds): Why a worker's personal data was erased (Law No. 91/2025/QH15).
    """

    grounds: ErasureGrounds

    def to_dict(self) -> dict[str, Any]:
        grounds = self.grounds.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "grounds": grounds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grounds = ErasureGrounds(d.pop("grounds"))

        erase_worker = cls(
            grounds=grounds,
        )

        return erase_worker
