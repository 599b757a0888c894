"""Use cases of a worker's case: registration, corrections, status, support, duplicates."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol, TypeVar

from services.intake import store
from services.intake.domain.bulk_import import national_id_as_kept
from services.intake.domain.case_import import case_key
from services.intake.domain.consent import (
    GiveConsent,
    WithdrawConsent,
    give_consent,
    withdraw_consent,
)
from services.intake.domain.consultations import (
    Consultation,
    RecordConsultation,
    consultation_history,
    record_consultation,
)
from services.intake.domain.duplicates import (
    MAX_CANDIDATES,
    MAX_MEMBERS,
    MAX_ROUNDS,
    PENDING_LOOKUPS,
    DecideReview,
    Decision,
    DuplicateReview,
    ReviewStatus,
    decide_review,
    merge_basis,
    merge_workers,
    open_review,
    refuse_merge,
)
from services.intake.domain.eligibility import Eligibility, assess_eligibility
from services.intake.domain.erasure import (
    REMOVED_FIELDS,
    EraseWorker,
    erase_worker,
    forgotten_review,
    legal_holds,
)
from services.intake.domain.journeys import JourneyEnds, StartJourney, start_journey
from services.intake.domain.likeness import (
    Candidate,
    Keyed,
    Likeness,
    anchor_of,
    find_candidates,
    keys_to_read,
    twin_key,
    twin_match,
)
from services.intake.domain.loans import (
    ApplyForLoan,
    ChangeLoan,
    Loan,
    LoanTransition,
    apply_for_loan,
    change_loan,
)
from services.intake.domain.names import name_tokens
from services.intake.domain.registration import RegisterWorker, local_date, taken_elsewhere
from services.intake.domain.worker import (
    CorrectWorker,
    IllegalTransitionError,
    ReopenWorker,
    WithdrawWorker,
    Worker,
    WorkerStatus,
    correct_worker,
    correction_actions,
    correction_basis,
    register_worker,
    reopen_worker,
    withdraw_worker,
)
from shared.approval_desk import ApprovalDesk
from shared.approvals import Approval, ApprovalAction, StaleChangeError, is_stale
from shared.auth.principal import Area, Role
from shared.contracts.common import Locality
from shared.contracts.intake import ErasureGrounds, WorkerCaseImported
from shared.errors import ConflictError, NotFoundError, OutOfScopeError
from shared.events.catalogue import EventPayload
from shared.events.envelope import EventEnvelope, stamp_events
from shared.logging import current_correlation_id, get_logger
from shared.messages import N_
from shared.outbox import forget_set_aside
from shared.pages import Pages
from shared.persistence import (
    AlreadyStoredError,
    Collection,
    ConcurrentUpdateError,
    Document,
    retry_on_conflict,
)
from shared.privacy.lookup import LIKENESS, NATIONAL_ID, PROCESS_HASH, KeyedHash, LookupKeys

log = get_logger(__name__)
SOURCE = "intake"
CORRECTION = "worker.correction"
"""The kind of waiting change that corrects a worker's record."""
MERGE = "duplicates.merge"
"""The kind of waiting change that merges likely duplicates ("same person")."""
IMPORTS_UNFINISHED = ("queued", "running")
"""The statuses of an import still reading its file."""
TAKEN_HERE = N_(
    "national ID already registered: a worker home from a journey starts the next one on the "
    "same case, with a POST to `new_journey`"
)
T = TypeVar("T")
JOIN_ATTEMPTS = 8
"""Rounds of joining a review (each retried on conflict) before a registration gives up
flagging: the registration stands either way."""
RETENTION_JOB = "retention-job"
"""Who erases a worker whose records are past their retention period."""


def utc_now() -> datetime:
    """Returns now in UTC, to the millisecond the store keeps."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


REGROUPING = "regrouping_from"
"""The earlier duplicate keys of a corrected record whose groups it may still be in."""


def worker_state(worker: Worker) -> Document:
    """Returns the stored fields of a worker (times as BSON dates, so they sort and compare)."""
    state = worker.model_dump(mode="json")
    state["registered_at"] = worker.registered_at
    return state


def _province_of(within: Document | None) -> str | None:
    """The one province a caller's scope holds, if it holds one (its name keys are smaller)."""
    province = (within or {}).get("locality.province_code")
    return province if isinstance(province, str) else None


class StoredAnswers(Protocol):
    """The answers kept for retried requests (``shared.idempotency.IdempotencyKeys``)."""

    async def forget_worker(self, worker_id: str) -> int:
        """Deletes the stored requests and answers about the worker; returns how many."""
        ...


class KeyEraser(Protocol):
    """Destroys a worker's data key (``shared.privacy.keys.DataKeys``)."""

    async def erase(self, owner: str) -> bool:
        """Destroys the owner's data key; returns whether one existed."""
        ...


@dataclass(frozen=True)
class Registration:
    """What a registration did: the record, whether it is new, and likely duplicates flagged."""

    document: Document
    created: bool
    likely_duplicates: list[str] = field(default_factory=list)


class IntakeService:
    """Registration and the worker's case at intake."""

    def __init__(
        self,
        workers: store.Workers,
        reviews: store.DuplicateReviews,
        names: store.NameIndex,
        clock: Callable[[], datetime] = utc_now,
        desk: ApprovalDesk | None = None,
        *,
        journey_ends: store.JourneyEndsView,
        keys: KeyEraser | None = None,
        holds: store.LegalHoldsView | None = None,
        imports: store.Imports | None = None,
        stored_answers: StoredAnswers | None = None,
        set_aside: Collection | None = None,
        lookup: LookupKeys | None = None,
    ) -> None:
        self.workers = workers
        self.reviews = reviews
        self.clock = clock
        self.names = names
        self.desk = desk
        """Where changes a province makes wait for a second person go; None: none wait."""
        self.journey_ends = journey_ends
        self.keys = keys
        """The workers' data keys: erasing one makes every sealed copy unreadable."""
        self.holds = holds
        """The incidents aftercare reported open, per worker (a legal hold on erasure)."""
        self.imports = imports
        """The import jobs, their files and row results (an erasure deletes the files)."""
        self.stored_answers = stored_answers
        """The answers kept for retried requests (an erasure deletes the worker's)."""
        self.set_aside = set_aside
        """The outbox entries the relay could not publish (an erasure withholds the worker's)."""
        self.lookup = lookup
        """The keys of keyed hashes: an import row keeps its national ID's, so that erasing
        the person finds the files of rows that registered nobody."""

    # -- loading and saving -------------------------------------------------------------------

    async def get_worker(self, worker_id: str) -> Document:
        """Returns the worker's record or raises NotFoundError."""
        document = await self.workers.get(worker_id)
        if document is None:
            raise NotFoundError("worker", worker_id)
        return document

    async def read_worker(self, worker_id: str) -> tuple[Document, date | None]:
        """Returns the worker's record and the day they died abroad (None: not heard of);
        NotFoundError if there is no such worker. The journey ends are read only for a record
        marked as one whose death was heard, or with records merged into it."""
        document = await self.get_worker(worker_id)
        if not document.get("merged_from") and not document.get(store.DIED_ABROAD_HEARD):
            return document, None
        return document, (await self._journey_ends(document)).died_abroad_on

    async def note_deaths_heard(self, worker_ids: Iterable[str]) -> None:
        """Marks the workers whose death abroad aftercare has just told of, before it is
        stored in their journey ends: a read then knows to look there."""
        for worker_id in worker_ids:
            await self.workers.mark_died_abroad(worker_id)

    async def mark_deaths_heard_earlier(self) -> None:
        """Marks, once per store, the workers whose death abroad was stored before such marks
        were made (later deaths are marked by the consumer and by rebuilds)."""
        if await self.journey_ends.deaths_marked():
            return
        await self.note_deaths_heard(await self.journey_ends.deaths_heard())
        await self.journey_ends.note_deaths_marked()

    async def died_abroad_on(self, document: Document) -> date | None:
        """Returns the day the worker died abroad, as aftercare told intake, or None."""
        return (await self._journey_ends(document)).died_abroad_on

    async def _journey_ends(self, document: Document) -> JourneyEnds:
        """Returns the worker's ended journeys, with the earliest death abroad heard about any
        record merged into it: the same person."""
        ends = await self.journey_ends.get(document["_id"])
        for duplicate in document.get("merged_from") or ():
            died = (await self.journey_ends.get(duplicate)).died_abroad_on
            if died is not None and (ends.died_abroad_on is None or died < ends.died_abroad_on):
                ends = ends.model_copy(update={"died_abroad_on": died})
        return ends

    async def _save(
        self, document: Document, state: Document, payloads: Sequence[EventPayload], now: datetime
    ) -> None:
        events = stamp_events(
            list(payloads),
            subject=document["_id"],
            after_sequence=document.get("event_seq", 0),
            source=SOURCE,
            correlation_id=current_correlation_id(),
            now=now,
        )
        try:
            await self.workers.save(document, state, events)
        except AlreadyStoredError:
            raise ConflictError("national ID already registered to another worker") from None

    async def _change(
        self, worker_id: str, decide: Callable[[Document, datetime], Awaitable[T]]
    ) -> T:
        """Runs a load-decide-save use case, again if another writer wins the race; 409 if
        others keep winning."""

        async def attempt() -> T:
            document = await self.get_worker(worker_id)
            if document.get("erased_at") is not None:
                raise ConflictError("the worker's personal data was erased")
            return await decide(document, self.clock())

        return await _taking_turns(attempt, "the worker's record")

    # -- registration -------------------------------------------------------------------------

    async def register_worker(
        self,
        command: RegisterWorker,
        worker_id: str,
        registered_by: str | None = None,
        area: Area | None = None,
        also: Sequence[EventPayload] = (),
    ) -> Registration:
        """Opens a worker's case; 409 naming the existing worker if the national ID is taken.

        ``area``: the province (and commune) the registering officer covers, if limited.
        ``also``: events published with the registration, in its one write (a migrated
        case's stage).
        """
        now = self.clock()
        worker, payloads = register_worker(
            command,
            worker_id=worker_id,
            registered_by=registered_by or command.consent.recorded_by,
            now=now,
        )
        if area is not None and not area.holds(worker.locality):
            raise OutOfScopeError("the worker's commune is outside your area")
        migrated = next((e for e in also if isinstance(e, WorkerCaseImported)), None)
        if migrated is not None:
            placement = migrated.placement
            home = placement.placement_id if placement and placement.returned_on else None
            worker = worker.model_copy(
                update={"migrated_facts": case_key(migrated), "migrated_return": home}
            )
        return await self._store_new(worker, worker_id, payloads, also, area, now)

    async def _store_new(
        self,
        worker: Worker,
        worker_id: str,
        payloads: Sequence[EventPayload],
        also: Sequence[EventPayload],
        area: Area | None,
        now: datetime,
    ) -> Registration:
        """Stores a new worker with its events, then flags its likely duplicates."""
        state = worker_state(worker)
        state |= await self.names.register(
            worker.name_prefixes, worker.locality.province_code, worker.match_keys
        )
        # No look-up first: the unique national ID index refuses a second case, and the
        # refusal is explained below (one store round trip less for every registration)
        events = stamp_events(
            [*payloads, *also],
            subject=worker_id,
            after_sequence=0,
            source=SOURCE,
            correlation_id=current_correlation_id(),
            now=now,
        )
        try:
            document = await self.workers.create(worker_id, state, events)
        except AlreadyStoredError:
            # The same id: a retried request already created it. The same national ID: a
            # race lost.
            await self._refuse_taken_national_id(worker.national_id, worker_id, area)
            stored = await self.get_worker(worker_id)
            # the retried request may follow one stopped before it flagged duplicates:
            # flagging again adds nothing that is there
            flagged = await self.flag_duplicates(Worker.model_validate(stored), now)
            return Registration(stored, created=False, likely_duplicates=flagged)
        log.info("worker registered", worker_id=worker_id)
        flagged = await self.flag_duplicates(worker, now, first=True)
        return Registration(document, created=True, likely_duplicates=flagged)

    async def _refuse_taken_national_id(
        self, national_id: str, worker_id: str, area: Area | None = None
    ) -> None:
        """Raises the 409 of a national ID another case holds: naming that case to a caller
        whose ``area`` holds it, and only the province to contact to anyone else."""
        existing = await self.workers.by_national_id(national_id)
        if existing is None or existing["_id"] == worker_id:
            return
        case = existing
        if existing.get("status") == WorkerStatus.MERGED and existing.get("merged_into"):
            survivor = await self.workers.locality(existing["merged_into"])
            case = survivor or {**existing, "_id": existing["merged_into"]}
        locality = Locality.model_validate(case["locality"])
        if area is None or area.holds(locality):
            raise ConflictError(
                TAKEN_HERE, worker_id=case["_id"], new_journey=f"/workers/{case['_id']}/journeys"
            )
        raise taken_elsewhere(locality.province_code)

    async def find_candidates(self, worker: Worker) -> list[Candidate]:
        """Returns the live records likely to be this worker, the likeliest first, at most
        MAX_CANDIDATES: the records of its blocking keys (a bounded read), compared."""
        candidates, _ = await self._read_candidates(worker.likeness(), None)
        return candidates

    async def _read_candidates(
        self, likeness: Likeness, twin: tuple[str, Keyed] | None
    ) -> tuple[list[Candidate], bool]:
        """Returns the record's candidates, and whether a twin of it may be in a pending review:
        one was read (alike under the ``twin`` key), or the read left records unread."""
        keys = keys_to_read(likeness.locality, likeness.date_of_birth)
        stored = await self.names.alike(keys, likeness.worker_id)
        if stored is None:  # a database whose workers are not indexed yet
            stored = await self.workers.alike(keys, likeness.worker_id)
        others = [Likeness.model_validate(document) for document in stored.records]
        twin_possible = not stored.whole
        if twin is not None and not twin_possible:
            key, keyed = twin
            same_day = (o for o in others if o.date_of_birth == likeness.date_of_birth)
            twin_possible = any(twin_key(other, keyed) == key for other in same_day)
        return find_candidates(likeness, others, MAX_CANDIDATES), twin_possible

    async def flag_duplicates(
        self, worker: Worker, now: datetime, first: bool = False
    ) -> list[str]:
        """Puts the worker and its candidates in one pending review and returns the ids of
        likely duplicates: a record whose twin (alike in everything the finder compares) is in
        a pending review joins it, and its likely duplicates are that review's members;
        otherwise it joins a pending review of a candidate (the likeliest first), or opens the
        next review of the group named after its members' least key. Reads are bounded (one
        look-up by twin key, blocking keys, a few look-ups by record, reviews by id); each
        step is idempotent, so a registration retried after a crash completes it.

        ``first``: the record was just stored for the first time, so its candidates are read
        first, and its twins' review is looked up only if that read shows a twin of it (or
        leaves records unread): a review brought its twin key by a record that is no longer
        its twin is not joined by that key."""
        if worker.status is WorkerStatus.MERGED:
            return []
        likeness = worker.likeness()
        keyed = await self.likeness_hash()
        twin = twin_key(likeness, keyed)
        candidates: list[Candidate] | None = None
        look_up_twins = True
        if first:
            candidates, look_up_twins = await self._read_candidates(likeness, (twin, keyed))
        for _ in range(JOIN_ATTEMPTS):  # joining a review other writers are changing: again
            try:
                if look_up_twins:
                    twin_review = await self.reviews.pending_of_twin(twin)
                    members = await self._join_twins(likeness, twin_review)
                    if members is not None:
                        others = [w for w in members if w != worker.worker_id]
                        return others[:MAX_CANDIDATES]
                look_up_twins = True  # a later round looks them up again
                if candidates is None:
                    candidates, _ = await self._read_candidates(likeness, None)
                if not candidates:
                    return []
                members = await self._join_or_open(worker, candidates, twin, now, keyed)
                flagged = [c.worker_id for c in candidates]
                others = [w for w in members if w != worker.worker_id and w not in flagged]
                return [*flagged, *others][:MAX_CANDIDATES]
            except ConcurrentUpdateError:
                continue
        log.warning("likely duplicates not flagged: their review kept changing")
        return [c.worker_id for c in candidates or ()]

    async def _join_twins(
        self, likeness: Likeness, found: tuple[str, str] | None
    ) -> list[str] | None:
        """Joins the pending review of the record's twins found (review id, the twin that
        brought the key), if any; returns the members it lists then, or None."""
        if found is None:
            return None
        review_id, twin_id = found
        if twin_id == likeness.worker_id:  # a retried registration: it brought the key
            return await self.reviews.members_of(review_id)
        match = [twin_match(likeness, twin_id)]
        # the review holds the twin key already
        return await self.reviews.join(review_id, likeness.worker_id, MAX_MEMBERS, match)

    async def _join_or_open(
        self, worker: Worker, candidates: list[Candidate], twin: str, now: datetime, keyed: Keyed
    ) -> list[str]:
        """Joins a pending review of the candidates, or opens the group's next review; returns
        the members it lists then (none if no review could take the record)."""
        best = candidates[0]
        matches = [
            Candidate(
                worker_id=worker.worker_id,
                matched_with=best.worker_id,
                score=best.score,
                reasons=best.reasons,
            )
        ]
        joining = (worker.worker_id, MAX_MEMBERS, matches, twin)
        flagged = [c.worker_id for c in candidates]
        pending = await self.reviews.pending_with(flagged[:PENDING_LOOKUPS])
        if pending and (members := await self.reviews.join(pending, *joining)) is not None:
            return members
        anchor = anchor_of(worker.likeness(), candidates)
        oldest_first = sorted(candidates, key=lambda c: (c.registered_at or now, c.worker_id))
        for round_ in range(1, MAX_ROUNDS + 1):
            review = open_review(
                worker.worker_id,
                worker.duplicate_key,
                [c.worker_id for c in oldest_first],
                round_=round_,
                now=now,
                anchor=anchor,
                candidates=candidates,
                twin=twin,
                keyed=keyed,
            )
            if await self.reviews.open(review, worker.locality.province_code):
                log.info("likely duplicates flagged", worker_id=worker.worker_id)
                return review.worker_ids
            if (members := await self.reviews.join(review.review_id, *joining)) is not None:
                return members  # opened by a record registered at the same time
        log.warning("likely duplicates not flagged: the group has too many reviews")
        return []

    # -- corrections and status ---------------------------------------------------------------

    async def correct_worker(
        self, worker_id: str, command: CorrectWorker, area: Area | None = None
    ) -> Document:
        """Applies a correction at once, as a trusted system's (no approval waits for it)."""
        corrected = await self.correct_or_wait(worker_id, command, area, Role.SERVICE)
        if isinstance(corrected, Approval):
            raise RuntimeError("a trusted system's correction never waits for approval")
        return corrected

    async def correct_or_wait(
        self,
        worker_id: str,
        command: CorrectWorker,
        area: Area | None = None,
        maker_role: Role = Role.SERVICE,
    ) -> Document | Approval:
        """Applies a correction: a new revision and its event, if it changes anything; or,
        where the worker's province makes such a change wait for a second person (a household
        status, a national ID), puts it in the approval queue and returns the approval.

        ``area``: the units the correcting officer covers (who a taken national ID's 409 may
        name the case to). ``maker_role``: the correcting caller's role."""

        async def decide(document: Document, now: datetime) -> Document | Approval:
            worker = Worker.model_validate(document)
            corrected, payloads = correct_worker(worker, command, now=now)
            if not payloads:
                # a retry after the correction was saved: its regrouping may be unfinished
                await self._finish_regrouping(document, now)
                return await self.get_worker(worker_id)
            if corrected.national_id != worker.national_id:
                await self._refuse_taken_national_id(corrected.national_id, worker_id, area)
            changed = payloads[0].changed_fields
            if self.desk is not None:
                asked = await self.desk.ask(
                    actions=correction_actions(changed),
                    kind=CORRECTION,
                    target_id=worker_id,
                    worker_id=worker_id,
                    province_code=worker.locality.province_code,
                    commune_code=worker.locality.commune_code,
                    change={
                        **command.model_dump(mode="json", exclude_unset=True),
                        "corrected_by": command.corrected_by,
                    },
                    changed_fields=changed,
                    basis=correction_basis(worker),
                    maker=command.corrected_by,
                    maker_role=maker_role,
                    reason=command.reason,
                )
                if asked is not None:
                    return asked
            await self._store_correction(document, worker, corrected, payloads, now)
            return await self.get_worker(worker_id)

        return await self._change(worker_id, decide)

    async def correction_facts(self, approval: Approval) -> Document:
        """Returns the facts a waiting correction was asked on, as the record holds them now."""
        return correction_basis(Worker.model_validate(await self.get_worker(approval.target_id)))

    async def apply_correction(self, approval: Approval) -> None:
        """Applies an approved correction with its event; once, however often it is asked;
        StaleChangeError if the record was corrected or changed status since the request."""
        command = CorrectWorker.model_validate(approval.change)

        async def decide(document: Document, now: datetime) -> None:
            if approval.approval_id in document.get("approvals_applied", []):
                await self._finish_regrouping(document, now)  # a retry after the save
                return
            worker = Worker.model_validate(document)
            if is_stale(approval, correction_basis(worker)):
                raise StaleChangeError(approval.approval_id)
            corrected, payloads = correct_worker(worker, command, now=now)
            if corrected.national_id != worker.national_id:
                await self._refuse_taken_national_id(corrected.national_id, worker.worker_id)
            applied = [*document.get("approvals_applied", []), approval.approval_id]
            await self._store_correction(document, worker, corrected, payloads, now, applied)

        await self._change(approval.target_id, decide)

    async def _store_correction(
        self,
        document: Document,
        worker: Worker,
        corrected: Worker,
        payloads: Sequence[EventPayload],
        now: datetime,
        approvals_applied: list[str] | None = None,
    ) -> None:
        """Writes a correction with its event, and moves the worker between duplicate groups."""
        state = worker_state(corrected)
        state |= await self.names.reindex(
            document,
            corrected.name_prefixes,
            corrected.locality.province_code,
            corrected.match_keys,
        )
        if corrected.likeness() != worker.likeness():
            state[REGROUPING] = [*document.get(REGROUPING, []), worker.duplicate_key]
        if approvals_applied is not None:
            state["approvals_applied"] = approvals_applied
        await self._save(document, state, payloads, now)
        await self._finish_regrouping(await self.get_worker(worker.worker_id), now)

    async def _finish_regrouping(self, document: Document, now: datetime) -> None:
        """Flags a corrected record's likely duplicates as it now reads, then forgets that it
        must. Each step is idempotent: a correction retried after a conflict or a crash
        finishes it."""
        if not document.get(REGROUPING):
            return
        await self.flag_duplicates(Worker.model_validate(document), now)
        await self.workers.save(document, {}, unset=[REGROUPING])

    async def withdraw_worker(self, worker_id: str, command: WithdrawWorker) -> Document:
        """Puts the case on hold; 409 unless it is registered."""

        async def decide(document: Document, now: datetime) -> Document:
            withdrawn, payloads = withdraw_worker(Worker.model_validate(document), command, now=now)
            await self._save(document, worker_state(withdrawn), payloads, now)
            return await self.get_worker(worker_id)

        return await self._change(worker_id, decide)

    async def give_consent(self, worker_id: str, command: GiveConsent) -> Document:
        """Records the worker's consent again for the purposes named (the others withdrawn)."""

        async def decide(document: Document, now: datetime) -> Document:
            given, payloads = give_consent(Worker.model_validate(document), command, now=now)
            await self._save(document, worker_state(given), payloads, now)
            return await self.get_worker(worker_id)

        return await self._change(worker_id, decide)

    async def withdraw_consent(self, worker_id: str, command: WithdrawConsent) -> Document:
        """Withdraws the worker's consent for the purposes named; 409 if none is covered."""

        async def decide(document: Document, now: datetime) -> Document:
            worker = Worker.model_validate(document)
            withdrawn, payloads = withdraw_consent(worker, command, now=now)
            await self._save(document, worker_state(withdrawn), payloads, now)
            log.info("consent withdrawn", worker_id=worker_id, purposes=withdrawn.consent.purposes)
            return await self.get_worker(worker_id)

        return await self._change(worker_id, decide)

    async def reopen_worker(self, worker_id: str, command: ReopenWorker) -> Document:
        """Reopens a withdrawn case; 409 unless it is withdrawn."""

        async def decide(document: Document, now: datetime) -> Document:
            reopened, payloads = reopen_worker(Worker.model_validate(document), command, now=now)
            await self._save(document, worker_state(reopened), payloads, now)
            return await self.get_worker(worker_id)

        return await self._change(worker_id, decide)

    # -- erasure ------------------------------------------------------------------------------

    async def erase_worker(self, worker_id: str, command: EraseWorker) -> Document:
        """Erases the worker's personal data, and that of every record merged into theirs (the
        same person): 409 while a legal hold applies to any of them, before anything is
        erased; otherwise each data key is destroyed first (every sealed copy on the topics
        becomes unreadable), then the record is de-identified and ``worker.erased``
        published. Erasing again is a no-op that destroys the keys again (a crash between
        the two steps heals)."""
        if self.keys is None:
            raise ConflictError("erasure needs the key store, which this service was not given")
        duplicates = await self._merged_into(worker_id)
        for duplicate in duplicates:
            holds = await self._legal_holds(duplicate)
            if holds:
                raise ConflictError(
                    f"the data of record {duplicate}, merged into this one, is under a legal "
                    f"hold: {'; '.join(holds)}",
                    holds=holds,
                    merged_record=duplicate,
                )
        await self._erase_record(worker_id, command)
        for duplicate in duplicates:
            await self._erase_record(duplicate, command)
        return await self.get_worker(worker_id)

    async def _merged_into(self, worker_id: str) -> list[str]:
        """The records merged into the worker's, and into those, however deep (each once)."""
        found: list[str] = []
        pending = [worker_id]
        while pending:
            document = await self.get_worker(pending.pop())
            for duplicate in document.get("merged_from") or ():
                if duplicate != worker_id and duplicate not in found:
                    found.append(duplicate)
                    pending.append(duplicate)
        return found

    async def _legal_holds(self, worker_id: str) -> list[str]:
        document = await self.get_worker(worker_id)
        if document.get("erased_at") is not None:
            return []
        loans = [Loan.model_validate(loan) for loan in document.get("loans", [])]
        incidents = [] if self.holds is None else await self.holds.open_incidents(worker_id)
        return legal_holds(loans, incidents)

    async def _erase_record(self, worker_id: str, command: EraseWorker) -> None:
        keys = self.keys
        assert keys is not None

        async def attempt() -> list[str]:
            document = await self.get_worker(worker_id)
            loans = [Loan.model_validate(loan) for loan in document.get("loans", [])]
            incidents = [] if self.holds is None else await self.holds.open_incidents(worker_id)
            now = self.clock()
            state, payloads = erase_worker(document, command, loans, incidents, now)
            files = await self._import_files_of(document)
            await keys.erase(worker_id)
            if payloads:
                await self.workers.save(
                    document,
                    state,
                    self._stamped(document, payloads, now),
                    unset=REMOVED_FIELDS,
                )
                log.info("worker erased", worker_id=worker_id, grounds=command.grounds.value)
            return files

        files = await _taking_turns(attempt, "the worker's record")
        await self._forget_side_records(worker_id, files)

    async def _import_files_of(self, document: Document) -> list[str]:
        """The stored import files holding the worker's row, a rejected one with their national
        ID included; 409 while one is still imported (deleting it would stop the other rows).

        The files found by the national ID are deleted here, and the rows' keyed hashes
        dropped, before the record is de-identified: afterwards nothing finds them again."""
        if self.imports is None:
            return []
        national_key = await self.national_key(document.get("national_id"))
        files = await self.imports.files_of(document["_id"], national_key)
        if any(set(f["statuses"]) & set(IMPORTS_UNFINISHED) for f in files):
            raise ConflictError(
                "an import of a file holding the worker's row is still running: erase once "
                "it has finished"
            )
        digests = [str(f["_id"]) for f in files]
        if national_key is not None:
            for digest in digests:
                await self.imports.delete_file(digest)
            await self.imports.forget_national_key(national_key)
        return digests

    async def likeness_hash(self) -> KeyedHash:
        """The keyed hash naming duplicate groups and twin keys: the likeness lookup key's,
        the same in every replica (without the key store: this process's own)."""
        if self.lookup is None:
            return PROCESS_HASH
        return await self.lookup.hash_for(LIKENESS)

    async def national_key(self, national_id: object) -> str | None:
        """The keyed hash an import row keeps of a national ID (None without the lookup keys
        or a number)."""
        if self.lookup is None or not isinstance(national_id, str) or not national_id.strip():
            return None
        hashed = await self.lookup.hash_for(NATIONAL_ID)
        return hashed(national_id_as_kept(national_id))

    async def _forget_side_records(self, worker_id: str, files: Sequence[str]) -> None:
        """Removes what intake holds about an erased worker beside the record: the import files
        holding their row, their name in duplicate reviews, the answers kept for their retried
        requests, what their approvals asked. Each step may run again (an erasure retried after
        a failure finishes them)."""
        deleted = 0
        for digest in files:
            if self.imports is not None:
                deleted += await self.imports.delete_file(digest)
        reviews = await self.reviews.forget(worker_id, forgotten_review)
        answers = (
            0 if self.stored_answers is None else await self.stored_answers.forget_worker(worker_id)
        )
        approvals = 0 if self.desk is None else await self.desk.forget_worker(worker_id)
        if self.set_aside is not None:
            await forget_set_aside(self.set_aside, worker_id)
        log.info("erased worker's side records forgotten", worker_id=worker_id,
                 import_files=deleted, reviews=reviews, answers=answers,
                 approvals=approvals)  # fmt: skip

    async def erase_past_retention(self, worker_id: str, reason: str) -> bool:
        """The retention job's eraser: erases a worker whose records are past their period
        (the purpose is over); False while a legal hold applies or the record is gone, so a
        held worker is tried again on the next run."""
        command = EraseWorker(grounds=ErasureGrounds.PURPOSE_ENDED, erased_by=RETENTION_JOB)
        try:
            await self.erase_worker(worker_id, command)
        except (ConflictError, NotFoundError) as exc:
            log.info("retention erasure held", worker_id=worker_id, why=type(exc).__name__)
            return False
        log.info("retention erasure done", worker_id=worker_id, rule=reason)
        return True

    def _stamped(
        self, document: Document, payloads: Sequence[EventPayload], now: datetime
    ) -> list[EventEnvelope]:
        return stamp_events(
            list(payloads),
            subject=document["_id"],
            after_sequence=document.get("event_seq", 0),
            source=SOURCE,
            correlation_id=current_correlation_id(),
            now=now,
        )

    # -- journeys -----------------------------------------------------------------------------

    async def start_journey(self, worker_id: str, command: StartJourney) -> Document:
        """Starts the worker's next journey on the same case; 409 while one is open, or for a
        withdrawn or merged record. The write names the version read: of two starts at once,
        one wins and the other, read again, finds the new journey open."""

        async def decide(document: Document, now: datetime) -> Document:
            ends = await self._journey_ends(document)
            started, payloads = start_journey(
                Worker.model_validate(document), command, ends, now=now
            )
            await self._save(document, worker_state(started), payloads, now)
            log.info("journey started", worker_id=worker_id, journey=started.journey)
            return await self.get_worker(worker_id)

        return await self._change(worker_id, decide)

    # -- eligibility, consultations, loans ------------------------------------------------------

    async def eligibility(self, worker_id: str) -> Eligibility:
        """Returns each rule's outcome for the worker today."""
        worker = Worker.model_validate(await self.get_worker(worker_id))
        return assess_eligibility(worker, local_date(self.clock()))

    async def record_consultation(
        self, worker_id: str, command: RecordConsultation, consultation_id: str
    ) -> Consultation:
        """Adds a consultation to the worker's history (the same id twice records it once)."""

        async def decide(document: Document, now: datetime) -> Consultation:
            history = [Consultation.model_validate(c) for c in document.get("consultations", [])]
            for existing in history:
                if existing.consultation_id == consultation_id:
                    return existing
            worker = Worker.model_validate(document)
            consultation, payloads = record_consultation(
                worker, command, consultation_id=consultation_id, now=now
            )
            stored = [c.model_dump(mode="json") for c in [*history, consultation]]
            await self._save(document, {"consultations": stored}, payloads, now)
            return consultation

        return await self._change(worker_id, decide)

    async def consultations(self, worker_id: str) -> list[Consultation]:
        """Returns the worker's consultations, most recent first."""
        document = await self.get_worker(worker_id)
        return consultation_history(
            Consultation.model_validate(c) for c in document.get("consultations", [])
        )

    async def apply_for_loan(self, worker_id: str, command: ApplyForLoan, loan_id: str) -> Loan:
        """Records a loan application: 422 for bad figures, 409 for an ineligible worker."""

        async def decide(document: Document, now: datetime) -> Loan:
            loans = [Loan.model_validate(loan) for loan in document.get("loans", [])]
            for existing in loans:
                if existing.loan_id == loan_id:
                    return existing
            worker = Worker.model_validate(document)
            eligibility = assess_eligibility(worker, local_date(now))
            loan, payloads = apply_for_loan(
                worker, eligibility, command, loans, loan_id=loan_id, now=now
            )
            stored = [item.model_dump(mode="json") for item in [*loans, loan]]
            await self._save(document, {"loans": stored}, payloads, now)
            return loan

        return await self._change(worker_id, decide)

    async def loans(self, worker_id: str) -> list[Loan]:
        """Returns the worker's loans, oldest first."""
        document = await self.get_worker(worker_id)
        return [Loan.model_validate(loan) for loan in document.get("loans", [])]

    async def get_loan(self, worker_id: str, loan_id: str) -> Loan:
        """Returns one of the worker's loans or raises NotFoundError."""
        for loan in await self.loans(worker_id):
            if loan.loan_id == loan_id:
                return loan
        raise NotFoundError("loan", loan_id)

    async def change_loan(
        self, worker_id: str, loan_id: str, transition: LoanTransition, command: ChangeLoan
    ) -> Loan:
        """Moves a loan on; 409 for a transition its status does not allow."""

        async def decide(document: Document, now: datetime) -> Loan:
            loans = [Loan.model_validate(loan) for loan in document.get("loans", [])]
            index = next((i for i, loan in enumerate(loans) if loan.loan_id == loan_id), None)
            if index is None:
                raise NotFoundError("loan", loan_id)
            changed, payloads = change_loan(loans[index], transition, command, now=now)
            loans[index] = changed
            stored = [item.model_dump(mode="json") for item in loans]
            await self._save(document, {"loans": stored}, payloads, now)
            return changed

        return await self._change(worker_id, decide)

    # -- search -------------------------------------------------------------------------------

    async def search(
        self,
        *,
        name: str | None,
        cursor: str | None,
        limit: int,
        within: Document | None = None,
        **filters: Any,
    ) -> tuple[list[Document], str | None]:
        """Returns a page of workers matching the filters, newest first (with a name: in the
        order the name index took them, newest first), and the next cursor.

        ``within``: the caller's scope, as a filter, so the query itself stays inside it.
        """
        terms = name_tokens(name) if name else None
        query = store.worker_filter(name_terms=terms, **filters)
        if within:  # beside the filters, not around them: see store.worker_filter
            query = {**query, "$and": [*query.get("$and", []), within]}
        if terms:
            province = filters.get("province_code") or _province_of(within)
            return await self.names.search(query, terms, province, cursor, limit)
        return await self.workers.page(query, cursor, limit)

    # -- duplicate reviews --------------------------------------------------------------------

    async def review_queue(
        self, status: ReviewStatus, pages: Pages, within: Document | None = None
    ) -> list[Document]:
        """Returns a page of the reviews in a status, inside the caller's scope."""
        return await self.reviews.queue(status.value, pages, within)

    async def get_review(self, review_id_: str) -> Document:
        """Returns a review or raises NotFoundError."""
        document = await self.reviews.get(review_id_)
        if document is None:
            raise NotFoundError("duplicate review", review_id_)
        return document

    async def decide_or_wait(
        self,
        review_id_: str,
        command: DecideReview,
        maker_role: Role = Role.SERVICE,
        area: Area | None = None,
    ) -> Document | Approval:
        """Decides a review; where the review's province makes merges wait for a second person,
        a "same person" decision goes to the approval queue instead (returned), naming the
        survivor and the members it merges, and is applied on approval. ``area``: the maker's
        units (a merge of a record outside them is refused, waiting or not)."""
        if command.decision is Decision.SAME_PERSON and self.desk is not None:
            document = await self.get_review(review_id_)
            review = DuplicateReview.model_validate(document)
            province = document.get("province_code")
            if review.status is ReviewStatus.PENDING and isinstance(province, str):
                decided = decide_review(review, command, now=self.clock())  # 409/422 first
                await self._refuse_merge(decided, area)
                asked = await self.desk.ask(
                    actions=[ApprovalAction.WORKERS_MERGE],
                    kind=MERGE,
                    target_id=review_id_,
                    worker_id=decided.survivor_id,
                    province_code=province,
                    commune_code=None,
                    change={
                        **command.model_dump(mode="json"),
                        "survivor_id": decided.survivor_id,
                        "merged_ids": decided.merging,
                    },
                    changed_fields=["survivor_id", "merged_ids"],
                    basis=merge_basis(review),
                    maker=command.decided_by,
                    maker_role=maker_role,
                    reason=command.reason,
                )
                if asked is not None:
                    return asked
        return await self.decide_review(review_id_, command, area)

    async def merge_facts(self, approval: Approval) -> Document:
        """Returns the facts a waiting merge was asked on, as the review holds them now."""
        return merge_basis(
            DuplicateReview.model_validate(await self.get_review(approval.target_id))
        )

    async def apply_merge(self, approval: Approval) -> None:
        """Decides the review as the approved merge asked and merges the records it named;
        again finishes a merge a crash interrupted; StaleChangeError if the review changed."""
        command = DecideReview.model_validate(approval.change)
        review = DuplicateReview.model_validate(await self.get_review(approval.target_id))
        if review.status is ReviewStatus.PENDING:
            if is_stale(approval, merge_basis(review)):
                raise StaleChangeError(approval.approval_id)
        elif (review.status, review.decided_by, review.survivor_id) != (
            ReviewStatus.SAME_PERSON,
            command.decided_by,
            command.survivor_id,
        ):
            raise StaleChangeError(approval.approval_id)
        await self.decide_review(approval.target_id, command)

    async def decide_review(
        self, review_id_: str, command: DecideReview, area: Area | None = None
    ) -> Document:
        """Records an officer's decision once; "same person" then merges the records named.

        ``area``: the units the deciding officer covers; a merge of a record outside it is
        refused (403), and so is one into a record merged away or of a record merged into
        another (409), before anything is written.

        The decision is written onto the review if it is still at the version read (the one
        write primitive: of two officers deciding at once, or an officer and a record joining
        the review, exactly one wins, across processes too; the other reads it again). The
        merge runs without transactions in idempotent steps: the merged record (with its
        event), the survivor, then ``merge_completed``; posting the same decision again
        finishes a merge a crash interrupted.
        """

        async def attempt() -> DuplicateReview:
            document = await self.get_review(review_id_)
            review = DuplicateReview.model_validate(document)
            if review.status is ReviewStatus.PENDING:
                decided = await self._decision(review, command)
                await self._refuse_merge(decided, area)
                await self.reviews.decide(document, decided)
                log.info("duplicate review decided", review_id=review_id_)
                return decided
            if not (
                review.status is ReviewStatus.SAME_PERSON
                and command.decision is Decision.SAME_PERSON
                and not document.get("merge_completed")
            ):
                decide_review(review, command, now=self.clock())  # raises: decided once
            return review

        review = await _taking_turns(attempt, "the duplicate review")
        if review.status is ReviewStatus.SAME_PERSON:
            await self._complete_merge(review)
        return await self.get_review(review_id_)

    async def _decision(self, review: DuplicateReview, command: DecideReview) -> DuplicateReview:
        """The decision to write: the officer's, or one an earlier release claimed and did
        not copy onto the review (409 unless the officer's is the same)."""
        decided = decide_review(review, command, now=self.clock())
        claimed = await self.reviews.claimed_decision(review.review_id)
        if claimed is None:
            return decided
        winner = DuplicateReview.model_validate(claimed)
        if (winner.status, winner.survivor_id) != (decided.status, decided.survivor_id):
            raise IllegalTransitionError("duplicate review", winner.status, "decide")
        return winner

    async def _refuse_merge(self, decided: DuplicateReview, area: Area | None) -> None:
        """Raises unless the records a "same person" decision names may merge, by this caller."""
        if decided.survivor_id is None:
            return
        named = [decided.survivor_id, *decided.merging]
        found = {d["_id"]: Worker.model_validate(d) for d in await self.workers.many(named)}
        missing = [worker_id for worker_id in named if worker_id not in found]
        if missing:
            raise NotFoundError("worker", missing[0])
        if area is not None and not all(area.holds(w.locality) for w in found.values()):
            raise OutOfScopeError("a record to merge lies outside your area")
        refuse_merge(found[decided.survivor_id], [found[w] for w in decided.merging])

    async def _complete_merge(self, review: DuplicateReview) -> None:
        survivor_id = review.survivor_id
        assert survivor_id is not None
        for merged_id in review.merging:
            await self._merge(review, survivor_id, merged_id)
        await self.reviews.complete_merge(review.review_id)

    async def _merge(self, review: DuplicateReview, survivor_id: str, merged_id: str) -> None:
        """Merges one record into the survivor: the merged record (with its event), then the
        survivor; each step is skipped if done (a retried decision finishes a merge)."""

        async def merge_away(document: Document, now: datetime) -> None:
            if document.get("merged_into") == survivor_id:
                return
            survivor = Worker.model_validate(await self.get_worker(survivor_id))
            _, merged, payloads = merge_workers(
                survivor, Worker.model_validate(document), review=review, now=now
            )
            await self._save(document, worker_state(merged), payloads, now)

        async def keep(document: Document, now: datetime) -> None:
            if merged_id in document.get("merged_from", []):
                return
            await self._save(
                document, {"merged_from": [*document.get("merged_from", []), merged_id]}, [], now
            )

        await self._change(merged_id, merge_away)
        await self._change(survivor_id, keep)
        log.info("records merged", survivor_id=survivor_id, merged_id=merged_id)


async def _taking_turns(attempt: Callable[[], Awaitable[T]], what: str) -> T:
    """Runs a load-decide-save attempt again while another writer wins the race; 409 if
    another writer still wins the last attempt."""
    try:
        return await retry_on_conflict(attempt)
    except ConcurrentUpdateError:
        raise ConflictError("{what} is being changed by others: try again", what=what) from None
