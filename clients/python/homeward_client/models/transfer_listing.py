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


T = TypeVar("T", bound="TransferListing")


@_attrs_define
class TransferListing:
    """One transfer as the list of transfers shows it, folded from its events in any order
    (no reason: the reasons stay on the worker's record).

        Attributes:
            transfer_id (str):
            worker_id (str):
            from_locality (Locality | None | Unset):
            to_locality (Locality | None | Unset):
            effective_date (datetime.date | None | Unset):
            needs_approval (bool | Unset):  Default: False.
            status (TransferStatus | Unset): Where a transfer stands.
            requested_by (None | str | Unset):
            requested_at (datetime.datetime | None | Unset):
            decided_by (None | str | Unset):
            decided_at (datetime.datetime | None | Unset):
    """

    transfer_id: str
    worker_id: str
    from_locality: Locality | None | Unset = UNSET
    to_locality: Locality | None | Unset = UNSET
    effective_date: datetime.date | None | Unset = UNSET
    needs_approval: bool | Unset = False
    status: TransferStatus | Unset = UNSET
    requested_by: None | str | Unset = UNSET
    requested_at: datetime.datetime | None | Unset = UNSET
    decided_by: None | str | Unset = UNSET
    decided_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.locality import Locality  # noqa: PLC0415

        transfer_id = self.transfer_id

        worker_id = self.worker_id

        from_locality: dict[str, Any] | None | Unset
        if isinstance(self.from_locality, Unset):
            from_locality = UNSET
        elif isinstance(self.from_locality, Locality):
            from_locality = self.from_locality.to_dict()
        else:
            from_locality = self.from_locality

        to_locality: dict[str, Any] | None | Unset
        if isinstance(self.to_locality, Unset):
            to_locality = UNSET
        elif isinstance(self.to_locality, Locality):
            to_locality = self.to_locality.to_dict()
        else:
            to_locality = self.to_locality

        effective_date: None | str | Unset
        if isinstance(self.effective_date, Unset):
            effective_date = UNSET
        elif isinstance(self.effective_date, datetime.date):
            effective_date = self.effective_date.isoformat()
        else:
            effective_date = self.effective_date

        needs_approval = self.needs_approval

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        requested_by: None | str | Unset
        if isinstance(self.requested_by, Unset):
            requested_by = UNSET
        else:
            requested_by = self.requested_by

        requested_at: None | str | Unset
        if isinstance(self.requested_at, Unset):
            requested_at = UNSET
        elif isinstance(self.requested_at, datetime.datetime):
            requested_at = self.requested_at.isoformat()
        else:
            requested_at = self.requested_at

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transfer_id": transfer_id,
                "worker_id": worker_id,
            }
        )
        if from_locality is not UNSET:
            field_dict["from_locality"] = from_locality
        if to_locality is not UNSET:
            field_dict["to_locality"] = to_locality
        if effective_date is not UNSET:
            field_dict["effective_date"] = effective_date
        if needs_approval is not UNSET:
            field_dict["needs_approval"] = needs_approval
        if status is not UNSET:
            field_dict["status"] = status
        if requested_by is not UNSET:
            field_dict["requested_by"] = requested_by
        if requested_at is not UNSET:
            field_dict["requested_at"] = requested_at
        if decided_by is not UNSET:
            field_dict["decided_by"] = decided_by
        if decided_at is not UNSET:
            field_dict["decided_at"] = decided_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.locality import Locality  # noqa: PLC0415

        d = dict(src_dict)
        transfer_id = d.pop("transfer_id")

        worker_id = d.pop("worker_id")

        def _parse_from_locality(data: object) -> Locality | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                from_locality_type_0 = Locality.from_dict(data)

                return from_locality_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Locality | None | Unset, data)

        from_locality = _parse_from_locality(d.pop("from_locality", UNSET))

        def _parse_to_locality(data: object) -> Locality | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                to_locality_type_0 = Locality.from_dict(data)

                return to_locality_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Locality | None | Unset, data)

        to_locality = _parse_to_locality(d.pop("to_locality", UNSET))

        def _parse_effective_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_date_type_0 = datetime.date.fromisoformat(data)

                return effective_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_date = _parse_effective_date(d.pop("effective_date", UNSET))

        needs_approval = d.pop("needs_approval", UNSET)

        _status = d.pop("status", UNSET)
        status: TransferStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = TransferStatus(_status)

        def _parse_requested_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        requested_by = _parse_requested_by(d.pop("requested_by", UNSET))

        def _parse_requested_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                requested_at_type_0 = datetime.datetime.fromisoformat(data)

                return requested_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        requested_at = _parse_requested_at(d.pop("requested_at", UNSET))

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

        transfer_listing = cls(
            transfer_id=transfer_id,
            worker_id=worker_id,
            from_locality=from_locality,
            to_locality=to_locality,
            effective_date=effective_date,
            needs_approval=needs_approval,
            status=status,
            requested_by=requested_by,
            requested_at=requested_at,
            decided_by=decided_by,
            decided_at=decided_at,
        )

        transfer_listing.additional_properties = d
        return transfer_listing

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
