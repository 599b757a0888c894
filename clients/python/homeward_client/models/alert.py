from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.alert_kind import AlertKind
from ..models.alert_status import AlertStatus
from ..models.resolution import Resolution
from ..types import UNSET, Unset

T = TypeVar("T", bound="Alert")


@_attrs_define
class Alert:
    """One alert in the inboxes of the people whose scope holds its worker.

    Attributes:
        alert_id (str):
        kind (AlertKind): The rule that raised an alert.
        worker_id (str):
        reason (str):
        raised_at (datetime.datetime):
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
        recipients (list[str] | Unset):
        status (AlertStatus | Unset): Where an alert stands: open -> acknowledged -> resolved (or open -> resolved).
        acknowledged_by (None | str | Unset):
        acknowledged_at (datetime.datetime | None | Unset):
        resolution (None | Resolution | Unset):
        resolution_reason (None | str | Unset):
        resolved_by (None | str | Unset):
        resolved_at (datetime.datetime | None | Unset):
    """

    alert_id: str
    kind: AlertKind
    worker_id: str
    reason: str
    raised_at: datetime.datetime
    province_code: None | str | Unset = UNSET
    commune_code: None | str | Unset = UNSET
    recipients: list[str] | Unset = UNSET
    status: AlertStatus | Unset = UNSET
    acknowledged_by: None | str | Unset = UNSET
    acknowledged_at: datetime.datetime | None | Unset = UNSET
    resolution: None | Resolution | Unset = UNSET
    resolution_reason: None | str | Unset = UNSET
    resolved_by: None | str | Unset = UNSET
    resolved_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        alert_id = self.alert_id

        kind = self.kind.value

        worker_id = self.worker_id

        reason = self.reason

        raised_at = self.raised_at.isoformat()

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

        recipients: list[str] | Unset = UNSET
        if not isinstance(self.recipients, Unset):
            recipients = self.recipients

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        acknowledged_by: None | str | Unset
        if isinstance(self.acknowledged_by, Unset):
            acknowledged_by = UNSET
        else:
            acknowledged_by = self.acknowledged_by

        acknowledged_at: None | str | Unset
        if isinstance(self.acknowledged_at, Unset):
            acknowledged_at = UNSET
        elif isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        resolution: None | str | Unset
        if isinstance(self.resolution, Unset):
            resolution = UNSET
        elif isinstance(self.resolution, Resolution):
            resolution = self.resolution.value
        else:
            resolution = self.resolution

        resolution_reason: None | str | Unset
        if isinstance(self.resolution_reason, Unset):
            resolution_reason = UNSET
        else:
            resolution_reason = self.resolution_reason

        resolved_by: None | str | Unset
        if isinstance(self.resolved_by, Unset):
            resolved_by = UNSET
        else:
            resolved_by = self.resolved_by

        resolved_at: None | str | Unset
        if isinstance(self.resolved_at, Unset):
            resolved_at = UNSET
        elif isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "alert_id": alert_id,
                "kind": kind,
                "worker_id": worker_id,
                "reason": reason,
                "raised_at": raised_at,
            }
        )
        if province_code is not UNSET:
            field_dict["province_code"] = province_code
        if commune_code is not UNSET:
            field_dict["commune_code"] = commune_code
        if recipients is not UNSET:
            field_dict["recipients"] = recipients
        if status is not UNSET:
            field_dict["status"] = status
        if acknowledged_by is not UNSET:
            field_dict["acknowledged_by"] = acknowledged_by
        if acknowledged_at is not UNSET:
            field_dict["acknowledged_at"] = acknowledged_at
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if resolution_reason is not UNSET:
            field_dict["resolution_reason"] = resolution_reason
        if resolved_by is not UNSET:
            field_dict["resolved_by"] = resolved_by
        if resolved_at is not UNSET:
            field_dict["resolved_at"] = resolved_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        alert_id = d.pop("alert_id")

        kind = AlertKind(d.pop("kind"))

        worker_id = d.pop("worker_id")

        reason = d.pop("reason")

        raised_at = datetime.datetime.fromisoformat(d.pop("raised_at"))

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

        recipients = cast(list[str], d.pop("recipients", UNSET))

        _status = d.pop("status", UNSET)
        status: AlertStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = AlertStatus(_status)

        def _parse_acknowledged_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acknowledged_by = _parse_acknowledged_by(d.pop("acknowledged_by", UNSET))

        def _parse_acknowledged_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acknowledged_at_type_0 = datetime.datetime.fromisoformat(data)

                return acknowledged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        acknowledged_at = _parse_acknowledged_at(d.pop("acknowledged_at", UNSET))

        def _parse_resolution(data: object) -> None | Resolution | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolution_type_0 = Resolution(data)

                return resolution_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Resolution | Unset, data)

        resolution = _parse_resolution(d.pop("resolution", UNSET))

        def _parse_resolution_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resolution_reason = _parse_resolution_reason(d.pop("resolution_reason", UNSET))

        def _parse_resolved_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resolved_by = _parse_resolved_by(d.pop("resolved_by", UNSET))

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

        alert = cls(
            alert_id=alert_id,
            kind=kind,
            worker_id=worker_id,
            reason=reason,
            raised_at=raised_at,
            province_code=province_code,
            commune_code=commune_code,
            recipients=recipients,
            status=status,
            acknowledged_by=acknowledged_by,
            acknowledged_at=acknowledged_at,
            resolution=resolution,
            resolution_reason=resolution_reason,
            resolved_by=resolved_by,
            resolved_at=resolved_at,
        )

        alert.additional_properties = d
        return alert

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
