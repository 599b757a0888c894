from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contact_channel import ContactChannel
from ..models.contact_party import ContactParty
from ..models.wellbeing import Wellbeing
from ..types import UNSET, Unset

T = TypeVar("T", bound="RecordCheckIn")


@_attrs_define
class RecordCheckIn:
    """A contact the centre had with a worker abroad, their family or their enterprise.

    Attributes:
        contact (ContactParty): Who the centre spoke to at a check-in.
        channel (ContactChannel): How the centre reached them.
        wellbeing (Wellbeing): How the worker is doing, as the officer judged it at a check-in.
        contacted_at (datetime.datetime):
        notes (None | str | Unset):
    """

    contact: ContactParty
    channel: ContactChannel
    wellbeing: Wellbeing
    contacted_at: datetime.datetime
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        contact = self.contact.value

        channel = self.channel.value

        wellbeing = self.wellbeing.value

        contacted_at = self.contacted_at.isoformat()

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contact": contact,
                "channel": channel,
                "wellbeing": wellbeing,
                "contacted_at": contacted_at,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact = ContactParty(d.pop("contact"))

        channel = ContactChannel(d.pop("channel"))

        wellbeing = Wellbeing(d.pop("wellbeing"))

        contacted_at = datetime.datetime.fromisoformat(d.pop("contacted_at"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        record_check_in = cls(
            contact=contact,
            channel=channel,
            wellbeing=wellbeing,
            contacted_at=contacted_at,
            notes=notes,
        )

        return record_check_in
