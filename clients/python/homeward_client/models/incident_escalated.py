from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.escalation_level import EscalationLevel
from ..models.incident_category import IncidentCategory
from ..models.incident_severity import IncidentSeverity
from ..models.incident_status import IncidentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="IncidentEscalated")


@_attrs_define
class IncidentEscalated:
    """An overdue incident was escalated to the centre or the province (once per level).

    Attributes:
        worker_id (str):
        incident_id (str):
        ticket (str):
        level (EscalationLevel): Who an overdue incident is escalated to: the centre first, then the province.
        category (IncidentCategory): What went wrong for a worker abroad.
        severity (IncidentSeverity): How urgent an incident is; it sets the response deadlines.
        status (IncidentStatus): Where an incident stands: open -> in_progress -> resolved -> closed.
        reported_at (datetime.datetime):
        missed_deadline (datetime.datetime):
        escalated_at (datetime.datetime):
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
    """

    worker_id: str
    incident_id: str
    ticket: str
    level: EscalationLevel
    category: IncidentCategory
    severity: IncidentSeverity
    status: IncidentStatus
    reported_at: datetime.datetime
    missed_deadline: datetime.datetime
    escalated_at: datetime.datetime
    province_code: None | str | Unset = UNSET
    commune_code: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        incident_id = self.incident_id

        ticket = self.ticket

        level = self.level.value

        category = self.category.value

        severity = self.severity.value

        status = self.status.value

        reported_at = self.reported_at.isoformat()

        missed_deadline = self.missed_deadline.isoformat()

        escalated_at = self.escalated_at.isoformat()

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "incident_id": incident_id,
                "ticket": ticket,
                "level": level,
                "category": category,
                "severity": severity,
                "status": status,
                "reported_at": reported_at,
                "missed_deadline": missed_deadline,
                "escalated_at": escalated_at,
            }
        )
        if province_code is not UNSET:
            field_dict["province_code"] = province_code
        if commune_code is not UNSET:
            field_dict["commune_code"] = commune_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        incident_id = d.pop("incident_id")

        ticket = d.pop("ticket")

        level = EscalationLevel(d.pop("level"))

        category = IncidentCategory(d.pop("category"))

        severity = IncidentSeverity(d.pop("severity"))

        status = IncidentStatus(d.pop("status"))

        reported_at = datetime.datetime.fromisoformat(d.pop("reported_at"))

        missed_deadline = datetime.datetime.fromisoformat(d.pop("missed_deadline"))

        escalated_at = datetime.datetime.fromisoformat(d.pop("escalated_at"))

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

        incident_escalated = cls(
            worker_id=worker_id,
            incident_id=incident_id,
            ticket=ticket,
            level=level,
            category=category,
            severity=severity,
            status=status,
            reported_at=reported_at,
            missed_deadline=missed_deadline,
            escalated_at=escalated_at,
            province_code=province_code,
            commune_code=commune_code,
        )

        incident_escalated.additional_properties = d
        return incident_escalated

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
