from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contact_channel import ContactChannel
from ..models.contact_party import ContactParty
from ..models.wellbeing import Wellbeing
from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkerCheckedIn")


@_attrs_define
class WorkerCheckedIn:
    """The centre was in touch with a worker abroad, their family or their enterprise.

    Attributes:
        worker_id (str):
        placement_id (str):
        check_in_id (str):
        contact (ContactParty): Who the centre spoke to at a check-in.
        channel (ContactChannel): How the centre reached them.
        wellbeing (Wellbeing): How the worker is doing, as the officer judged it at a check-in.
        contacted_at (datetime.datetime):
        recorded_by (str):
        recorded_at (datetime.datetime):
        notes (None | str | Unset):
    """

    worker_id: str
    placement_id: str
    check_in_id: str
    contact: ContactParty
    channel: ContactChannel
    wellbeing: Wellbeing
    contacted_at: datetime.datetime
    recorded_by: str
    recorded_at: datetime.datetime
    notes: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        check_in_id = self.check_in_id

        contact = self.contact.value

        channel = self.channel.value

        wellbeing = self.wellbeing.value

        contacted_at = self.contacted_at.isoformat()

        recorded_by = self.recorded_by

        recorded_at = self.recorded_at.isoformat()

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "placement_id": placement_id,
                "check_in_id": check_in_id,
                "contact": contact,
                "channel": channel,
                "wellbeing": wellbeing,
                "contacted_at": contacted_at,
                "recorded_by": recorded_by,
                "recorded_at": recorded_at,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        check_in_id = d.pop("check_in_id")

        contact = ContactParty(d.pop("contact"))

        channel = ContactChannel(d.pop("channel"))

        wellbeing = Wellbeing(d.pop("wellbeing"))

        contacted_at = datetime.datetime.fromisoformat(d.pop("contacted_at"))

        recorded_by = d.pop("recorded_by")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        worker_checked_in = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            check_in_id=check_in_id,
            contact=contact,
            channel=channel,
            wellbeing=wellbeing,
            contacted_at=contacted_at,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
            notes=notes,
        )

        worker_checked_in.additional_properties = d
        return worker_checked_in

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
