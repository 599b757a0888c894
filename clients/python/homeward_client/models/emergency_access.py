from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EmergencyAccess")


@_attrs_define
class EmergencyAccess:
    """
    Attributes:
        id (str):
        subject (str):
        role (str):
        worker_id (str):
        reason (str):
        granted_at (datetime.datetime):
        expires_at (datetime.datetime):
        service (str):
        revoked_at (datetime.datetime | None | Unset):
        revoked_by (None | str | Unset):
    """

    id: str
    subject: str
    role: str
    worker_id: str
    reason: str
    granted_at: datetime.datetime
    expires_at: datetime.datetime
    service: str
    revoked_at: datetime.datetime | None | Unset = UNSET
    revoked_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        subject = self.subject

        role = self.role

        worker_id = self.worker_id

        reason = self.reason

        granted_at = self.granted_at.isoformat()

        expires_at = self.expires_at.isoformat()

        service = self.service

        revoked_at: None | str | Unset
        if isinstance(self.revoked_at, Unset):
            revoked_at = UNSET
        elif isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        revoked_by: None | str | Unset
        if isinstance(self.revoked_by, Unset):
            revoked_by = UNSET
        else:
            revoked_by = self.revoked_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "subject": subject,
                "role": role,
                "worker_id": worker_id,
                "reason": reason,
                "granted_at": granted_at,
                "expires_at": expires_at,
                "service": service,
            }
        )
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if revoked_by is not UNSET:
            field_dict["revoked_by"] = revoked_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        subject = d.pop("subject")

        role = d.pop("role")

        worker_id = d.pop("worker_id")

        reason = d.pop("reason")

        granted_at = datetime.datetime.fromisoformat(d.pop("granted_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        service = d.pop("service")

        def _parse_revoked_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at", UNSET))

        def _parse_revoked_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        revoked_by = _parse_revoked_by(d.pop("revoked_by", UNSET))

        emergency_access = cls(
            id=id,
            subject=subject,
            role=role,
            worker_id=worker_id,
            reason=reason,
            granted_at=granted_at,
            expires_at=expires_at,
            service=service,
            revoked_at=revoked_at,
            revoked_by=revoked_by,
        )

        emergency_access.additional_properties = d
        return emergency_access

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
