"""Training's use cases: load, decide with the domain, save state and events in one write."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date, datetime, timedelta

from services.training import domain, store
from services.training.domain import (
    MARKET_REQUIREMENTS,
    Assessment,
    AssessWorker,
    CandidateView,
    Course,
    CourseDefinition,
    Enrolment,
    EnrolmentStatus,
    MarketReadiness,
    Outcome,
    Provider,
    ProviderDefinition,
    Requirement,
    TrainingRecord,
    announce_readiness,
    check_course,
    evaluate,
)
from services.training.domain.errors import (
    CandidateMergedError,
    CourseFullError,
    EnrolmentClosedError,
)
from shared.contracts.common import Market
from shared.contracts.training import Certificate, DropOutReason
from shared.errors import ConflictError, DomainError, NotFoundError
from shared.events.envelope import stamp_events
from shared.idempotency import IdempotencyKeys
from shared.logging import current_correlation_id, get_logger
from shared.pages import Pages
from shared.persistence import ConcurrentUpdateError, Document, Slots, UniqueKeys, retry_on_conflict
from shared.privacy.erasure_pass import ErasurePass
from shared.privacy.export import Holdings, holding, piece

log = get_logger(__name__)
SOURCE = "training"
ENROL_ATTEMPTS = 12
WRITE_ATTEMPTS = 12
ORPHAN_AFTER = timedelta(seconds=60)
"""A seat whose enrolment was never written (a crash in between) is freed after this long."""

Decision = Callable[[CandidateView, TrainingRecord, datetime], Outcome]
Table = Mapping[Market, tuple[Requirement, ...]]


def utc_now() -> datetime:
    return datetime.now(UTC)


class TrainingService:
    """Providers, courses, and each worker's enrolments, results and readiness."""

    def __init__(
        self,
        trainees: store.Trainees,
        courses: store.Courses,
        providers: store.Providers,
        certificates: UniqueKeys,
        clock: Callable[[], datetime] = utc_now,
        table: Table = MARKET_REQUIREMENTS,
    ) -> None:
        self.trainees = trainees
        self.courses = courses
        self.seats: Slots = courses.seats
        self.providers = providers
        self.certificates = certificates
        self.clock = clock
        self.table = table
        self.stored_answers: IdempotencyKeys | None = None
        """The answers kept for retried requests (an erasure deletes the worker's)."""
        self.erasures: ErasurePass | None = None
        """The trainees whose erasure is still to finish; None: finished nowhere."""

    # -- providers and courses ----------------------------------------------------------

    async def register_provider(self, definition: ProviderDefinition, provider_id: str) -> Provider:
        """Stores a training provider."""
        provider = Provider(provider_id=provider_id, **definition.model_dump())
        stored = await self.providers.insert(provider, self.clock())
        log.info("provider registered", provider_id=provider_id)
        return stored

    async def get_provider(self, provider_id: str) -> Provider:
        """Returns the provider or raises NotFoundError."""
        provider = await self.providers.get(provider_id)
        if provider is None:
            raise NotFoundError("provider", provider_id)
        return provider

    async def list_providers(self, pages: Pages, within: Document | None = None) -> list[Provider]:
        """Returns a page of the providers in the scope ``within`` (None: all), by id."""
        return await self.providers.all(pages, within)

    async def schedule_course(self, definition: CourseDefinition, course_id: str) -> Course:
        """Stores a course of a provider after checking it; 422 names each bad field."""
        course = Course.model_validate({**definition.model_dump(), "course_id": course_id})
        check_course(course, await self.providers.get(definition.provider_id))
        stored = await self.courses.insert(course, self.clock())
        log.info("course scheduled", course_id=course_id, provider_id=course.provider_id)
        return stored

    async def get_course(self, course_id: str) -> Course:
        """Returns the course with its current seats, or raises NotFoundError."""
        course = await self.courses.get(course_id)
        if course is None:
            raise NotFoundError("course", course_id)
        return course

    async def list_courses(
        self, filters: dict[str, str], pages: Pages, within: Document | None = None
    ) -> list[Course]:
        """Returns a page of the courses matching the filters inside the caller's scope,
        soonest first."""
        query: Document = {"$and": [filters, within]} if within else dict(filters)
        return await self.courses.find(query, pages)

    async def course_enrolments(
        self, course_id: str, within: Document | None = None
    ) -> list[tuple[str, str]]:
        """Returns (enrolment id, worker id) of the course's seat holders in the scope
        ``within`` (a filter on trainees; None: every holder)."""
        await self.get_course(course_id)
        holders = await self.seats.holders(course_id)
        # A merged duplicate's seat belongs to the survivor, who holds its enrolment now.
        survivors = await self.trainees.survivors([h["worker_id"] for h in holders])
        seated: list[tuple[str, str]] = []
        for holder in holders:
            worker_id: str = holder["worker_id"]
            seated.append((holder["enrolment_id"], survivors.get(worker_id, worker_id)))
        if within is not None:
            kept = await self.trainees.within([worker for _, worker in seated], within)
            seated = [(enrolment, worker) for enrolment, worker in seated if worker in kept]
        return seated

    # -- enrolment ----------------------------------------------------------------------

    async def enrol_worker(self, course_id: str, worker_id: str, enrolment_id: str) -> Enrolment:
        """Enrols the worker on the course: claims a seat, then writes the record.

        The seat is claimed first (a unique insert, so of two officers taking the last seat
        exactly one wins); the enrolment and its event are then written to the worker's
        document. If that write loses a race, the decision is made again keeping the seat;
        if the domain then refuses, the seat is given back.
        """

        async def attempt() -> Enrolment:
            now = self.clock()
            course = await self.get_course(course_id)
            document = await self.trainees.get(worker_id)
            candidate, record = (
                store.trainee_of(document)
                if document
                else (None, TrainingRecord(worker_id=worker_id))
            )
            done = _enrolment(record, enrolment_id)
            if done is not None:
                return done  # a retried request
            held = await self.seats.held_by(course_id, enrolment_id) is not None
            # Our own seat (claimed in an earlier attempt) must not make the course look full.
            seen = (
                course.model_copy(update={"seats_taken": course.seats_taken - 1})
                if held
                else course
            )
            try:
                outcome = domain.enrol(record, candidate, seen, enrolment_id=enrolment_id, now=now)
            except CourseFullError:
                if await self._free_orphaned_seats(course_id, now):
                    raise ConcurrentUpdateError("orphaned seats freed") from None
                raise
            except DomainError:
                if held:
                    await self.seats.release(course_id, enrolment_id)
                raise
            if not held and not await self._take_seat(course, enrolment_id, worker_id, now):
                if await self._free_orphaned_seats(course_id, now):
                    raise ConcurrentUpdateError("orphaned seats freed")
                raise CourseFullError(course_id, course.capacity)
            # enrol() refused an unknown worker, so both are here.
            assert document is not None
            assert candidate is not None
            saved = await self._save(document, candidate, outcome, now)
            log.info("worker enrolled", worker_id=worker_id, course_id=course_id)
            return saved.record.enrolment(enrolment_id)

        try:
            return await retry_on_conflict(attempt, ENROL_ATTEMPTS)
        except ConcurrentUpdateError:
            await self.seats.release(course_id, enrolment_id)
            raise ConflictError("the course or the worker kept changing; try again") from None

    async def _take_seat(
        self, course: Course, enrolment_id: str, worker_id: str, now: datetime
    ) -> bool:
        """Claims a free seat of the course for the enrolment; False when every seat is taken."""
        details = {"worker_id": worker_id, "taken_at": now}
        seat = await self.seats.take(course.course_id, course.capacity, enrolment_id, details)
        return seat is not None

    async def _free_orphaned_seats(self, course_id: str, now: datetime) -> bool:
        """Frees seats whose enrolment was never written (a crash) or was dropped out."""
        stale = [
            h for h in await self.seats.holders(course_id) if now - h["taken_at"] >= ORPHAN_AFTER
        ]
        if not stale:
            return False
        holders = sorted({h["worker_id"] for h in stale})
        survivors = await self.trainees.survivors(holders)
        # A merged duplicate's enrolments are on the survivor's record now.
        records = await self.trainees.enrolments_of(sorted({*holders, *survivors.values()}))
        open_ids = {
            e["enrolment_id"]
            for r in records
            for e in r.get("enrolments", [])
            if e.get("status") != EnrolmentStatus.DROPPED_OUT
        }
        freed = 0
        for holder in stale:
            if holder["enrolment_id"] not in open_ids and await self.seats.release(
                course_id, holder["enrolment_id"]
            ):
                freed += 1
        if freed:
            log.warning("orphaned seats freed", course_id=course_id, seats=freed)
        return freed > 0

    async def drop_out(self, worker_id: str, enrolment_id: str, reason: DropOutReason) -> Enrolment:
        """Ends an open enrolment early and gives its seat back."""
        try:
            outcome = await self._change(
                worker_id,
                lambda _, record, now: domain.drop_out(
                    record, enrolment_id, reason=reason, now=now
                ),
            )
        except EnrolmentClosedError:
            # A retry after a crash between the two writes: make sure the seat is free.
            _, _, record = await self._load(worker_id)
            enrolment = record.enrolment(enrolment_id)
            if enrolment.status is EnrolmentStatus.DROPPED_OUT:
                await self.seats.release(enrolment.course.course_id, enrolment_id)
            raise
        if outcome.seat_released:
            await self.seats.release(outcome.seat_released, enrolment_id)
        log.info("worker dropped out", worker_id=worker_id, enrolment_id=enrolment_id)
        return outcome.record.enrolment(enrolment_id)

    async def mark_attendance(
        self, worker_id: str, enrolment_id: str, session_id: str, present: bool
    ) -> Enrolment:
        """Marks the worker present or absent at one session."""
        outcome = await self._change(
            worker_id,
            lambda _, record, now: domain.record_attendance(
                record, enrolment_id, session_id=session_id, present=present, now=now
            ),
        )
        return outcome.record.enrolment(enrolment_id)

    async def assess(self, worker_id: str, command: AssessWorker, assessment_id: str) -> Assessment:
        """Records an assessment; a final one passes or fails the enrolment."""

        def decide(_: CandidateView, record: TrainingRecord, now: datetime) -> Outcome:
            if _assessment(record, assessment_id) is not None:
                return Outcome(record)  # a retried request
            return domain.record_assessment(record, command, assessment_id=assessment_id, now=now)

        outcome = await self._change(worker_id, decide)
        assessment = _assessment(outcome.record, assessment_id)
        assert assessment is not None
        log.info("worker assessed", worker_id=worker_id, kind=command.kind)
        return assessment

    async def certify(
        self, worker_id: str, enrolment_id: str, number: str, issued_on: date
    ) -> Certificate:
        """Issues a passed enrolment's certificate under a number no other enrolment holds."""
        number = number.strip()
        claimed = False

        async def attempt() -> Outcome:
            nonlocal claimed
            now = self.clock()
            document, candidate, record = await self._load_live(worker_id)
            outcome = domain.issue_certificate(
                record, enrolment_id, number=number, issued_on=issued_on, now=now
            )
            if not claimed:
                details = {"worker_id": worker_id, "at": now}
                if not await self.certificates.claim(number, enrolment_id, details):
                    raise ConflictError("certificate number already issued", number=number)
                claimed = True
            return await self._save(document, candidate, outcome, now)

        try:
            outcome = await _taking_turns(attempt)
        except DomainError:
            if claimed:
                await self.certificates.release(number, enrolment_id)
            raise
        certificate = outcome.record.enrolment(enrolment_id).certificate
        assert certificate is not None
        log.info("worker certified", worker_id=worker_id, enrolment_id=enrolment_id)
        return certificate

    async def forget_erased(self) -> list[str]:
        """Finishes the erasures not yet finished (``forget_erased_worker`` for each trainee
        newly erased): returns the workers finished. Running it again finds nothing more."""
        return await self.erasures.run() if self.erasures is not None else []

    async def forget_erased_worker(self, worker_id: str) -> None:
        """Gives back the erased worker's certificate numbers from the register (the record
        withheld them on hearing ``worker.erased``; the register still named them) and deletes
        the answers kept for the worker's retried requests. May run again."""
        released = await self.certificates.release_where({"worker_id": worker_id})
        answers = 0
        if self.stored_answers is not None:
            answers = await self.stored_answers.forget_worker(worker_id)
        log.info("erased worker forgotten", worker_id=worker_id, numbers=released,
                 answers=answers)  # fmt: skip

    async def forget_erased_periodically(self, interval_s: float) -> None:
        """Runs ``forget_erased`` every ``interval_s`` seconds until cancelled."""
        if self.erasures is not None:
            await self.erasures.run_periodically(interval_s)

    async def recover(self) -> int:
        """Publishes the events of writes a crash interrupted; returns how many it released."""
        released = await self.trainees.recover(self.clock())
        if released:
            log.warning("interrupted writes recovered", writes=released)
        return released

    # -- reads --------------------------------------------------------------------------

    async def trainee(self, worker_id: str) -> tuple[CandidateView, TrainingRecord]:
        """Returns what training knows of the worker, or raises NotFoundError."""
        _, candidate, record = await self._load(worker_id)
        return candidate, record

    async def personal_data(self, worker_id: str) -> Holdings:
        """What training holds about the worker, for intake's personal-data export."""
        document, _, _ = await self._load(worker_id)
        held = piece(holding("training", store.TRAINEES), document)
        return Holdings(service="training", worker_id=worker_id, pieces=[held])

    async def readiness(self, worker_id: str) -> tuple[CandidateView, list[MarketReadiness]]:
        """Returns, per market, whether the worker meets it today (proofs still valid) and
        what is missing, on the worker's current journey."""
        candidate, record = await self.trainee(worker_id)
        today = self.clock().date()
        return candidate, evaluate(record, self.table, on=today, journey=candidate.journey)

    # -- the worker's document ----------------------------------------------------------

    async def _load(self, worker_id: str) -> tuple[Document, CandidateView, TrainingRecord]:
        document = await self.trainees.get(worker_id)
        if document is None:
            raise NotFoundError("worker", worker_id)
        candidate, record = store.trainee_of(document)
        return document, candidate, record

    async def _load_live(self, worker_id: str) -> tuple[Document, CandidateView, TrainingRecord]:
        """Loads a worker's record to change it; 409 naming the survivor if it was merged (its
        training moved onto the survivor's record), 409 if the worker's personal data was
        erased (the record's certificate numbers were withheld once, on hearing it)."""
        document, candidate, record = await self._load(worker_id)
        if candidate.merged_into is not None:
            raise CandidateMergedError(worker_id, candidate.merged_into)
        if candidate.erased:
            raise ConflictError("the worker's personal data was erased: the record takes no change")
        return document, candidate, record

    async def _change(self, worker_id: str, decide: Decision) -> Outcome:
        """Loads the worker, decides, saves; again if another writer got there first."""

        async def attempt() -> Outcome:
            now = self.clock()
            document, candidate, record = await self._load_live(worker_id)
            return await self._save(document, candidate, decide(candidate, record, now), now)

        return await _taking_turns(attempt)

    async def _save(
        self, document: Document, candidate: CandidateView, outcome: Outcome, now: datetime
    ) -> Outcome:
        """Writes the outcome and the ``worker.trained`` it makes due, in one update."""
        settled = announce_readiness(outcome.record, candidate, now=now, table=self.table)
        payloads = [*outcome.events, *settled.events]
        events = stamp_events(
            payloads,
            subject=candidate.worker_id,
            after_sequence=document.get("event_seq", 0),
            source=SOURCE,
            correlation_id=current_correlation_id(),
            now=now,
        )
        state = store.trainee_state(candidate, settled.record)
        await self.trainees.save(document, state, events)
        return dataclasses.replace(outcome, record=settled.record, events=tuple(payloads))


async def _taking_turns(attempt: Callable[[], Awaitable[Outcome]]) -> Outcome:
    """Runs a load-decide-save attempt again while another writer wins; 409 if it keeps
    losing."""
    try:
        return await retry_on_conflict(attempt, WRITE_ATTEMPTS)
    except ConcurrentUpdateError:
        raise ConflictError("the worker's record kept changing; try again") from None


def _enrolment(record: TrainingRecord, enrolment_id: str) -> Enrolment | None:
    return next((e for e in record.enrolments if e.enrolment_id == enrolment_id), None)


def _assessment(record: TrainingRecord, assessment_id: str) -> Assessment | None:
    return next((a for a in record.assessments if a.assessment_id == assessment_id), None)
