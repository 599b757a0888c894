"""Aftercare's use cases: load, decide with the domain, write the change and its events at once.

Every change is one inserted document in a write log (see store.py): the insert claims the
change's number, so two concurrent requests never both succeed on stale state, and the events
travel in that document's outbox.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime
from typing import TypeVar, cast

from services.aftercare import store
from services.aftercare.domain import checkins, contract_end, hard_cases, incidents, reintegration
from services.aftercare.domain.case import JourneyStage, WorkerCase, add_events
from services.aftercare.domain.dates import local_date
from services.aftercare.domain.erasure import forgotten_case_change, forgotten_incident_change
from services.aftercare.domain.incidents import Incident
from services.aftercare.domain.overview import CasesOverview, cases_overview
from services.aftercare.domain.remittances import (
    Remittance,
    RemittanceTotal,
    ReportRemittance,
    TotalBy,
    remittance_totals,
    report_remittance,
)
from services.aftercare.domain.timeline import TimelineEntry, TimelineItem, public_timeline
from shared.approval_desk import ApprovalDesk
from shared.approvals import Approval, ApprovalAction, StaleChangeError, is_stale
from shared.auth.principal import Role
from shared.contracts import aftercare as ac
from shared.errors import ConflictError, NotFoundError
from shared.events.catalogue import EventPayload
from shared.events.envelope import EventEnvelope, stamp_events
from shared.idempotency import IdempotencyKeys
from shared.logging import current_correlation_id, get_logger
from shared.messages import N_
from shared.outbox import forget_set_aside
from shared.persistence import Collection, ConcurrentUpdateError, Document, retry_on_conflict
from shared.privacy.erasure_pass import ErasurePass
from shared.privacy.export import Holdings, holding, piece

log = get_logger(__name__)
SOURCE = "aftercare"
CLOSURE = "case.closure"
"""The kind of waiting change that closes a case."""
WRITE_ATTEMPTS = 12
TICKET_ATTEMPTS = 20
T = TypeVar("T")
P = TypeVar("P", bound=EventPayload)
Decided = tuple[Incident, list[EventPayload]]


def utc_now() -> datetime:
    return datetime.now(UTC)


class AftercareService:
    """Workers abroad, their return and reintegration."""

    def __init__(
        self,
        cases: store.Cases,
        case_writes: store.WriteLog,
        incident_writes: store.WriteLog,
        incident_listings: store.IncidentListings,
        remittances: store.Remittances,
        tickets: store.Tickets,
        clock: Callable[[], datetime] = utc_now,
        no_contact_days: int = checkins.DEFAULT_NO_CONTACT_DAYS,
        ending_window_days: int = contract_end.DEFAULT_WINDOW_DAYS,
    ) -> None:
        self.cases = cases
        self.case_writes = case_writes
        self.incident_writes = incident_writes
        self.incident_listings = incident_listings
        self.remittances = remittances
        self.tickets = tickets
        self.clock = clock
        self.no_contact_days = no_contact_days
        self.ending_window_days = ending_window_days
        self.desk: ApprovalDesk | None = None
        self.erasures: ErasurePass | None = None
        """The cases whose erasure is still to finish; None: finished nowhere."""
        self.stored_answers: IdempotencyKeys | None = None
        """The answers kept for retried requests (a check-in's answer holds its notes)."""
        self.set_aside: Collection | None = None
        """The outbox entries the relay could not publish (a check-in's holds its notes)."""
        """Where changes a province makes wait for a second person go; None: none wait."""

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

    # The case and its timeline

    async def _load_case(self, worker_id: str) -> tuple[WorkerCase, list[Document]]:
        """Returns the case as the view and the API's own changes make it, and those changes."""
        # Both at once: the entries are merged by event id, so neither read must come first.
        view, history = await asyncio.gather(
            self.cases.view(worker_id), self.case_writes.history(worker_id)
        )
        if view is None and not history:
            raise NotFoundError("worker", worker_id)
        case = store.case_of(view) if view else WorkerCase(worker_id=worker_id)
        return add_events(case, store.own_entries(history)), history

    async def get_case(self, worker_id: str) -> WorkerCase:
        """Returns the worker's case, or raises NotFoundError if aftercare never heard of them."""
        return (await self._load_case(worker_id))[0]

    async def personal_data(self, worker_id: str) -> Holdings:
        """What aftercare holds about the worker, for intake's personal-data export."""
        case = await self.get_case(worker_id)
        held = piece(holding("aftercare", store.CASES), case.model_dump(mode="json"))
        return Holdings(service="aftercare", worker_id=worker_id, pieces=[held])

    async def timeline(self, worker_id: str) -> list[TimelineItem]:
        """Returns every event heard about the worker, in order, with its journey."""
        return public_timeline((await self.get_case(worker_id)).timeline)

    async def _decide(self, worker_id: str, decide: Callable[[WorkerCase, datetime], P]) -> P:
        """Decides one change of the case and writes it with its event, as change n + 1."""

        async def attempt() -> P | None:
            case, history = await self._load_case(worker_id)
            _refuse_erased(case)
            now = self.clock()
            payload = decide(case, now)
            own_events = sum(len(change["entries"]) for change in history)
            events = self._stamp([payload], worker_id, own_events, now)
            entries = [TimelineEntry.of(events[0], payload).model_dump(mode="json")]
            written = await self.case_writes.append(
                worker_id,
                len(history) + 1,
                {"worker_id": worker_id, "entries": entries},
                events,
            )
            return payload if written else None

        payload = await _taking_turns(attempt, "the worker's case")
        log.info("case changed", worker_id=worker_id, event_type=payload.event_type)
        return payload

    # Abroad: check-ins, contract end

    async def record_check_in(
        self, worker_id: str, command: checkins.RecordCheckIn, check_in_id: str
    ) -> ac.WorkerCheckedIn:
        """Records a check-in; a retried request with the same id returns the first one."""

        def decide(case: WorkerCase, now: datetime) -> ac.WorkerCheckedIn:
            for journey in case.journeys:
                for known in journey.check_ins:
                    if known.check_in_id == check_in_id:
                        raise _AlreadyDone(known)
            return checkins.record_check_in(case, command, check_in_id=check_in_id, now=now)

        try:
            return await self._decide(worker_id, decide)
        except _AlreadyDone as done:
            known = done.payload
        return cast(ac.WorkerCheckedIn, known)

    async def workers_without_contact(
        self, max_days: int, province_code: str | None, commune_code: str | None
    ) -> list[checkins.ContactGap]:
        """Returns workers abroad not contacted for more than ``max_days`` days, oldest first."""
        summaries = await self.cases.summaries(JourneyStage.ABROAD, province_code, commune_code)
        return checkins.workers_without_contact(summaries, now=self.clock(), max_days=max_days)

    async def contracts_ending(
        self, within_days: int, province_code: str | None, commune_code: str | None
    ) -> list[contract_end.ContractEnding]:
        """Returns workers abroad whose contract ends within the window, soonest first."""
        summaries = await self.cases.summaries(JourneyStage.ABROAD, province_code, commune_code)
        today = local_date(self.clock())
        return contract_end.contracts_ending(summaries, today=today, within_days=within_days)

    async def overview(
        self,
        province_code: str | None,
        commune_code: str | None,
        no_contact_days: int,
        window_days: int,
    ) -> CasesOverview:
        """Returns how many of an area's cases need attention now (a dashboard's tiles)."""
        abroad = await self.cases.summaries(JourneyStage.ABROAD, province_code, commune_code)
        returned = await self.cases.summaries(JourneyStage.RETURNED, province_code, commune_code)
        listings = await self.incident_listings.find(
            unresolved=True, province_code=province_code, commune_code=commune_code
        )
        return cases_overview(
            abroad,
            returned,
            await self._incidents(listings),
            now=self.clock(),
            no_contact_days=no_contact_days,
            window_days=window_days,
        )

    async def extend_contract(
        self, worker_id: str, command: contract_end.ExtendContract
    ) -> ac.ContractExtended:
        """Extends a worker's contract; the expected return moves to the new end."""
        return await self._decide(
            worker_id, lambda c, now: contract_end.extend_contract(c, command, now=now)
        )

    # The hard cases abroad: missing or absconded, found again, died abroad

    async def report_missing(
        self, worker_id: str, command: hard_cases.ReportMissing
    ) -> ac.WorkerReportedMissing:
        """Reports a worker abroad missing or absconded, with the last contact and steps taken."""
        return await self._decide(
            worker_id, lambda c, now: hard_cases.report_missing(c, command, now=now)
        )

    async def resume_contact(
        self, worker_id: str, command: hard_cases.ResumeContact
    ) -> ac.WorkerContactResumed:
        """Records that a worker reported missing was found or got in touch again."""
        return await self._decide(
            worker_id, lambda c, now: hard_cases.resume_contact(c, command, now=now)
        )

    async def record_death(
        self, worker_id: str, command: hard_cases.RecordDeathAbroad
    ) -> ac.WorkerDiedAbroad:
        """Records a death abroad with the repatriation and the family's support plan."""
        return await self._decide(
            worker_id, lambda c, now: hard_cases.record_death(c, command, now=now)
        )

    # Remittances

    async def report_remittance(
        self, worker_id: str, command: ReportRemittance, remittance_id: str
    ) -> Remittance:
        """Records a remittance; a retried request with the same id returns the first one."""
        case = await self.get_case(worker_id)
        _refuse_erased(case)
        now = self.clock()
        remittance, payload = report_remittance(case, command, remittance_id=remittance_id, now=now)
        events = self._stamp([payload], worker_id, 0, now)
        stored = await self.remittances.add(remittance, events)
        if stored is not None:
            return stored  # a retried request
        log.info("remittance reported", worker_id=worker_id, remittance_id=remittance_id)
        return remittance

    async def remittances_of(self, worker_id: str) -> list[Remittance]:
        """Returns a worker's remittances in the order they were sent."""
        await self.get_case(worker_id)
        return await self.remittances.find(worker_id=worker_id)

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
        remittances = await self.remittances.find(
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
        existing = await self.incident_writes.latest(incident_id)
        if existing is not None:
            return store.incident_of(existing)
        case = await self.get_case(worker_id)
        _refuse_erased(case)
        now = self.clock()
        ticket = await self._claim_ticket(incident_id, local_date(now).year)
        incident, payloads = incidents.report_incident(
            case, command, incident_id=incident_id, ticket=ticket, now=now
        )
        events = self._stamp(payloads, worker_id, 0, now)
        body = _incident_body(incident, len(events))
        if not await self.incident_writes.append(incident_id, 1, body, events):
            stored = await self.incident_writes.latest(incident_id)  # a retry won the race
            assert stored is not None
            return store.incident_of(stored)
        log.info("incident reported", worker_id=worker_id, ticket=ticket)
        return incident

    async def _claim_ticket(self, incident_id: str, year: int) -> str:
        """Returns a ticket number no other incident holds, claimed for this one."""
        held = await self.tickets.of_incident(incident_id)
        if held is not None:
            return held
        for _ in range(TICKET_ATTEMPTS):
            ticket = incidents.ticket_number(year, await self.tickets.propose(year))
            if await self.tickets.claim(ticket, incident_id, year):
                return ticket
            await self.tickets.catch_up(year)
        raise ConflictError("no free ticket number; try again")

    async def _incident_id(self, reference: str) -> str:
        if incidents.is_ticket(reference):
            incident_id = await self.tickets.incident_id(reference)
            if incident_id is None:
                raise NotFoundError("incident", reference)
            return incident_id
        return reference

    async def _load_incident(self, reference: str) -> tuple[Incident, Document]:
        incident_id = await self._incident_id(reference)
        latest = await self.incident_writes.latest(incident_id)
        if latest is None:
            raise NotFoundError("incident", reference)
        return store.incident_of(latest), latest

    async def get_incident(self, reference: str) -> Incident:
        """Returns the incident with this id or ticket number (its text withheld once its
        worker was erased)."""
        return (await self._forgetting_erased([(await self._load_incident(reference))[0]]))[0]

    async def _incidents(self, listings: Sequence[incidents.IncidentListing]) -> list[Incident]:
        latest = await self.incident_writes.latest_of([listing.incident_id for listing in listings])
        return await self._forgetting_erased([store.incident_of(c) for c in latest.values()])

    async def incidents_of(self, worker_id: str) -> list[Incident]:
        """Returns a worker's incidents, oldest first."""
        await self.get_case(worker_id)
        latest = await self.incident_writes.latest_where({"worker_id": worker_id})
        found = await self._forgetting_erased([store.incident_of(c) for c in latest.values()])
        return sorted(found, key=lambda i: (i.reported_at, i.ticket))

    async def _forgetting_erased(self, found: list[Incident]) -> list[Incident]:
        """The incidents with the description, notes and actions of erased workers withheld."""
        erased = await self.cases.erased({incident.worker_id for incident in found})
        return [
            incidents.without_text(incident) if incident.worker_id in erased else incident
            for incident in found
        ]

    async def _change_incident(
        self, reference: str, decide: Callable[[Incident, datetime], Decided]
    ) -> Decided:
        """Decides one change of the incident and writes it with its events, as change n + 1."""

        async def attempt() -> Decided | None:
            incident, latest = await self._load_incident(reference)
            if await self.cases.erased({incident.worker_id}):
                raise ConflictError(ERASED)
            now = self.clock()
            updated, payloads = decide(incident, now)
            if not payloads:
                return incident, []
            count = latest["event_count"]
            events = self._stamp(payloads, incident.worker_id, count, now)
            body = _incident_body(updated, count + len(events))
            written = await self.incident_writes.append(
                incident.incident_id, latest["n"] + 1, body, events
            )
            return (updated, payloads) if written else None

        return await _taking_turns(attempt, "the incident")

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
        self, province_code: str | None, commune_code: str | None, limit: int | None = None
    ) -> list[Incident]:
        """Returns unresolved incidents, most severe and oldest first (the first ``limit``)."""
        listings = await self.incident_listings.find(
            unresolved=True, province_code=province_code, commune_code=commune_code
        )
        return incidents.incident_queue(await self._incidents(listings))[:limit]

    async def escalate_overdue(
        self, province_code: str | None = None, commune_code: str | None = None
    ) -> list[ac.IncidentEscalated]:
        """Escalates every overdue incident (of a province or commune, if given) to each level
        now due, once per level."""
        listings = await self.incident_listings.find(
            unresolved=True, province_code=province_code, commune_code=commune_code
        )
        levels = len(incidents.ESCALATION_ORDER)
        candidates = [listing for listing in listings if listing.escalation_level < levels]
        due = incidents.due_escalations(await self._incidents(candidates), now=self.clock())
        escalated: list[ac.IncidentEscalated] = []
        for incident_id in dict.fromkeys(d.incident_id for d in due):
            _, events = await self._change_incident(
                incident_id, lambda i, now: _many(incidents.escalate_overdue(i, now=now))
            )
            escalated.extend(e for e in events if isinstance(e, ac.IncidentEscalated))
        for event in escalated:
            log.warning("incident escalated", ticket=event.ticket, level=event.level)
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

    # Erased workers

    async def forget_erased(self) -> list[str]:
        """Finishes the erasures not yet finished (``forget_erased_worker`` for each case newly
        erased): returns the workers finished. A worker finished is not read again; one
        stopped half way is finished on the next pass."""
        return await self.erasures.run() if self.erasures is not None else []

    async def forget_erased_worker(self, worker_id: str) -> None:
        """Withholds the personal data an erased worker's case view no longer shows from where
        aftercare still holds it: the case's and incidents' write logs (their entries, notes,
        descriptions and waiting events), the answers kept for retried requests, the
        approvals of changes to the case and the outbox entries set aside. May run again."""
        cases = await self.case_writes.forget(worker_id, forgotten_case_change)
        found = await self.incident_writes.forget(worker_id, forgotten_incident_change)
        answers = 0
        if self.stored_answers is not None:
            answers = await self.stored_answers.forget_worker(worker_id)
        if self.desk is not None:
            await self.desk.forget_worker(worker_id)
        if self.set_aside is not None:
            await forget_set_aside(self.set_aside, worker_id)
        log.info("erased worker forgotten", worker_id=worker_id, case_changes=cases,
                 incident_changes=found, answers=answers)  # fmt: skip

    async def forget_erased_periodically(self, interval_s: float) -> None:
        """Runs ``forget_erased`` every ``interval_s`` seconds until cancelled."""
        if self.erasures is not None:
            await self.erasures.run_periodically(interval_s)

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

        def decide(case: WorkerCase, now: datetime) -> ac.ReintegrationReferred:
            for journey in case.journeys:
                for known in journey.referrals:
                    if known.referral_id == referral_id:
                        raise _AlreadyDone(known)
            return reintegration.refer_worker(case, command, referral_id=referral_id, now=now)

        try:
            return await self._decide(worker_id, decide)
        except _AlreadyDone as done:
            known = done.payload
        return cast(ac.ReintegrationReferred, known)

    async def record_outcome(
        self, worker_id: str, command: reintegration.RecordOutcome
    ) -> ac.ReintegrationOutcomeRecorded:
        """Records what became of the returned worker."""
        return await self._decide(
            worker_id, lambda c, now: reintegration.record_outcome(c, command, now=now)
        )

    async def close_case(
        self, worker_id: str, command: reintegration.CloseCase, maker_role: Role = Role.SERVICE
    ) -> ac.CaseClosed | Approval:
        """Closes the returned worker's case; or, where the worker's province makes closures
        wait for a second person, puts the closure in the approval queue and returns it."""
        case, history = await self._load_case(worker_id)
        _refuse_erased(case)
        reintegration.close_case(case, command, now=self.clock())  # 409 before anyone waits
        profile = case.profile
        if self.desk is not None and profile is not None:
            asked = await self.desk.ask(
                actions=[ApprovalAction.CASE_CLOSE],
                kind=CLOSURE,
                target_id=worker_id,
                worker_id=worker_id,
                province_code=profile.locality.province_code,
                commune_code=profile.locality.commune_code,
                change=command.model_dump(mode="json"),
                changed_fields=sorted(command.model_dump(exclude_none=True)),
                basis=reintegration.closure_basis(case, len(history)),
                maker=command.closed_by,
                maker_role=maker_role,
                reason=command.notes,
            )
            if asked is not None:
                return asked
        return await self._decide(
            worker_id, lambda c, now: reintegration.close_case(c, command, now=now)
        )

    async def closure_facts(self, approval: Approval) -> dict[str, object]:
        """Returns the facts a waiting closure was asked on, as the case holds them now."""
        case, history = await self._load_case(approval.target_id)
        return reintegration.closure_basis(case, len(history))

    async def apply_closure(self, approval: Approval) -> None:
        """Writes an approved closure with its event as the case's next change; once, however
        often it is asked; StaleChangeError if the case changed since the request."""
        worker_id = approval.target_id
        command = reintegration.CloseCase.model_validate(approval.change)

        async def attempt() -> bool | None:
            case, history = await self._load_case(worker_id)
            if any(change.get("approval_id") == approval.approval_id for change in history):
                return True
            if is_stale(approval, reintegration.closure_basis(case, len(history))):
                raise StaleChangeError(approval.approval_id)
            now = self.clock()
            payload = reintegration.close_case(case, command, now=now)
            own_events = sum(len(change["entries"]) for change in history)
            events = self._stamp([payload], worker_id, own_events, now)
            entries = [TimelineEntry.of(events[0], payload).model_dump(mode="json")]
            body = {"worker_id": worker_id, "entries": entries, "approval_id": approval.approval_id}
            written = await self.case_writes.append(worker_id, len(history) + 1, body, events)
            return True if written else None

        await _taking_turns(attempt, "the worker's case")
        log.info("case closed on approval", worker_id=worker_id)


class _AlreadyDone(Exception):  # noqa: N818 - a signal, not an error
    """A retried request found its record already written."""

    def __init__(self, payload: EventPayload) -> None:
        super().__init__("already recorded")
        self.payload = payload


ERASED = N_("the worker's personal data was erased: their case takes no new entries")


def _refuse_erased(case: WorkerCase) -> None:
    """409 for a change to an erased worker's case: the erasure job has forgotten what was
    written before, and would never see what is written after."""
    if case.erased:
        raise ConflictError(ERASED)


async def _taking_turns(attempt: Callable[[], Awaitable[T | None]], what: str) -> T:
    """Runs a load-decide-write attempt again while another writer takes its change number
    first (``None``); 409 if it keeps losing."""

    async def claimed() -> T:
        result = await attempt()
        if result is None:
            raise ConcurrentUpdateError(f"{what}: change number taken")
        return result

    try:
        return await retry_on_conflict(claimed, WRITE_ATTEMPTS)
    except ConcurrentUpdateError:
        raise ConflictError("{what} kept changing; try again", what=what) from None


def _incident_body(incident: Incident, event_count: int) -> Document:
    return {
        "incident_id": incident.incident_id,
        "worker_id": incident.worker_id,
        "incident": incident.model_dump(mode="json"),
        "event_count": event_count,
    }


def _one(decided: tuple[Incident, EventPayload]) -> Decided:
    incident, event = decided
    return incident, [event]


def _many(decided: tuple[Incident, Sequence[EventPayload]]) -> Decided:
    incident, events = decided
    return incident, list(events)
