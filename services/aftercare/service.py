"""Aftercare's use cases: load, decide with the domain, save state and events in one write."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import TypeVar

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.aftercare import store
from services.aftercare.domain import checkins, contract_end, incidents, reintegration
from services.aftercare.domain.case import JourneyStage, WorkerCase, add_events
from services.aftercare.domain.dates import local_date
from services.aftercare.domain.incidents import Incident
from services.aftercare.domain.remittances import (
    Remittance,
    RemittanceTotal,
    ReportRemittance,
    TotalBy,
    remittance_totals,
    report_remittance,
)
from services.aftercare.domain.timeline import TimelineEntry, TimelineItem, public_timeline
from shared.contracts import aftercare as ac
from shared.errors import NotFoundError
from shared.events.catalogue import EventPayload
from shared.events.envelope import EventEnvelope, stamp_events
from shared.logging import current_correlation_id, get_logger
from shared.store import AggregateCollection, Document, retry_on_conflict

log = get_logger(__name__)
SOURCE = "aftercare"
TICKET_ATTEMPTS = 20
P = TypeVar("P", bound=EventPayload)
Decided = tuple[Incident, list[EventPayload]]


def utc_now() -> datetime:
    return datetime.now(UTC)


class AftercareService:
    """Workers abroad, their return and reintegration."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        cases: AggregateCollection,
        incident_records: AggregateCollection,
        remittance_records: AggregateCollection,
        clock: Callable[[], datetime] = utc_now,
        no_contact_days: int = checkins.DEFAULT_NO_CONTACT_DAYS,
        ending_window_days: int = contract_end.DEFAULT_WINDOW_DAYS,
    ) -> None:
        self.database = database
        self.no_contact_days = no_contact_days
        self.ending_window_days = ending_window_days
        self.cases = cases
        self.incidents = incident_records
        self.remittances = remittance_records
        self.tickets = store.TicketCounter(database)
        self.clock = clock

    # The case and its timeline

    async def get_case(self, worker_id: str) -> WorkerCase:
        """Returns the worker's case, or raises NotFoundError if aftercare never heard of them."""
        document = await self.cases.get(worker_id)
        if document is None:
            raise NotFoundError("worker", worker_id)
        return store.case_of(document)

    async def timeline(self, worker_id: str) -> list[TimelineItem]:
        """Returns every event heard about the worker, in order, with its journey."""
        return public_timeline((await self.get_case(worker_id)).timeline)

    async def _decide(self, worker_id: str, decide: Callable[[WorkerCase, datetime], P]) -> P:
        """Runs one decision on the case and saves it with its event, in one write."""

        async def attempt() -> P:
            document = await self.cases.get(worker_id)
            if document is None:
                raise NotFoundError("worker", worker_id)
            case = store.case_of(document)
            now = self.clock()
            payload = decide(case, now)
            events = self._stamp([payload], worker_id, document["event_seq"], now)
            updated = add_events(case, [TimelineEntry.of(events[0], payload)])
            await self.cases.save(worker_id, document["version"], store.case_state(updated), events)
            return payload

        payload = await retry_on_conflict(attempt)
        log.info("case changed", worker_id=worker_id, event_type=payload.event_type)
        return payload

    def _stamp(
        self, payloads: Sequence[EventPayload], worker_id: str, after: int, now: datetime
    ) -> list[EventEnvelope]:
        return stamp_events(
            list(payloads),
            subject=worker_id,
            after_sequence=after,
            source=SOURCE,
            correlation_id=current_correlation_id(),
            now=now,
        )

    # Abroad: check-ins, contract end

    async def record_check_in(
        self, worker_id: str, command: checkins.RecordCheckIn, check_in_id: str
    ) -> ac.WorkerCheckedIn:
        """Records a check-in; a retried request with the same id returns the first one."""
        case = await self.get_case(worker_id)
        for journey in case.journeys:
            for known in journey.check_ins:
                if known.check_in_id == check_in_id:
                    return known
        return await self._decide(
            worker_id,
            lambda c, now: checkins.record_check_in(c, command, check_in_id=check_in_id, now=now),
        )

    async def workers_without_contact(
        self, max_days: int, province_code: str | None, commune_code: str | None
    ) -> list[checkins.ContactGap]:
        """Returns workers abroad not contacted for more than ``max_days`` days, oldest first."""
        summaries = await store.case_summaries(
            self.database, JourneyStage.ABROAD, province_code, commune_code
        )
        return checkins.workers_without_contact(summaries, now=self.clock(), max_days=max_days)

    async def contracts_ending(
        self, within_days: int, province_code: str | None, commune_code: str | None
    ) -> list[contract_end.ContractEnding]:
        """Returns workers abroad whose contract ends within the window, soonest first."""
        summaries = await store.case_summaries(
            self.database, JourneyStage.ABROAD, province_code, commune_code
        )
        today = local_date(self.clock())
        return contract_end.contracts_ending(summaries, today=today, within_days=within_days)

    async def extend_contract(
        self, worker_id: str, command: contract_end.ExtendContract
    ) -> ac.ContractExtended:
        """Extends a worker's contract; the expected return moves to the new end."""
        return await self._decide(
            worker_id, lambda c, now: contract_end.extend_contract(c, command, now=now)
        )

    # Remittances

    async def report_remittance(
        self, worker_id: str, command: ReportRemittance, remittance_id: str
    ) -> Remittance:
        """Records a remittance; a retried request with the same id returns the first one."""
        case = await self.get_case(worker_id)
        now = self.clock()
        remittance, payload = report_remittance(case, command, remittance_id=remittance_id, now=now)
        events = self._stamp([payload], worker_id, 0, now)
        try:
            await self.remittances.create(remittance_id, store.remittance_state(remittance), events)
        except DuplicateKeyError:
            stored = await self.remittances.get(remittance_id)
            assert stored is not None
            return Remittance.model_validate(stored)
        log.info("remittance reported", worker_id=worker_id, remittance_id=remittance_id)
        return remittance

    async def remittances_of(self, worker_id: str) -> list[Remittance]:
        """Returns a worker's remittances in the order they were sent."""
        await self.get_case(worker_id)
        return await store.find_remittances(self.database, worker_id=worker_id)

    async def remittance_totals(
        self,
        by: Sequence[TotalBy],
        *,
        province_code: str | None = None,
        commune_code: str | None = None,
        sent_from: date | None = None,
        sent_to: date | None = None,
    ) -> list[RemittanceTotal]:
        """Returns remittance totals grouped by the dimensions asked for."""
        remittances = await store.find_remittances(
            self.database,
            province_code=province_code,
            commune_code=commune_code,
            sent_from=sent_from,
            sent_to=sent_to,
        )
        return remittance_totals(remittances, by)

    # Incidents

    async def report_incident(
        self, worker_id: str, command: incidents.ReportIncident, incident_id: str
    ) -> Incident:
        """Records an incident under a new ticket number; a retry returns the first one."""
        stored = await self.incidents.get(incident_id)
        if stored is not None:
            return Incident.model_validate(stored)
        case = await self.get_case(worker_id)
        now = self.clock()
        year = local_date(now).year
        for _ in range(TICKET_ATTEMPTS):
            ticket = incidents.ticket_number(year, await self.tickets.propose(year))
            incident, payloads = incidents.report_incident(
                case, command, incident_id=incident_id, ticket=ticket, now=now
            )
            events = self._stamp(payloads, worker_id, 0, now)
            try:
                await self.incidents.create(incident_id, store.incident_state(incident), events)
            except DuplicateKeyError:
                stored = await self.incidents.get(incident_id)
                if stored is not None:  # a retried request won the race
                    return Incident.model_validate(stored)
                await self.tickets.catch_up(year)  # the ticket was taken
                continue
            log.info("incident reported", worker_id=worker_id, ticket=ticket)
            return incident
        raise RuntimeError("no free ticket number after several attempts")

    async def get_incident(self, reference: str) -> Incident:
        """Returns the incident with this id or ticket number."""
        document = await store.find_incident(self.database, reference)
        if document is None:
            raise NotFoundError("incident", reference)
        return Incident.model_validate(document)

    async def incidents_of(self, worker_id: str) -> list[Incident]:
        """Returns a worker's incidents, oldest first."""
        await self.get_case(worker_id)
        return await store.incidents_of(self.database, worker_id)

    async def _change_incident(
        self, reference: str, decide: Callable[[Incident, datetime], Decided]
    ) -> Decided:
        """Runs one decision on the incident and saves it with its events, in one write."""

        async def attempt() -> Decided:
            document = await store.find_incident(self.database, reference)
            if document is None:
                raise NotFoundError("incident", reference)
            incident = Incident.model_validate(document)
            now = self.clock()
            updated, payloads = decide(incident, now)
            if not payloads:
                return incident, []
            events = self._stamp(payloads, incident.worker_id, document["event_seq"], now)
            await self.incidents.save(
                incident.incident_id, document["version"], store.incident_state(updated), events
            )
            return updated, payloads

        return await retry_on_conflict(attempt)

    async def assign_incident(self, reference: str, command: incidents.AssignIncident) -> Incident:
        """Hands the incident to an officer."""
        decided = await self._change_incident(
            reference, lambda i, now: _one(incidents.assign_incident(i, command, now=now))
        )
        return decided[0]

    async def change_incident_status(
        self, reference: str, command: incidents.ChangeIncidentStatus
    ) -> Incident:
        """Moves the incident one step along its status machine."""
        decided = await self._change_incident(
            reference, lambda i, now: _one(incidents.change_incident_status(i, command, now=now))
        )
        return decided[0]

    async def record_follow_up(
        self, reference: str, command: incidents.RecordFollowUp, action_id: str
    ) -> Incident:
        """Adds a follow-up action; a retried request with the same id adds nothing."""

        def decide(incident: Incident, now: datetime) -> Decided:
            if any(f.action_id == action_id for f in incident.follow_ups):
                return incident, []
            return _one(incidents.record_follow_up(incident, command, action_id=action_id, now=now))

        return (await self._change_incident(reference, decide))[0]

    async def incident_queue(
        self, province_code: str | None, commune_code: str | None, limit: int
    ) -> list[Incident]:
        """Returns unresolved incidents, most severe and oldest first."""
        found = await store.unresolved_incidents(self.database, province_code, commune_code)
        return incidents.incident_queue(found)[:limit]

    async def escalate_overdue(self) -> list[ac.IncidentEscalated]:
        """Escalates every overdue incident to each level now due, once per level."""
        candidates = await store.unresolved_incidents(
            self.database, below_level=len(incidents.ESCALATION_ORDER)
        )
        due = incidents.due_escalations(candidates, now=self.clock())
        escalated: list[ac.IncidentEscalated] = []
        for incident_id in dict.fromkeys(d.incident_id for d in due):
            _, events = await self._change_incident(
                incident_id, lambda i, now: _many(incidents.escalate_overdue(i, now=now))
            )
            escalated.extend(e for e in events if isinstance(e, ac.IncidentEscalated))
        for event in escalated:
            log.warning(
                "incident escalated",
                ticket=event.ticket,
                level=event.level,
                severity=event.severity,
            )
        return escalated

    async def escalate_periodically(self, interval_s: float) -> None:
        """Runs the escalation job every ``interval_s`` seconds until cancelled."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.escalate_overdue()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the store is down: try again next round
                log.warning("escalation job failed", error=type(exc).__name__)

    # Return and reintegration

    async def record_return(
        self, worker_id: str, command: reintegration.RecordReturn
    ) -> ac.WorkerReturned:
        """Records the worker's return home."""
        return await self._decide(
            worker_id, lambda c, now: reintegration.record_return(c, command, now=now)
        )

    async def plan_reintegration(
        self, worker_id: str, command: reintegration.PlanReintegration
    ) -> ac.ReintegrationPlanned:
        """Records the returned worker's needs assessment."""
        return await self._decide(
            worker_id, lambda c, now: reintegration.plan_reintegration(c, command, now=now)
        )

    async def refer_worker(
        self, worker_id: str, command: reintegration.ReferWorker, referral_id: str
    ) -> ac.ReintegrationReferred:
        """Records a referral; a retried request with the same id returns the first one."""
        case = await self.get_case(worker_id)
        for journey in case.journeys:
            for known in journey.referrals:
                if known.referral_id == referral_id:
                    return known
        return await self._decide(
            worker_id,
            lambda c, now: reintegration.refer_worker(c, command, referral_id=referral_id, now=now),
        )

    async def record_outcome(
        self, worker_id: str, command: reintegration.RecordOutcome
    ) -> ac.ReintegrationOutcomeRecorded:
        """Records what became of the returned worker."""
        return await self._decide(
            worker_id, lambda c, now: reintegration.record_outcome(c, command, now=now)
        )

    async def close_case(self, worker_id: str, command: reintegration.CloseCase) -> ac.CaseClosed:
        """Closes the returned worker's case."""
        return await self._decide(
            worker_id, lambda c, now: reintegration.close_case(c, command, now=now)
        )


def _one(decided: tuple[Incident, EventPayload]) -> Decided:
    incident, event = decided
    return incident, [event]


def _many(decided: tuple[Incident, Sequence[EventPayload]]) -> Decided:
    incident, events = decided
    return incident, list(events)
