from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.consultation_channel import ConsultationChannel
from ..models.consultation_outcome import ConsultationOutcome
from ..models.consultation_topic import ConsultationTopic
from ..models.market import Market
from ..types import UNSET, Unset

T = TypeVar("T", bound="Consultation")


@_attrs_define
class Consultation:
    """A recorded consultation with a worker.

    Attributes:
        held_on (datetime.date):
        channel (ConsultationChannel): Where a consultation took place.
        officer (str):
        topics (list[ConsultationTopic]):
        outcome (ConsultationOutcome): What the worker decided after a consultation.
        consultation_id (str):
        worker_id (str):
        recorded_at (datetime.datetime):
        markets_discussed (list[Market] | Unset):
        notes (None | str | Unset):
    """

    held_on: datetime.date
    channel: ConsultationChannel
    officer: str
    topics: list[ConsultationTopic]
    outcome: ConsultationOutcome
    consultation_id: str
    worker_id: str
    recorded_at: datetime.datetime
    markets_discussed: list[Market] | Unset = UNSET
    notes: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        held_on = self.held_on.isoformat()

        channel = self.channel.value

        officer = self.officer

        topics = []
        for topics_item_data in self.topics:
            topics_item = topics_item_data.value
            topics.append(topics_item)

        outcome = self.outcome.value

        consultation_id = self.consultation_id

        worker_id = self.worker_id

        recorded_at = self.recorded_at.isoformat()

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
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "held_on": held_on,
                "channel": channel,
                "officer": officer,
                "topics": topics,
                "outcome": outcome,
                "consultation_id": consultation_id,
                "worker_id": worker_id,
                "recorded_at": recorded_at,
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

        officer = d.pop("officer")

        topics = []
        _topics = d.pop("topics")
        for topics_item_data in _topics:
            topics_item = ConsultationTopic(topics_item_data)

            topics.append(topics_item)

        outcome = ConsultationOutcome(d.pop("outcome"))

        consultation_id = d.pop("consultation_id")

        worker_id = d.pop("worker_id")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

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

        consultation = cls(
            held_on=held_on,
            channel=channel,
            officer=officer,
            topics=topics,
            outcome=outcome,
            consultation_id=consultation_id,
            worker_id=worker_id,
            recorded_at=recorded_at,
            markets_discussed=markets_discussed,
            notes=notes,
        )

        consultation.additional_properties = d
        return consultation

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
