"""Deployment's use cases: load, decide with the domain, save state and events in one write."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TypeVar

from services.deployment import store
from services.deployment.domain import (
    Candidate,
    CandidateMatch,
    Enterprise,
    JobOrder,
    JobOrderTerms,
    LicenceTerms,
    OrderMatch,
    Placement,
    PlacementChange,
    PositionsFilledError,
    blocked_reason,
    match_order,
    match_worker,
)
from services.deployment.domain import enterprises as senders
from services.deployment.domain import job_orders as orders
from services.deployment.domain import placements as flow
from services.deployment.models import RegisterEnterprise
from shared.contracts.deployment import JobOrderCloseReason, JobOrderStatus
from shared.errors import ConflictError, FieldError, NotFoundError
from shared.events.catalogue import EventPayload
from shared.events.envelope import EventEnvelope, stamp_events
from shared.logging import current_correlation_id, get_logger
from shared.pages import Pages
from shared.persistence import (
    AlreadyStoredError,
    ConcurrentUpdateError,
    Document,
    retry_on_conflict,
)
from shared.privacy.export import Holdings, holding, piece

log = get_logger(__name__)
T = TypeVar("T")
SOURCE = "deployment"
MERGE_CHAIN_READS = 4
VIETNAM = timezone(timedelta(hours=7), "ICT")
"""Deadlines and licence dates are Vietnamese calendar days (no daylight saving)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


async def retried(attempt: Callable[[], Awaitable[T]]) -> T:
    """Runs a load-decide-save use case until its write lands; a 409 if others keep winning."""
    try:
        return await retry_on_conflict(attempt)
    except ConcurrentUpdateError:
        raise ConflictError("the record kept changing while saving; try again") from None


@dataclass(frozen=True)
class PlacementStatus:
    """A placement as the API shows it: its state, what blocks it, its contract end in force."""

    placement: Placement
    blocked_reason: str | None
    contract_end: date | None


@dataclass(frozen=True)
class Scene:
    """Everything a placement transition decides with, loaded at one moment."""

    order: JobOrder
    enterprise: Enterprise
    candidate: Candidate | None
    placement: Placement
    worker_placements: list[Placement]
    today: date
    now: datetime


class DeploymentService:
    """Senders and licences, job orders, matching and placements."""

    def __init__(
        self,
        repositories: store.Repositories,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.enterprises = repositories.enterprises
        self.job_orders = repositories.job_orders
        self.placements = repositories.placements
        self.positions = repositories.positions
        self.reads = repositories.reads
        self.clock = clock

    def moment(self) -> tuple[datetime, date]:
        """Returns now, and today's date in Vietnam."""
        now = self.clock()
        return now, now.astimezone(VIETNAM).date()

    # Senders and licences

    async def register_enterprise(
        self, command: RegisterEnterprise, enterprise_id: str
    ) -> Enterprise:
        """Registers a sender with its licence; a retry with the same id returns the first."""
        now, _ = self.moment()
        enterprise, event = senders.register_enterprise(
            enterprise_id, command.name, command.kind, command.licence, now
        )
        events = self._stamp(event, enterprise_id, after_sequence=0, now=now)
        try:
            await self.enterprises.create(enterprise_id, store.enterprise_state(enterprise), events)
        except AlreadyStoredError:
            return await self.get_enterprise(enterprise_id)
        log.info("enterprise registered", enterprise_id=enterprise_id)
        return enterprise

    async def get_enterprise(self, enterprise_id: str) -> Enterprise:
        """Returns the sender or raises NotFoundError."""
        document = await self.enterprises.get(enterprise_id)
        if document is None:
            raise NotFoundError("enterprise", enterprise_id)
        return store.enterprise_of(document)

    async def suspend_licence(self, enterprise_id: str, reason: str) -> Enterprise:
        """Suspends the sender's licence from today; its open placements stop moving."""
        return await self._change_licence(
            enterprise_id,
            lambda e, today, now: senders.suspend_licence(e, reason, today, now),
        )

    async def reinstate_licence(self, enterprise_id: str) -> Enterprise:
        """Lifts a suspension from today."""
        return await self._change_licence(enterprise_id, senders.reinstate_licence)

    async def revoke_licence(self, enterprise_id: str, reason: str) -> Enterprise:
        """Revokes the sender's licence for good."""
        return await self._change_licence(
            enterprise_id,
            lambda e, today, now: senders.revoke_licence(e, reason, today, now),
        )

    async def renew_licence(self, enterprise_id: str, terms: LicenceTerms) -> Enterprise:
        """Replaces the licence's number, authority and validity dates."""
        return await self._change_licence(
            enterprise_id, lambda e, _today, now: senders.renew_licence(e, terms, now)
        )

    async def _change_licence(
        self,
        enterprise_id: str,
        decide: Callable[[Enterprise, date, datetime], tuple[Enterprise, EventPayload]],
    ) -> Enterprise:
        async def attempt() -> Enterprise:
            document = await self.enterprises.get(enterprise_id)
            if document is None:
                raise NotFoundError("enterprise", enterprise_id)
            now, today = self.moment()
            enterprise, event = decide(store.enterprise_of(document), today, now)
            events = self._stamp(event, enterprise_id, document["event_seq"], now)
            await self.enterprises.save(
                enterprise_id, document["version"], store.enterprise_state(enterprise), events
            )
            log.info(
                "licence changed", enterprise_id=enterprise_id, status=enterprise.licence.status
            )
            return enterprise

        return await retried(attempt)

    # Job orders

    async def post_job_order(self, terms: JobOrderTerms, job_order_id: str) -> JobOrder:
        """Posts a job order for a sender whose licence is valid today."""
        document = await self.enterprises.get(terms.enterprise_id)
        if document is None:
            raise FieldError("enterprise_id", "no enterprise with this id")
        now, today = self.moment()
        order, event = orders.post_job_order(
            job_order_id, terms, store.enterprise_of(document), today, now
        )
        events = self._stamp(event, job_order_id, after_sequence=0, now=now)
        try:
            await self.job_orders.create(job_order_id, store.job_order_state(order), events)
        except AlreadyStoredError:
            return await self.get_job_order(job_order_id)
        log.info("job order posted", job_order_id=job_order_id, enterprise_id=order.enterprise_id)
        return order

    async def get_job_order(self, job_order_id: str) -> JobOrder:
        """Returns the job order with its held positions, or raises NotFoundError."""
        document = await self._order_document(job_order_id)
        held = await self.positions.held([job_order_id])
        return store.job_order_of(document, held[job_order_id])

    async def list_job_orders(
        self,
        *,
        status: JobOrderStatus | None,
        country: str | None,
        enterprise_id: str | None,
        within: Document | None = None,
        pages: Pages | None = None,
    ) -> list[JobOrder]:
        """Returns job orders, newest first, inside the scope ``within`` if given: a page of
        them, or all."""
        documents = await self.reads.job_orders(
            status=status, country=country, enterprise_id=enterprise_id, within=within, pages=pages
        )
        held = await self.positions.held(d["_id"] for d in documents)
        return [store.job_order_of(d, held[d["_id"]]) for d in documents]

    async def close_job_order(self, job_order_id: str, reason: JobOrderCloseReason) -> JobOrder:
        """Stops the order recruiting; placements already holding positions go on."""

        async def attempt() -> JobOrder:
            document = await self._order_document(job_order_id)
            held = await self.positions.held([job_order_id])
            now, _ = self.moment()
            order = store.job_order_of(document, held[job_order_id])
            closed, event = orders.close_job_order(order, reason, now)
            events = self._stamp(event, job_order_id, document["event_seq"], now)
            await self.job_orders.save(
                job_order_id, document["version"], store.job_order_state(closed), events
            )
            return closed

        return await retried(attempt)

    # Matching

    async def matches_for_order(
        self, job_order_id: str, include_unfit: bool, within: Document | None = None
    ) -> list[CandidateMatch]:
        """Returns the workers trained for the order's country who fit it, best first.

        ``within``: the caller's scope over candidates, applied in the query.
        """
        order = await self.get_job_order(job_order_id)
        _, today = self.moment()
        candidates = await self.reads.candidates_trained_for(order.country.value, within)
        return match_order(order, candidates, today, include_unfit)

    async def matches_for_worker(self, worker_id: str, include_unfit: bool) -> list[OrderMatch]:
        """Returns the open job orders the worker fits, best first."""
        candidate = await self.get_candidate(worker_id)
        _, today = self.moment()
        open_orders = await self.list_job_orders(
            status=JobOrderStatus.OPEN, country=None, enterprise_id=None
        )
        by_id = await self.reads.enterprises(o.enterprise_id for o in open_orders)
        offers = [(o, by_id[o.enterprise_id]) for o in open_orders if o.enterprise_id in by_id]
        return match_worker(candidate, offers, today, include_unfit)

    async def get_candidate(self, worker_id: str) -> Candidate:
        """Returns what deployment knows of a worker, or raises NotFoundError."""
        candidate = await self.reads.candidate(worker_id)
        if candidate is None:
            raise NotFoundError("worker", worker_id)
        return candidate

    async def personal_data(self, worker_id: str) -> Holdings:
        """What deployment holds about the worker, for intake's personal-data export."""
        candidate = await self.get_candidate(worker_id)
        placements = await self.reads.placements(worker_id=worker_id)
        pieces = [piece(holding("deployment", store.CANDIDATES), candidate.model_dump())]
        if placements:
            of_worker = [p.model_dump() for p in placements]
            pieces.append(piece(holding("deployment", store.PLACEMENTS), of_worker))
        return Holdings(service="deployment", worker_id=worker_id, pieces=pieces)

    # Placements

    async def shortlist(
        self, job_order_id: str, worker_id: str, placement_id: str, by: str | None = None
    ) -> PlacementStatus:
        """Shortlists a fitting worker; a retry with the same placement id returns the first."""
        known = await self.placements.get(placement_id)
        if known is not None:
            return await self._status(store.placement_of(known))
        order = await self.get_job_order(job_order_id)
        enterprise = await self.get_enterprise(order.enterprise_id)
        candidate = await self.reads.candidate(worker_id)
        if candidate is None:
            raise FieldError("worker_id", "no registration or training received for this worker")
        now, today = self.moment()
        change = flow.shortlist(
            placement_id,
            candidate=candidate,
            order=order,
            enterprise=enterprise,
            worker_placements=await self.reads.worker_placements(candidate),
            today=today,
            now=now,
        )
        change = flow.attributed(change, by)
        events = self._stamp(change.event, worker_id, after_sequence=0, now=now)
        try:
            await self.placements.create(
                placement_id, store.placement_state(change.placement), events
            )
        except AlreadyStoredError:
            if await self.placements.get(placement_id) is not None:
                return await self.get_placement(placement_id)  # a retry won the race
            raise ConflictError(
                "worker already has an open placement on this job order",
                job_order_id=job_order_id,
            ) from None
        log.info("worker shortlisted", placement_id=placement_id, job_order_id=job_order_id)
        return PlacementStatus(change.placement, None, None)

    async def select(self, placement_id: str, by: str | None = None) -> PlacementStatus:
        """Gives the worker one of the order's positions; never more holders than positions."""

        def decide(s: Scene) -> PlacementChange:
            return flow.select(
                s.placement,
                order=s.order,
                enterprise=s.enterprise,
                worker_placements=s.worker_placements,
                candidate=s.candidate,
                today=s.today,
                now=s.now,
            )

        return await self._move(placement_id, decide, by)

    async def sign_contract(
        self,
        placement_id: str,
        signed_on: date,
        contract_start: date,
        contract_end: date | None,
        by: str | None = None,
    ) -> PlacementStatus:
        """Records the signed labour contract."""
        return await self._move(
            placement_id,
            lambda s: flow.sign_contract(
                s.placement,
                order=s.order,
                enterprise=s.enterprise,
                signed_on=signed_on,
                contract_start=contract_start,
                contract_end=contract_end,
                candidate=s.candidate,
                today=s.today,
                now=s.now,
            ),
            by,
        )

    async def apply_for_visa(
        self, placement_id: str, applied_on: date, by: str | None = None
    ) -> PlacementStatus:
        """Records the visa application."""
        return await self._move(
            placement_id,
            lambda s: flow.apply_for_visa(
                s.placement,
                order=s.order,
                enterprise=s.enterprise,
                applied_on=applied_on,
                candidate=s.candidate,
                today=s.today,
                now=s.now,
            ),
            by,
        )

    async def grant_visa(
        self, placement_id: str, granted_on: date, by: str | None = None
    ) -> PlacementStatus:
        """Records the granted visa."""
        return await self._move(
            placement_id,
            lambda s: flow.grant_visa(
                s.placement,
                order=s.order,
                enterprise=s.enterprise,
                granted_on=granted_on,
                candidate=s.candidate,
                today=s.today,
                now=s.now,
            ),
            by,
        )

    async def depart(
        self, placement_id: str, departed_at: datetime | None, by: str | None = None
    ) -> PlacementStatus:
        """Records the departure; ``worker.departed`` goes out through the outbox."""
        return await self._move(
            placement_id,
            lambda s: flow.depart(
                s.placement,
                order=s.order,
                enterprise=s.enterprise,
                # In Vietnam's time, so its day compares with the visa's and contract's days.
                departed_at=(departed_at or s.now).astimezone(VIETNAM),
                candidate=s.candidate,
                today=s.today,
                now=s.now,
            ),
            by,
        )

    async def cancel(
        self, placement_id: str, reason: str, by: str | None = None
    ) -> PlacementStatus:
        """Cancels the placement; a held position is free again."""
        return await self._move(
            placement_id, lambda s: flow.cancel(s.placement, reason=reason, now=s.now), by
        )

    async def refuse_visa(
        self, placement_id: str, refused_on: date, reason: str, by: str | None = None
    ) -> PlacementStatus:
        """Records the visa refusal: the placement ends and its position is free again."""
        return await self._move(
            placement_id,
            lambda s: flow.refuse_visa(
                s.placement, refused_on=refused_on, reason=reason, today=s.today, now=s.now
            ),
            by,
        )

    async def change_employer(
        self, placement_id: str, terms: flow.NewEmployer, by: str | None = None
    ) -> PlacementStatus:
        """Records a departed worker's move to another employer under a new contract."""
        return await self._move(
            placement_id,
            lambda s: flow.change_employer(
                s.placement,
                terms=terms,
                enterprise=s.enterprise,
                candidate=s.candidate,
                by=by,
                today=s.today,
                now=s.now,
            ),
            by,
        )

    async def get_placement(self, placement_id: str) -> PlacementStatus:
        """Returns the placement with what blocks it, or raises NotFoundError."""
        document = await self.placements.get(placement_id)
        if document is None:
            raise NotFoundError("placement", placement_id)
        return await self._status(store.placement_of(document))

    async def placements_of_order(
        self,
        job_order_id: str,
        within: Document | None = None,
        workers_within: Document | None = None,
    ) -> list[PlacementStatus]:
        """Returns the order's placements, oldest first: all of them, or (``within`` given)
        those the caller's scope holds, by their own fields or their workers' records."""
        order = await self.get_job_order(job_order_id)
        enterprise = await self.get_enterprise(order.enterprise_id)
        found = (
            await self.reads.placements(job_order_id=job_order_id)
            if within is None
            else await self.reads.placements_within(job_order_id, within, workers_within)
        )
        found.sort(key=lambda p: (p.shortlisted_at, p.id))
        return [await self._status(p, order, enterprise) for p in found]

    async def placements_of_worker(self, worker_id: str) -> list[PlacementStatus]:
        """Returns the worker's placements on every order, oldest first, with those of the
        duplicates merged into the worker's record; none for a record merged away (they are
        its survivor's)."""
        candidate = await self.reads.candidate(worker_id)
        if candidate is None:
            found = await self.reads.placements(worker_id=worker_id)
        elif candidate.merged_into is not None:
            found = []
        else:
            found = await self.reads.worker_placements(candidate)
        found.sort(key=lambda p: (p.shortlisted_at, p.id))
        return [await self._status(p) for p in found]

    async def _move(
        self, placement_id: str, decide: Callable[[Scene], PlacementChange], by: str | None = None
    ) -> PlacementStatus:
        took_position = False

        async def attempt() -> PlacementStatus:
            nonlocal took_position
            document = await self.placements.get(placement_id)
            if document is None:
                raise NotFoundError("placement", placement_id)
            # A merged duplicate's placement moves onto the survivor with this write.
            placement, candidate = await self._live(store.placement_of(document))
            order = await self.get_job_order(placement.job_order_id)
            if took_position and not placement.holds_position:
                # the position an earlier attempt took is this placement's, not another's
                order = order.model_copy(update={"filled": max(order.filled - 1, 0)})
            now, today = self.moment()
            scene = Scene(
                order=order,
                enterprise=await self.get_enterprise(order.enterprise_id),
                candidate=candidate,
                placement=placement,
                worker_placements=(
                    await self.reads.worker_placements(candidate)
                    if candidate is not None
                    else await self.reads.placements(worker_id=placement.worker_id)
                ),
                today=today,
                now=now,
            )
            change = flow.attributed(decide(scene), by)
            if change.positions_delta > 0:
                await self._take_position(order, placement, now)
                took_position = True
            await self._save(document, change, now)
            if change.placement.state in flow.ENDED_BEFORE_DEPARTURE:
                # After the cancellation (or refusal) is written: a crash between leaves a
                # position held by an ended placement, which the next selection frees.
                await self.positions.release(placement_id, now)
            log.info(
                "placement moved",
                placement_id=placement_id,
                job_order_id=order.id,
                state=change.placement.state,
            )
            return await self._status(change.placement, order, scene.enterprise, scene.candidate)

        try:
            return await retried(attempt)
        except Exception:
            # Attempts that lost a race keep the position they took, for the next attempt to
            # reuse (a placement may hold one claim, ever); a selection that finally fails
            # gives it back.
            if took_position:
                await self._release_unless_selected(placement_id, self.clock())
            raise

    async def _take_position(self, order: JobOrder, placement: Placement, now: datetime) -> None:
        claim = await self.positions.claim(order, placement.id, placement.worker_id, now)
        if claim is None and await self._free_positions_of_cancelled(order, now):
            claim = await self.positions.claim(order, placement.id, placement.worker_id, now)
        if claim is None:
            raise PositionsFilledError(order.id, order.positions)

    async def _free_positions_of_cancelled(self, order: JobOrder, now: datetime) -> bool:
        freed = False
        for claim in await self.positions.active_claims(order.id):
            holder = await self.placements.get(claim["placement_id"])
            if holder is not None and holder["state"] in flow.ENDED_BEFORE_DEPARTURE:
                freed = await self.positions.release(claim["placement_id"], now) or freed
        return freed

    async def _save(self, document: Document, change: PlacementChange, now: datetime) -> None:
        placement = change.placement
        events = self._stamp(change.event, placement.worker_id, document["event_seq"], now)
        try:
            await self.placements.save(
                placement.id, document["version"], store.placement_state(placement), events
            )
        except AlreadyStoredError:
            raise ConflictError(
                "worker already holds a position on another job order",
                worker_id=placement.worker_id,
            ) from None

    async def _release_unless_selected(self, placement_id: str, now: datetime) -> None:
        # The claim is shared by every attempt at this placement's selection: keep it if one
        # of them did write the selection.
        current = await self.placements.get(placement_id)
        if current is None or not store.placement_of(current).holds_position:
            await self.positions.release(placement_id, now)

    async def _status(
        self,
        placement: Placement,
        order: JobOrder | None = None,
        enterprise: Enterprise | None = None,
        candidate: Candidate | None = None,
    ) -> PlacementStatus:
        if candidate is None:
            placement, candidate = await self._live(placement)
        order = order or await self.get_job_order(placement.job_order_id)
        enterprise = enterprise or await self.get_enterprise(order.enterprise_id)
        _, today = self.moment()
        reason = blocked_reason(
            placement, enterprise=enterprise, order=order, today=today, candidate=candidate
        )
        contract = candidate.contracts.get(placement.id) if candidate else None
        end = contract.contract_end if contract and contract.departed else placement.contract_end
        return PlacementStatus(placement, reason, end)

    async def _live(self, placement: Placement) -> tuple[Placement, Candidate | None]:
        """Returns the placement under the live record of its worker (the survivor, when the
        worker's record was merged as a duplicate), and that record."""
        candidate = await self.reads.candidate(placement.worker_id)
        for _ in range(MERGE_CHAIN_READS):
            if candidate is None or candidate.merged_into is None:
                break
            survivor = await self.reads.candidate(candidate.merged_into)
            placement = placement.model_copy(update={"worker_id": candidate.merged_into})
            candidate = survivor
        return placement, candidate

    async def _order_document(self, job_order_id: str) -> Document:
        document = await self.job_orders.get(job_order_id)
        if document is None:
            raise NotFoundError("job order", job_order_id)
        return document

    def _stamp(
        self, payload: EventPayload, subject: str, after_sequence: int, now: datetime
    ) -> list[EventEnvelope]:
        return stamp_events(
            [payload],
            subject=subject,
            after_sequence=after_sequence,
            source=SOURCE,
            correlation_id=current_correlation_id(),
            now=now,
        )
