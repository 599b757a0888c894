from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.incident_category import IncidentCategory
from ..models.incident_severity import IncidentSeverity
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReportIncident")


@_attrs_define
class ReportIncident:
    """A worker's grievance or emergency, as an officer records it.

    Attributes:
        category (IncidentCategory): What went wrong for a worker abroad.
        severity (IncidentSeverity): How urgent an incident is; it sets the response deadlines.
        description (str):
        occurred_on (datetime.date | None | Unset):
        reported_at (datetime.datetime | None | Unset): When the worker or family reported it, if it is recorded later
            (a call taken on the road): its deadlines run from then. Default: now
        assignee (None | str | Unset):
    """

    category: IncidentCategory
    severity: IncidentSeverity
    description: str
    occurred_on: datetime.date | None | Unset = UNSET
    reported_at: datetime.datetime | None | Unset = UNSET
    assignee: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category = self.category.value

        severity = self.severity.value

        description = self.description

        occurred_on: None | str | Unset
        if isinstance(self.occurred_on, Unset):
            occurred_on = UNSET
        elif isinstance(self.occurred_on, datetime.date):
            occurred_on = self.occurred_on.isoformat()
        else:
            occurred_on = self.occurred_on

        reported_at: None | str | Unset
        if isinstance(self.reported_at, Unset):
            reported_at = UNSET
        elif isinstance(self.reported_at, datetime.datetime):
            reported_at = self.reported_at.isoformat()
        else:
            reported_at = self.reported_at

        assignee: None | str | Unset
        if isinstance(self.assignee, Unset):
            assignee = UNSET
        else:
            assignee = self.assignee

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "severity": severity,
                "description": description,
            }
        )
        if occurred_on is not UNSET:
            field_dict["occurred_on"] = occurred_on
        if reported_at is not UNSET:
            field_dict["reported_at"] = reported_at
        if assignee is not UNSET:
            field_dict["assignee"] = assignee

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = IncidentCategory(d.pop("category"))

        severity = IncidentSeverity(d.pop("severity"))

        description = d.pop("description")

        def _parse_occurred_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_on_type_0 = datetime.date.fromisoformat(data)

                return occurred_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        occurred_on = _parse_occurred_on(d.pop("occurred_on", UNSET))

        def _parse_reported_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reported_at_type_0 = datetime.datetime.fromisoformat(data)

                return reported_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        reported_at = _parse_reported_at(d.pop("reported_at", UNSET))

        def _parse_assignee(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        assignee = _parse_assignee(d.pop("assignee", UNSET))

        report_incident = cls(
            category=category,
            severity=severity,
            description=description,
            occurred_on=occurred_on,
            reported_at=reported_at,
            assignee=assignee,
        )

        return report_incident
