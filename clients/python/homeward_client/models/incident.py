from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.incident_category import IncidentCategory
from ..models.incident_severity import IncidentSeverity
from ..models.incident_status import IncidentStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.aftercare_status_change import AftercareStatusChange
    from ..models.escalation import Escalation
    from ..models.follow_up import FollowUp


T = TypeVar("T", bound="Incident")


@_attrs_define
class Incident:
    """One incident and everything done about it.

    Attributes:
        incident_id (str):
        ticket (str):
        worker_id (str):
        placement_id (str):
        category (IncidentCategory): What went wrong for a worker abroad.
        severity (IncidentSeverity): How urgent an incident is; it sets the response deadlines.
        description (str):
        reported_by (str):
        reported_at (datetime.datetime):
        respond_by (datetime.datetime):
        resolve_by (datetime.datetime):
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
        occurred_on (datetime.date | None | Unset):
        status (IncidentStatus | Unset): Where an incident stands: open -> in_progress -> resolved -> closed.
        assignee (None | str | Unset):
        responded_at (datetime.datetime | None | Unset):
        resolved_at (datetime.datetime | None | Unset):
        closed_at (datetime.datetime | None | Unset):
        history (list[AftercareStatusChange] | Unset):
        follow_ups (list[FollowUp] | Unset):
        escalations (list[Escalation] | Unset):
    """

    incident_id: str
    ticket: str
    worker_id: str
    placement_id: str
    category: IncidentCategory
    severity: IncidentSeverity
    description: str
    reported_by: str
    reported_at: datetime.datetime
    respond_by: datetime.datetime
    resolve_by: datetime.datetime
    province_code: None | str | Unset = UNSET
    commune_code: None | str | Unset = UNSET
    occurred_on: datetime.date | None | Unset = UNSET
    status: IncidentStatus | Unset = UNSET
    assignee: None | str | Unset = UNSET
    responded_at: datetime.datetime | None | Unset = UNSET
    resolved_at: datetime.datetime | None | Unset = UNSET
    closed_at: datetime.datetime | None | Unset = UNSET
    history: list[AftercareStatusChange] | Unset = UNSET
    follow_ups: list[FollowUp] | Unset = UNSET
    escalations: list[Escalation] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        incident_id = self.incident_id

        ticket = self.ticket

        worker_id = self.worker_id

        placement_id = self.placement_id

        category = self.category.value

        severity = self.severity.value

        description = self.description

        reported_by = self.reported_by

        reported_at = self.reported_at.isoformat()

        respond_by = self.respond_by.isoformat()

        resolve_by = self.resolve_by.isoformat()

        province_code: None | str | Unset
        if isinstance(self.province_code, Unset):
            province_code = UNSET
        else:
            province_code = self.province_code

        commune_code: None | str | Unset
        if isinstance(self.commune_code, Unset):
            commune_code = UNSET
        else:
            commune_code = self.commune_code

        occurred_on: None | str | Unset
        if isinstance(self.occurred_on, Unset):
            occurred_on = UNSET
        elif isinstance(self.occurred_on, datetime.date):
            occurred_on = self.occurred_on.isoformat()
        else:
            occurred_on = self.occurred_on

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        assignee: None | str | Unset
        if isinstance(self.assignee, Unset):
            assignee = UNSET
        else:
            assignee = self.assignee

        responded_at: None | str | Unset
        if isinstance(self.responded_at, Unset):
            responded_at = UNSET
        elif isinstance(self.responded_at, datetime.datetime):
            responded_at = self.responded_at.isoformat()
        else:
            responded_at = self.responded_at

        resolved_at: None | str | Unset
        if isinstance(self.resolved_at, Unset):
            resolved_at = UNSET
        elif isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        closed_at: None | str | Unset
        if isinstance(self.closed_at, Unset):
            closed_at = UNSET
        elif isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        history: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.history, Unset):
            history = []
            for history_item_data in self.history:
                history_item = history_item_data.to_dict()
                history.append(history_item)

        follow_ups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.follow_ups, Unset):
            follow_ups = []
            for follow_ups_item_data in self.follow_ups:
                follow_ups_item = follow_ups_item_data.to_dict()
                follow_ups.append(follow_ups_item)

        escalations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.escalations, Unset):
            escalations = []
            for escalations_item_data in self.escalations:
                escalations_item = escalations_item_data.to_dict()
                escalations.append(escalations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "incident_id": incident_id,
                "ticket": ticket,
                "worker_id": worker_id,
                "placement_id": placement_id,
                "category": category,
                "severity": severity,
                "description": description,
                "reported_by": reported_by,
                "reported_at": reported_at,
                "respond_by": respond_by,
                "resolve_by": resolve_by,
            }
        )
        if province_code is not UNSET:
            field_dict["province_code"] = province_code
        if commune_code is not UNSET:
            field_dict["commune_code"] = commune_code
        if occurred_on is not UNSET:
            field_dict["occurred_on"] = occurred_on
        if status is not UNSET:
            field_dict["status"] = status
        if assignee is not UNSET:
            field_dict["assignee"] = assignee
        if responded_at is not UNSET:
            field_dict["responded_at"] = responded_at
        if resolved_at is not UNSET:
            field_dict["resolved_at"] = resolved_at
        if closed_at is not UNSET:
            field_dict["closed_at"] = closed_at
        if history is not UNSET:
            field_dict["history"] = history
        if follow_ups is not UNSET:
            field_dict["follow_ups"] = follow_ups
        if escalations is not UNSET:
            field_dict["escalations"] = escalations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aftercare_status_change import AftercareStatusChange  # noqa: PLC0415
        from ..models.escalation import Escalation  # noqa: PLC0415
        from ..models.follow_up import FollowUp  # noqa: PLC0415

        d = dict(src_dict)
        incident_id = d.pop("incident_id")

        ticket = d.pop("ticket")

        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        category = IncidentCategory(d.pop("category"))

        severity = IncidentSeverity(d.pop("severity"))

        description = d.pop("description")

        reported_by = d.pop("reported_by")

        reported_at = datetime.datetime.fromisoformat(d.pop("reported_at"))

        respond_by = datetime.datetime.fromisoformat(d.pop("respond_by"))

        resolve_by = datetime.datetime.fromisoformat(d.pop("resolve_by"))

        def _parse_province_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        province_code = _parse_province_code(d.pop("province_code", UNSET))

        def _parse_commune_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commune_code = _parse_commune_code(d.pop("commune_code", UNSET))

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

        _status = d.pop("status", UNSET)
        status: IncidentStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = IncidentStatus(_status)

        def _parse_assignee(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        assignee = _parse_assignee(d.pop("assignee", UNSET))

        def _parse_responded_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                responded_at_type_0 = datetime.datetime.fromisoformat(data)

                return responded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        responded_at = _parse_responded_at(d.pop("responded_at", UNSET))

        def _parse_resolved_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at", UNSET))

        def _parse_closed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        closed_at = _parse_closed_at(d.pop("closed_at", UNSET))

        _history = d.pop("history", UNSET)
        history: list[AftercareStatusChange] | Unset = UNSET
        if _history is not UNSET:
            history = []
            for history_item_data in _history:
                history_item = AftercareStatusChange.from_dict(history_item_data)

                history.append(history_item)

        _follow_ups = d.pop("follow_ups", UNSET)
        follow_ups: list[FollowUp] | Unset = UNSET
        if _follow_ups is not UNSET:
            follow_ups = []
            for follow_ups_item_data in _follow_ups:
                follow_ups_item = FollowUp.from_dict(follow_ups_item_data)

                follow_ups.append(follow_ups_item)

        _escalations = d.pop("escalations", UNSET)
        escalations: list[Escalation] | Unset = UNSET
        if _escalations is not UNSET:
            escalations = []
            for escalations_item_data in _escalations:
                escalations_item = Escalation.from_dict(escalations_item_data)

                escalations.append(escalations_item)

        incident = cls(
            incident_id=incident_id,
            ticket=ticket,
            worker_id=worker_id,
            placement_id=placement_id,
            category=category,
            severity=severity,
            description=description,
            reported_by=reported_by,
            reported_at=reported_at,
            respond_by=respond_by,
            resolve_by=resolve_by,
            province_code=province_code,
            commune_code=commune_code,
            occurred_on=occurred_on,
            status=status,
            assignee=assignee,
            responded_at=responded_at,
            resolved_at=resolved_at,
            closed_at=closed_at,
            history=history,
            follow_ups=follow_ups,
            escalations=escalations,
        )

        incident.additional_properties = d
        return incident

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
