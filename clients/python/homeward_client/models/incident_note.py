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

T = TypeVar("T", bound="IncidentNote")


@_attrs_define
class IncidentNote:
    """What the case knows of one incident, from the incident's events.

    Attributes:
        incident_id (str):
        ticket (str):
        category (IncidentCategory): What went wrong for a worker abroad.
        severity (IncidentSeverity): How urgent an incident is; it sets the response deadlines.
        reported_at (datetime.datetime):
        status (IncidentStatus | Unset): Where an incident stands: open -> in_progress -> resolved -> closed.
        escalated_to (EscalationLevel | None | Unset):
    """

    incident_id: str
    ticket: str
    category: IncidentCategory
    severity: IncidentSeverity
    reported_at: datetime.datetime
    status: IncidentStatus | Unset = UNSET
    escalated_to: EscalationLevel | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        incident_id = self.incident_id

        ticket = self.ticket

        category = self.category.value

        severity = self.severity.value

        reported_at = self.reported_at.isoformat()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        escalated_to: None | str | Unset
        if isinstance(self.escalated_to, Unset):
            escalated_to = UNSET
        elif isinstance(self.escalated_to, EscalationLevel):
            escalated_to = self.escalated_to.value
        else:
            escalated_to = self.escalated_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "incident_id": incident_id,
                "ticket": ticket,
                "category": category,
                "severity": severity,
                "reported_at": reported_at,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if escalated_to is not UNSET:
            field_dict["escalated_to"] = escalated_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        incident_id = d.pop("incident_id")

        ticket = d.pop("ticket")

        category = IncidentCategory(d.pop("category"))

        severity = IncidentSeverity(d.pop("severity"))

        reported_at = datetime.datetime.fromisoformat(d.pop("reported_at"))

        _status = d.pop("status", UNSET)
        status: IncidentStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = IncidentStatus(_status)

        def _parse_escalated_to(data: object) -> EscalationLevel | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                escalated_to_type_0 = EscalationLevel(data)

                return escalated_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EscalationLevel | None | Unset, data)

        escalated_to = _parse_escalated_to(d.pop("escalated_to", UNSET))

        incident_note = cls(
            incident_id=incident_id,
            ticket=ticket,
            category=category,
            severity=severity,
            reported_at=reported_at,
            status=status,
            escalated_to=escalated_to,
        )

        incident_note.additional_properties = d
        return incident_note

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
