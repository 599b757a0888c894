from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transfer_status import TransferStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.locality import Locality


T = TypeVar("T", bound="Transfer")


@_attrs_define
class Transfer:
    """A move of a case from one commune to another, from its effective date on.

    Attributes:
        transfer_id (str):
        worker_id (str):
        from_locality (Locality): Where a worker lives: today's units, and the units before the 2025 reorganisation.
        to_locality (Locality): Where a worker lives: today's units, and the units before the 2025 reorganisation.
        effective_date (datetime.date):
        reason (str):
        requested_by (str):
        requested_at (datetime.datetime):
        status (TransferStatus | Unset): Where a transfer stands.
        needs_approval (bool | Unset):  Default: False.
        approved_by (None | str | Unset):
        decided_by (None | str | Unset):
        decided_at (datetime.datetime | None | Unset):
        refusal_reason (None | str | Unset):
    """

    transfer_id: str
    worker_id: str
    from_locality: Locality
    to_locality: Locality
    effective_date: datetime.date
    reason: str
    requested_by: str
    requested_at: datetime.datetime
    status: TransferStatus | Unset = UNSET
    needs_approval: bool | Unset = False
    approved_by: None | str | Unset = UNSET
    decided_by: None | str | Unset = UNSET
    decided_at: datetime.datetime | None | Unset = UNSET
    refusal_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transfer_id = self.transfer_id

        worker_id = self.worker_id

        from_locality = self.from_locality.to_dict()

        to_locality = self.to_locality.to_dict()

        effective_date = self.effective_date.isoformat()

        reason = self.reason

        requested_by = self.requested_by

        requested_at = self.requested_at.isoformat()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        needs_approval = self.needs_approval

        approved_by: None | str | Unset
        if isinstance(self.approved_by, Unset):
            approved_by = UNSET
        else:
            approved_by = self.approved_by

        decided_by: None | str | Unset
        if isinstance(self.decided_by, Unset):
            decided_by = UNSET
        else:
            decided_by = self.decided_by

        decided_at: None | str | Unset
        if isinstance(self.decided_at, Unset):
            decided_at = UNSET
        elif isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        refusal_reason: None | str | Unset
        if isinstance(self.refusal_reason, Unset):
            refusal_reason = UNSET
        else:
            refusal_reason = self.refusal_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transfer_id": transfer_id,
                "worker_id": worker_id,
                "from_locality": from_locality,
                "to_locality": to_locality,
                "effective_date": effective_date,
                "reason": reason,
                "requested_by": requested_by,
                "requested_at": requested_at,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if needs_approval is not UNSET:
            field_dict["needs_approval"] = needs_approval
        if approved_by is not UNSET:
            field_dict["approved_by"] = approved_by
        if decided_by is not UNSET:
            field_dict["decided_by"] = decided_by
        if decided_at is not UNSET:
            field_dict["decided_at"] = decided_at
        if refusal_reason is not UNSET:
            field_dict["refusal_reason"] = refusal_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.locality import Locality  # noqa: PLC0415

        d = dict(src_dict)
        transfer_id = d.pop("transfer_id")

        worker_id = d.pop("worker_id")

        from_locality = Locality.from_dict(d.pop("from_locality"))

        to_locality = Locality.from_dict(d.pop("to_locality"))

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        reason = d.pop("reason")

        requested_by = d.pop("requested_by")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        _status = d.pop("status", UNSET)
        status: TransferStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = TransferStatus(_status)

        needs_approval = d.pop("needs_approval", UNSET)

        def _parse_approved_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        approved_by = _parse_approved_by(d.pop("approved_by", UNSET))

        def _parse_decided_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        decided_by = _parse_decided_by(d.pop("decided_by", UNSET))

        def _parse_decided_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        decided_at = _parse_decided_at(d.pop("decided_at", UNSET))

        def _parse_refusal_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        refusal_reason = _parse_refusal_reason(d.pop("refusal_reason", UNSET))

        transfer = cls(
            transfer_id=transfer_id,
            worker_id=worker_id,
            from_locality=from_locality,
            to_locality=to_locality,
            effective_date=effective_date,
            reason=reason,
            requested_by=requested_by,
            requested_at=requested_at,
            status=status,
            needs_approval=needs_approval,
            approved_by=approved_by,
            decided_by=decided_by,
            decided_at=decided_at,
            refusal_reason=refusal_reason,
        )

        transfer.additional_properties = d
        return transfer

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
