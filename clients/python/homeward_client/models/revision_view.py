from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.revision_view_changes_item import RevisionViewChangesItem


T = TypeVar("T", bound="RevisionView")


@_attrs_define
class RevisionView:
    """A correction as the audit trail shows it (national ID and phones masked).

    Attributes:
        number (int):
        by (str):
        at (datetime.datetime):
        reason (None | str):
        changes (list[RevisionViewChangesItem]):
    """

    number: int
    by: str
    at: datetime.datetime
    reason: None | str
    changes: list[RevisionViewChangesItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        by = self.by

        at = self.at.isoformat()

        reason: None | str
        reason = self.reason

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number": number,
                "by": by,
                "at": at,
                "reason": reason,
                "changes": changes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.revision_view_changes_item import RevisionViewChangesItem  # noqa: PLC0415

        d = dict(src_dict)
        number = d.pop("number")

        by = d.pop("by")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = RevisionViewChangesItem.from_dict(changes_item_data)

            changes.append(changes_item)

        revision_view = cls(
            number=number,
            by=by,
            at=at,
            reason=reason,
            changes=changes,
        )

        revision_view.additional_properties = d
        return revision_view

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
