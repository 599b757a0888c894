from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ImportJobView")


@_attrs_define
class ImportJobView:
    """A bulk import: its progress and what its rows became.

    Attributes:
        job_id (str):
        filename (str):
        format_ (str):
        status (str):
        imported_by (str):
        total_rows (int):
        processed_rows (int):
        submitted_at (datetime.datetime):
        results_url (str):
        kind (str | Unset):  Default: 'registrations'.
        created (int | Unset):  Default: 0.
        already_imported (int | Unset):  Default: 0.
        duplicate (int | Unset):  Default: 0.
        rejected (int | Unset):  Default: 0.
        finished_at (datetime.datetime | None | Unset):
        error (None | str | Unset):
    """

    job_id: str
    filename: str
    format_: str
    status: str
    imported_by: str
    total_rows: int
    processed_rows: int
    submitted_at: datetime.datetime
    results_url: str
    kind: str | Unset = "registrations"
    created: int | Unset = 0
    already_imported: int | Unset = 0
    duplicate: int | Unset = 0
    rejected: int | Unset = 0
    finished_at: datetime.datetime | None | Unset = UNSET
    error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        filename = self.filename

        format_ = self.format_

        status = self.status

        imported_by = self.imported_by

        total_rows = self.total_rows

        processed_rows = self.processed_rows

        submitted_at = self.submitted_at.isoformat()

        results_url = self.results_url

        kind = self.kind

        created = self.created

        already_imported = self.already_imported

        duplicate = self.duplicate

        rejected = self.rejected

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "filename": filename,
                "format": format_,
                "status": status,
                "imported_by": imported_by,
                "total_rows": total_rows,
                "processed_rows": processed_rows,
                "submitted_at": submitted_at,
                "results_url": results_url,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if created is not UNSET:
            field_dict["created"] = created
        if already_imported is not UNSET:
            field_dict["already_imported"] = already_imported
        if duplicate is not UNSET:
            field_dict["duplicate"] = duplicate
        if rejected is not UNSET:
            field_dict["rejected"] = rejected
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_id = d.pop("job_id")

        filename = d.pop("filename")

        format_ = d.pop("format")

        status = d.pop("status")

        imported_by = d.pop("imported_by")

        total_rows = d.pop("total_rows")

        processed_rows = d.pop("processed_rows")

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        results_url = d.pop("results_url")

        kind = d.pop("kind", UNSET)

        created = d.pop("created", UNSET)

        already_imported = d.pop("already_imported", UNSET)

        duplicate = d.pop("duplicate", UNSET)

        rejected = d.pop("rejected", UNSET)

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        import_job_view = cls(
            job_id=job_id,
            filename=filename,
            format_=format_,
            status=status,
            imported_by=imported_by,
            total_rows=total_rows,
            processed_rows=processed_rows,
            submitted_at=submitted_at,
            results_url=results_url,
            kind=kind,
            created=created,
            already_imported=already_imported,
            duplicate=duplicate,
            rejected=rejected,
            finished_at=finished_at,
            error=error,
        )

        import_job_view.additional_properties = d
        return import_job_view

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
