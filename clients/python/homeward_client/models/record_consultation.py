from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.consultation_channel import ConsultationChannel
from ..models.consultation_outcome import ConsultationOutcome
from ..models.consultation_topic import ConsultationTopic
from ..models.market import Market
from ..types import UNSET, Unset

T = TypeVar("T", bound="RecordConsultation")


@_attrs_define
class RecordConsultation:
    """A consultation as the officer records it.

    Attributes:
        held_on (datetime.date):
        channel (ConsultationChannel): Where a consultation took place.
        topics (list[ConsultationTopic]):
        outcome (ConsultationOutcome): What the worker decided after a consultation.
        markets_discussed (list[Market] | Unset):
        notes (None | str | Unset):
    """

    held_on: datetime.date
    channel: ConsultationChannel
    topics: list[ConsultationTopic]
    outcome: ConsultationOutcome
    markets_discussed: list[Market] | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        held_on = self.held_on.isoformat()

        channel = self.channel.value

        topics = []
        for topics_item_data in self.topics:
            topics_item = topics_item_data.value
            topics.append(topics_item)

        outcome = self.outcome.value

        markets_discussed: list[str] | Unset = UNSET
        if not isinstance(self.markets_discussed, Unset):
            markets_discussed = []
            for markets_discussed_item_data in self.markets_discussed:
                markets_discussed_item = markets_discussed_item_data.value
                markets_discussed.append(markets_discussed_item)

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "held_on": held_on,
                "channel": channel,
                "topics": topics,
                "outcome": outcome,
            }
        )
        if markets_discussed is not UNSET:
            field_dict["markets_discussed"] = markets_discussed
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        held_on = datetime.date.fromisoformat(d.pop("held_on"))

        channel = ConsultationChannel(d.pop("channel"))

        topics = []
        _topics = d.pop("topics")
        for topics_item_data in _topics:
            topics_item = ConsultationTopic(topics_item_data)

            topics.append(topics_item)

        outcome = ConsultationOutcome(d.pop("outcome"))

        _markets_discussed = d.pop("markets_discussed", UNSET)
        markets_discussed: list[Market] | Unset = UNSET
        if _markets_discussed is not UNSET:
            markets_discussed = []
            for markets_discussed_item_data in _markets_discussed:
                markets_discussed_item = Market(markets_discussed_item_data)

                markets_discussed.append(markets_discussed_item)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        record_consultation = cls(
            held_on=held_on,
            channel=channel,
            topics=topics,
            outcome=outcome,
            markets_discussed=markets_discussed,
            notes=notes,
        )

        return record_consultation
