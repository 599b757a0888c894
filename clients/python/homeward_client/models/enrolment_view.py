from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.drop_out_reason import DropOutReason
from ..models.enrolment_status import EnrolmentStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attendance_mark import AttendanceMark
    from ..models.certificate import Certificate
    from ..models.training_cost_support import TrainingCostSupport


T = TypeVar("T", bound="EnrolmentView")


@_attrs_define
class EnrolmentView:
    """A worker's enrolment on a course.

    Attributes:
        enrolment_id (str):
        worker_id (str):
        course_id (str):
        provider_id (str):
        status (EnrolmentStatus): Where an enrolment stands; only ``enrolled`` is open.
        enrolled_at (datetime.datetime):
        support (TrainingCostSupport): Who pays for the course: Subproject 2 support for eligible workers, or the
            worker.
        attendance (list[AttendanceMark]):
        attended_percent (float):
        passed_on (datetime.date | None | Unset):
        closed_at (datetime.datetime | None | Unset):
        drop_out_reason (DropOutReason | None | Unset):
        certificate (Certificate | None | Unset):
    """

    enrolment_id: str
    worker_id: str
    course_id: str
    provider_id: str
    status: EnrolmentStatus
    enrolled_at: datetime.datetime
    support: TrainingCostSupport
    attendance: list[AttendanceMark]
    attended_percent: float
    passed_on: datetime.date | None | Unset = UNSET
    closed_at: datetime.datetime | None | Unset = UNSET
    drop_out_reason: DropOutReason | None | Unset = UNSET
    certificate: Certificate | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.certificate import Certificate  # noqa: PLC0415

        enrolment_id = self.enrolment_id

        worker_id = self.worker_id

        course_id = self.course_id

        provider_id = self.provider_id

        status = self.status.value

        enrolled_at = self.enrolled_at.isoformat()

        support = self.support.to_dict()

        attendance = []
        for attendance_item_data in self.attendance:
            attendance_item = attendance_item_data.to_dict()
            attendance.append(attendance_item)

        attended_percent = self.attended_percent

        passed_on: None | str | Unset
        if isinstance(self.passed_on, Unset):
            passed_on = UNSET
        elif isinstance(self.passed_on, datetime.date):
            passed_on = self.passed_on.isoformat()
        else:
            passed_on = self.passed_on

        closed_at: None | str | Unset
        if isinstance(self.closed_at, Unset):
            closed_at = UNSET
        elif isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        drop_out_reason: None | str | Unset
        if isinstance(self.drop_out_reason, Unset):
            drop_out_reason = UNSET
        elif isinstance(self.drop_out_reason, DropOutReason):
            drop_out_reason = self.drop_out_reason.value
        else:
            drop_out_reason = self.drop_out_reason

        certificate: dict[str, Any] | None | Unset
        if isinstance(self.certificate, Unset):
            certificate = UNSET
        elif isinstance(self.certificate, Certificate):
            certificate = self.certificate.to_dict()
        else:
            certificate = self.certificate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enrolment_id": enrolment_id,
                "worker_id": worker_id,
                "course_id": course_id,
                "provider_id": provider_id,
                "status": status,
                "enrolled_at": enrolled_at,
                "support": support,
                "attendance": attendance,
                "attended_percent": attended_percent,
            }
        )
        if passed_on is not UNSET:
            field_dict["passed_on"] = passed_on
        if closed_at is not UNSET:
            field_dict["closed_at"] = closed_at
        if drop_out_reason is not UNSET:
            field_dict["drop_out_reason"] = drop_out_reason
        if certificate is not UNSET:
            field_dict["certificate"] = certificate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attendance_mark import AttendanceMark  # noqa: PLC0415
        from ..models.certificate import Certificate  # noqa: PLC0415
        from ..models.training_cost_support import TrainingCostSupport  # noqa: PLC0415

        d = dict(src_dict)
        enrolment_id = d.pop("enrolment_id")

        worker_id = d.pop("worker_id")

        course_id = d.pop("course_id")

        provider_id = d.pop("provider_id")

        status = EnrolmentStatus(d.pop("status"))

        enrolled_at = datetime.datetime.fromisoformat(d.pop("enrolled_at"))

        support = TrainingCostSupport.from_dict(d.pop("support"))

        attendance = []
        _attendance = d.pop("attendance")
        for attendance_item_data in _attendance:
            attendance_item = AttendanceMark.from_dict(attendance_item_data)

            attendance.append(attendance_item)

        attended_percent = d.pop("attended_percent")

        def _parse_passed_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                passed_on_type_0 = datetime.date.fromisoformat(data)

                return passed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        passed_on = _parse_passed_on(d.pop("passed_on", UNSET))

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

        def _parse_drop_out_reason(data: object) -> DropOutReason | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                drop_out_reason_type_0 = DropOutReason(data)

                return drop_out_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DropOutReason | None | Unset, data)

        drop_out_reason = _parse_drop_out_reason(d.pop("drop_out_reason", UNSET))

        def _parse_certificate(data: object) -> Certificate | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                certificate_type_0 = Certificate.from_dict(data)

                return certificate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Certificate | None | Unset, data)

        certificate = _parse_certificate(d.pop("certificate", UNSET))

        enrolment_view = cls(
            enrolment_id=enrolment_id,
            worker_id=worker_id,
            course_id=course_id,
            provider_id=provider_id,
            status=status,
            enrolled_at=enrolled_at,
            support=support,
            attendance=attendance,
            attended_percent=attended_percent,
            passed_on=passed_on,
            closed_at=closed_at,
            drop_out_reason=drop_out_reason,
            certificate=certificate,
        )

        enrolment_view.additional_properties = d
        return enrolment_view

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
