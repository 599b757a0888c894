"""The worker's timeline: every lifecycle event aftercare heard, in one order, with a summary.

Entries keep the event's payload as published (the case is folded from them), and the public
view shows a one-line summary built from codes, dates and ticket numbers only: never a name, a
phone number, a family contact or free-text notes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, field_validator

from shared.contracts import aftercare as ac
from shared.contracts.deployment import (
    PlacementVisaRefused,
    WorkerDeparted,
    WorkerEmployerChanged,
)
from shared.contracts.intake import (
    ReferralOutcomeRecorded,
    WorkerCaseImported,
    WorkerCorrected,
    WorkerJourneyStarted,
    WorkerMerged,
    WorkerReferred,
    WorkerRegistered,
    WorkerReopened,
    WorkerTransferAccepted,
    WorkerTransferRefused,
    WorkerTransferRequested,
    WorkerWithdrawn,
)
from shared.contracts.training import WorkerTrained
from shared.events.catalogue import CATALOGUE, EventPayload, UnknownEventError
from shared.events.envelope import EventEnvelope

SortKey = tuple[datetime, str, int, str]


class TimelineEntry(BaseModel):
    """One event heard about a worker, and the journey it belongs to."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: str
    type: str
    source: str
    time: datetime
    sequence: int
    journey: int = 0
    data: dict[str, Any]
    _payload: EventPayload | None = PrivateAttr(default=None)

    @field_validator("time")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return _in_utc(value)

    @classmethod
    def of(cls, envelope: EventEnvelope, payload: EventPayload) -> TimelineEntry:
        """Returns the entry for an event, its payload as the current version of its type."""
        entry = cls(
            event_id=envelope.id,
            type=envelope.type,
            source=envelope.source,
            time=envelope.time,
            sequence=envelope.sequence,
            data=payload.model_dump(mode="json"),
        )
        entry._payload = payload  # the fold reads it next: not validated from ``data`` again
        return entry

    def on_journey(self, number: int) -> TimelineEntry:
        """This entry placed on journey ``number``: itself if it is there already."""
        if self.journey == number:
            return self
        return self.model_copy(update={"journey": number})

    def __eq__(self, other: object) -> bool:
        # The fields only: the remembered payload is what ``data`` says, whether known or not.
        if not isinstance(other, TimelineEntry):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = BaseModel.__hash__

    @property
    def sort_key(self) -> SortKey:
        """The timeline's order: event time, then source and sequence, then id."""
        return (self.time, self.source, self.sequence, self.event_id)

    def payload(self) -> EventPayload | None:
        """Returns the typed payload, or None for a type this code does not know."""
        known: EventPayload | None = (self.__pydantic_private__ or {}).get("_payload")
        if known is not None:
            return known
        try:
            spec = CATALOGUE.current(self.type)
            return spec.payload.model_validate(self.data)
        except (UnknownEventError, ValidationError):
            return None


class HeardEvent:
    """An event just heard, before the fold places it on a journey: its timeline entry is
    made once, on its journey (``on_journey``), instead of made and then copied onto it. It
    reads as the entry would (``data``, ``time``, ``sort_key``, ``payload()``)."""

    __slots__ = ("_payload", "data", "event_id", "sequence", "sort_key", "source", "time", "type")
    journey = 0

    def __init__(self, envelope: EventEnvelope, payload: EventPayload) -> None:
        self.event_id = envelope.id
        self.type = envelope.type
        self.source = envelope.source
        self.time = _in_utc(envelope.time)
        self.sequence = envelope.sequence
        self.data: dict[str, Any] = payload.model_dump(mode="json")
        self._payload = payload
        self.sort_key: SortKey = (self.time, self.source, self.sequence, self.event_id)

    def payload(self) -> EventPayload:
        """The typed payload, as the current version of its type."""
        return self._payload

    def on_journey(self, number: int) -> TimelineEntry:
        """The event's timeline entry, on journey ``number``."""
        # Made as ``model_construct`` makes a model, without validating (every value comes
        # from the validated envelope and payload), and without its loop over the fields.
        entry = TimelineEntry.__new__(TimelineEntry)
        fields = {
            "event_id": self.event_id,
            "type": self.type,
            "source": self.source,
            "time": self.time,
            "sequence": self.sequence,
            "journey": number,
            "data": self.data,
        }
        object.__setattr__(entry, "__dict__", fields)
        object.__setattr__(entry, "__pydantic_fields_set__", set(fields))
        object.__setattr__(entry, "__pydantic_extra__", None)
        object.__setattr__(entry, "__pydantic_private__", {"_payload": self._payload})
        return entry


Heard = TimelineEntry | HeardEvent
"""What a fold places on the timeline: an entry (heard before), or an event just heard."""


_Heard = TypeVar("_Heard", bound=Heard)


def _in_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def in_order(entries: Iterable[_Heard]) -> list[_Heard]:
    """Returns the entries once each (by event id), in timeline order."""
    unique = {entry.event_id: entry for entry in entries}
    return sorted(unique.values(), key=lambda entry: entry.sort_key)


class TimelineItem(BaseModel):
    """One line of a worker's timeline as the API shows it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "journey": 1,
                    "event_id": "0f4c2b1e-8a55-4a8e-9b3e-2f0d6c1b7a90",
                    "type": "worker.registered",
                    "source": "intake",
                    "time": "2025-11-03T01:00:00Z",
                    "summary": "registered in commune 21307 (province 51)",
                }
            ]
        }
    )

    journey: int
    event_id: str
    type: str
    source: str
    time: datetime
    summary: str


def public_timeline(entries: Iterable[TimelineEntry]) -> list[TimelineItem]:
    """Returns the timeline in order, each event with a summary free of personal data."""
    return [
        TimelineItem(
            journey=entry.journey,
            event_id=entry.event_id,
            type=entry.type,
            source=entry.source,
            time=entry.time,
            summary=summarize(entry),
        )
        for entry in in_order(entries)
    ]


def summarize(entry: TimelineEntry) -> str:
    """Returns a one-line summary of an event, built from codes, dates and tickets only."""
    match entry.payload():
        case WorkerRegistered(locality=locality, household_status=household):
            return (
                f"Registered at intake (province {locality.province_code}, "
                f"commune {locality.commune_code}, household {household})"
            )
        case WorkerJourneyStarted(journey=number, locality=locality):
            return (
                f"Journey {number} started at intake (province {locality.province_code}, "
                f"commune {locality.commune_code})"
            )
        case WorkerCorrected(changed_fields=fields):
            return f"Record corrected ({', '.join(fields) or 'no fields'})"
        case WorkerWithdrawn():
            return "Withdrew from the programme"
        case WorkerReopened():
            return "Case reopened at intake"
        case WorkerTransferRequested() as p:
            return (
                f"Transfer requested from commune {p.from_locality.commune_code} to commune "
                f"{p.to_locality.commune_code} (province {p.to_locality.province_code}) "
                f"from {p.effective_date}"
            )
        case WorkerTransferAccepted() as p:
            return (
                f"Transfer accepted: commune {p.to_locality.commune_code} holds the case "
                f"from {p.effective_date}"
            )
        case WorkerTransferRefused():
            return "Transfer refused by the receiving commune"
        case WorkerReferred(agency=agency):
            return f"Referred to a {_words(agency)}"
        case ReferralOutcomeRecorded(outcome=outcome):
            return f"Referral outcome: {_words(outcome)}"
        case WorkerMerged(survivor_id=survivor_id):
            return f"Record merged into worker {survivor_id} (the same person)"
        case WorkerTrained(market=market, language_level=level):
            return f"Trained for {market}" + (f", language level {level}" if level else "")
        case PlacementVisaRefused(country=country, refused_on=refused_on):
            return f"Visa for {country} refused on {refused_on}: the placement ended"
        case WorkerCaseImported() as p:
            return f"Migrated from the commune's records at stage {p.stage} ({p.occurred_on})"
        case WorkerDeparted() as p:
            return (
                f"Departed for {p.country}: {p.employer}, {p.sector}, "
                f"contract {p.contract_start} to {p.contract_end}"
            )
        case WorkerEmployerChanged() as p:
            return (
                f"Changed employer on {p.changed_on}: {p.employer}, {p.sector}, "
                f"contract to {p.contract_end}"
            )
        case ac.WorkerCheckedIn(contact=contact, channel=channel, wellbeing=wellbeing):
            return f"Check-in with the {contact} by {channel}: wellbeing {wellbeing}"
        case ac.RemittanceReported() as p:
            return f"Remittance sent {p.sent_on}: {p.amount:g} {p.currency} ({p.amount_vnd:,} VND)"
        case ac.IncidentReported() as p:
            return f"Incident {p.ticket} reported: {p.category}, severity {p.severity}"
        case ac.IncidentAssigned(ticket=ticket):
            return f"Incident {ticket} assigned"
        case ac.IncidentStatusChanged() as p:
            return f"Incident {p.ticket}: {p.from_status} -> {p.to_status}"
        case ac.IncidentFollowUpRecorded(ticket=ticket):
            return f"Follow-up recorded on incident {ticket}"
        case ac.IncidentEscalated() as p:
            return f"Incident {p.ticket} escalated to the {p.level}"
        case ac.ContractExtended(previous_end=previous, new_end=new):
            return f"Contract extended from {previous} to {new}"
        case ac.WorkerReportedMissing(
            kind=kind, last_contact_at=last_contact_at, steps_taken=steps
        ):
            return (
                f"Reported {kind}: last contact {last_contact_at:%Y-%m-%d}, "
                f"{len(steps)} step(s) taken to find them"
            )
        case ac.WorkerContactResumed(contacted_at=contacted_at):
            return f"Found: in contact again on {contacted_at:%Y-%m-%d}"
        case ac.WorkerDiedAbroad(died_on=died_on, repatriation=repatriation, family_support=f):
            return (
                f"Died abroad on {died_on}: repatriation {_words(repatriation.arrangement)}, "
                f"family support: {', '.join(_words(s) for s in f)}"
            )
        case ac.WorkerReturned(returned_on=returned_on, reason=reason):
            return f"Returned home on {returned_on}: {_words(reason)}"
        case ac.ReintegrationPlanned(plans=plans):
            return f"Reintegration needs assessed; plans: {', '.join(plans)}"
        case ac.ReintegrationReferred(kind=kind):
            return f"Referred for {_words(kind)}"
        case ac.ReintegrationOutcomeRecorded(outcome=outcome):
            return f"Reintegration outcome: {_words(outcome)}"
        case ac.CaseClosed(reason=reason):
            return f"Case closed: {_words(reason)}"
        case _:
            return _humanize(entry.type)


def _words(code: str) -> str:
    return code.replace("_", " ")


def _humanize(event_type: str) -> str:
    words = event_type.replace(".", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "Event"
