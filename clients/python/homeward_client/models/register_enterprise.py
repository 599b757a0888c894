from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.sender_kind import SenderKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.licence_terms import LicenceTerms


T = TypeVar("T", bound="RegisterEnterprise")


@_attrs_define
class RegisterEnterprise:
    """A sender of workers abroad and the licence the ministry issued it.

    Attributes:
        name (str):
        licence (LicenceTerms): A sending licence as the ministry issued it (or a state programme's agreement).
        kind (SenderKind | Unset): Who sends workers: a licensed labour-supply enterprise or a state programme.
    """

    name: str
    licence: LicenceTerms
    kind: SenderKind | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        licence = self.licence.to_dict()

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "licence": licence,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.licence_terms import LicenceTerms  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        licence = LicenceTerms.from_dict(d.pop("licence"))

        _kind = d.pop("kind", UNSET)
        kind: SenderKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = SenderKind(_kind)

        register_enterprise = cls(
            name=name,
            licence=licence,
            kind=kind,
        )

        return register_enterprise
