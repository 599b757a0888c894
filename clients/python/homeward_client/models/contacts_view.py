from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.family_contact import FamilyContact


T = TypeVar("T", bound="ContactsView")


@_attrs_define
class ContactsView:
    """How to reach a worker and their family: personal data, served only on this route.

    Attributes:
        worker_id (str):
        phone (None | str):
        family_contact (FamilyContact | None):
    """

    worker_id: str
    phone: None | str
    family_contact: FamilyContact | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.family_contact import FamilyContact  # noqa: PLC0415

        worker_id = self.worker_id

        phone: None | str
        phone = self.phone

        family_contact: dict[str, Any] | None
        if isinstance(self.family_contact, FamilyContact):
            family_contact = self.family_contact.to_dict()
        else:
            family_contact = self.family_contact

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "phone": phone,
                "family_contact": family_contact,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.family_contact import FamilyContact  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_family_contact(data: object) -> FamilyContact | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                family_contact_type_0 = FamilyContact.from_dict(data)

                return family_contact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FamilyContact | None, data)

        family_contact = _parse_family_contact(d.pop("family_contact"))

        contacts_view = cls(
            worker_id=worker_id,
            phone=phone,
            family_contact=family_contact,
        )

        contacts_view.additional_properties = d
        return contacts_view

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
