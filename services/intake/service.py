"""Intake's use cases: load, decide with the domain, save state and events in one write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.intake import store
from services.intake.models import RegisterWorker
from shared.contracts.intake import SupportEligibility, WorkerRegistered
from shared.errors import ConflictError, NotFoundError
from shared.events.envelope import stamp_events
from shared.logging import current_correlation_id, get_logger
from shared.store import AggregateCollection, Document

log = get_logger(__name__)
SOURCE = "intake"


def utc_now() -> datetime:
    return datetime.now(UTC)


class IntakeService:
    """Registration and the worker's case at intake."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        workers: AggregateCollection,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.database = database
        self.workers = workers
        self.clock = clock

    async def register_worker(self, command: RegisterWorker, worker_id: str) -> Document:
        """Opens a worker's case; 409 with the existing id if the national ID is registered."""
        now = self.clock()
        existing = await store.find_by_national_id(self.database, command.national_id)
        if existing is not None and existing["_id"] != worker_id:
            raise ConflictError("national ID already registered", worker_id=existing["_id"])
        payload = WorkerRegistered(
            worker_id=worker_id,
            full_name=command.full_name,
            date_of_birth=command.date_of_birth,
            gender=command.gender,
            ethnicity=command.ethnicity,
            ethnic_minority=command.ethnic_minority,
            household_status=command.household_status,
            locality=command.locality,
            education=command.education,
            desired_markets=command.desired_markets,
            desired_sectors=command.desired_sectors,
            support=SupportEligibility(
                subproject2=False, training_cost_support=False, preferential_loan=False
            ),
            phone=command.phone,
            family_contact=command.family_contact,
            registered_at=now,
        )
        state = {
            **command.model_dump(mode="json"),
            "worker_id": worker_id,
            "status": "registered",
            "registered_at": now,
        }
        events = stamp_events(
            [payload],
            subject=worker_id,
            after_sequence=0,
            source=SOURCE,
            correlation_id=current_correlation_id(),
            now=now,
        )
        try:
            document = await self.workers.create(worker_id, state, events)
        except DuplicateKeyError:
            # Same id: a retried request already created it. Same national ID: a race lost.
            raced = await store.find_by_national_id(self.database, command.national_id)
            if raced is not None and raced["_id"] != worker_id:
                raise ConflictError(
                    "national ID already registered", worker_id=raced["_id"]
                ) from None
            current = await self.workers.get(worker_id)
            assert current is not None
            return current
        log.info("worker registered", worker_id=worker_id)
        return document

    async def get_worker(self, worker_id: str) -> Document:
        """Returns the worker's record or raises NotFoundError."""
        document = await self.workers.get(worker_id)
        if document is None:
            raise NotFoundError("worker", worker_id)
        return document
