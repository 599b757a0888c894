from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_row_view_problems_item import ImportRowViewProblemsItem


T = TypeVar("T", bound="ImportRowView")


@_attrs_define
class ImportRowView:
    """What one row of an import became (row numbers as the spreadsheet shows them).

    Attributes:
        row (int):
        outcome (str):
        worker_id (None | str | Unset):
        duplicate_of (None | str | Unset):
        likely_duplicates (list[str] | Unset):
        problems (list[ImportRowViewProblemsItem] | Unset):
    """

    row: int
    outcome: str
    worker_id: None | str | Unset = UNSET
    duplicate_of: None | str | Unset = UNSET
    likely_duplicates: list[str] | Unset = UNSET
    problems: list[ImportRowViewProblemsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        row = self.row

        outcome = self.outcome

        worker_id: None | str | Unset
        if isinstance(self.worker_id, Unset):
            worker_id = UNSET
        else:
            worker_id = self.worker_id

        duplicate_of: None | str | Unset
        if isinstance(self.duplicate_of, Unset):
            duplicate_of = UNSET
        else:
            duplicate_of = self.duplicate_of

        likely_duplicates: list[str] | Unset = UNSET
        if not isinstance(self.likely_duplicates, Unset):
            likely_duplicates = self.likely_duplicates

        problems: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.problems, Unset):
            problems = []
            for problems_item_data in self.problems:
                problems_item = problems_item_data.to_dict()
                problems.append(problems_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "row": row,
                "outcome": outcome,
            }
        )
        if worker_id is not UNSET:
            field_dict["worker_id"] = worker_id
        if duplicate_of is not UNSET:
            field_dict["duplicate_of"] = duplicate_of
        if likely_duplicates is not UNSET:
            field_dict["likely_duplicates"] = likely_duplicates
        if problems is not UNSET:
            field_dict["problems"] = problems

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_row_view_problems_item import ImportRowViewProblemsItem  # noqa: PLC0415

        d = dict(src_dict)
        row = d.pop("row")

        outcome = d.pop("outcome")

        def _parse_worker_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        worker_id = _parse_worker_id(d.pop("worker_id", UNSET))

        def _parse_duplicate_of(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        duplicate_of = _parse_duplicate_of(d.pop("duplicate_of", UNSET))

        likely_duplicates = cast(list[str], d.pop("likely_duplicates", UNSET))

        _problems = d.pop("problems", UNSET)
        problems: list[ImportRowViewProblemsItem] | Unset = UNSET
        if _problems is not UNSET:
            problems = []
            for problems_item_data in _problems:
                problems_item = ImportRowViewProblemsItem.from_dict(problems_item_data)

                problems.append(problems_item)

        import_row_view = cls(
            row=row,
            outcome=outcome,
            worker_id=worker_id,
            duplicate_of=duplicate_of,
            likely_duplicates=likely_duplicates,
            problems=problems,
        )

        import_row_view.additional_properties = d
        return import_row_view

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
