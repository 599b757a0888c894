"""Training's collections: trainees (view + record + outbox), courses, seats, providers,
certificate numbers.

- ``candidates``: one document per worker: training's candidate view (from intake's events),
  the training record, and the outbox of the worker's training events. The intake consumer
  and the API both write it, each with a version check, state and events in one update.
- ``courses``: one document per course.
- ``seats``: one document per taken seat, ``<course id>#<n>`` for n in 1..capacity: a unique
  ``_id`` is what keeps a course from being overbooked (see Seats).
- ``trainee_writes``: earlier versions' writes of a trainee, each carrying its events to the
  relay; drained by the relay and ``TraineeWrites.recover``, no longer written.
- ``providers``: training institutions.
- ``certificates``: one document per certificate number (its ``_id``): numbers are unique.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.training.domain import CandidateView, Course, Provider, TrainingRecord
from shared.events.envelope import EventEnvelope
from shared.events.topics import Topic
from shared.store import AggregateCollection, Document, IndexSpec, ensure_indexes

TRAINEES = "candidates"
COURSES = "courses"
PROVIDERS = "providers"
CERTIFICATES = "certificates"
SEATS = "seats"
TRAINEE_WRITES = "trainee_writes"
# Earlier versions' writes first: in each relay pass they go out before the trainees' newer ones.
OUTBOX_COLLECTIONS = (TRAINEE_WRITES, TRAINEES)
STALE_WRITE = timedelta(seconds=30)


async def prepare(database: AsyncDatabase[Document]) -> None:
    """Creates training's missing indexes: the relay's pending flag, and the course listings."""
    pending: IndexSpec = ("outbox_pending", [("outbox_pending", ASCENDING)], False)
    await ensure_indexes(
        database[TRAINEES],
        [
            pending,
            ("by_commune", [("province_code", ASCENDING), ("commune_code", ASCENDING)], False),
        ],
    )
    await ensure_indexes(database[TRAINEE_WRITES], [pending])
    await ensure_indexes(
        database[COURSES],
        [
            ("by_provider", [("provider_id", ASCENDING)], False),
            ("by_start", [("starts_on", ASCENDING), ("_id", ASCENDING)], False),
        ],
    )
    await ensure_indexes(
        database[SEATS],
        [
            ("by_course", [("course_id", ASCENDING)], False),
            (
                "one_seat_per_enrolment",
                [("course_id", ASCENDING), ("enrolment_id", ASCENDING)],
                True,
            ),
        ],
    )


def trainee_state(candidate: CandidateView, record: TrainingRecord) -> Document:
    """Returns a trainee document's state: the view, the record, and fields to query by."""
    profile = candidate.profile
    return {
        **candidate.model_dump(mode="json"),
        **record.model_dump(mode="json"),
        "registered": candidate.registered,
        "active": candidate.active,
        "training_cost_support": candidate.training_cost_support,
        "full_name": profile.full_name if profile else None,
        "province_code": profile.locality.province_code if profile else None,
        "commune_code": profile.locality.commune_code if profile else None,
    }


def trainee_of(document: Document) -> tuple[CandidateView, TrainingRecord]:
    """Returns the candidate view and training record a trainee document holds."""
    return CandidateView.model_validate(document), TrainingRecord.model_validate(document)


class Courses:
    """Courses; their seats are counted from ``Seats``."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection = database[COURSES]
        self.seats = Seats(database)

    async def insert(self, course: Course, now: datetime) -> Course:
        """Stores a new course; a retry with the same id returns the stored one."""
        document = course.model_dump(mode="json", exclude={"seats_taken"})
        document.update(_id=course.course_id, starts_on=course.starts_on.isoformat())
        document["scheduled_at"] = now
        try:
            await self.collection.insert_one(document)
        except DuplicateKeyError:
            stored = await self.get(course.course_id)
            assert stored is not None
            return stored
        return course

    async def get(self, course_id: str) -> Course | None:
        """Returns the course with its seats taken now, or None."""
        document = await self.collection.find_one({"_id": course_id})
        if document is None:
            return None
        taken = await self.seats.count(course_id)
        return Course.model_validate({**document, "seats_taken": taken})

    async def find(self, filters: dict[str, str], limit: int, skip: int) -> list[Course]:
        """Returns courses matching equality filters, soonest first, with their seats taken."""
        cursor = self.collection.find(filters).sort([("starts_on", ASCENDING), ("_id", ASCENDING)])
        documents = await cursor.skip(skip).limit(limit).to_list(None)
        taken = await self.seats.counts([d["_id"] for d in documents])
        return [
            Course.model_validate({**d, "seats_taken": taken.get(d["_id"], 0)}) for d in documents
        ]


class Seats:
    """Seat claims: one document per taken seat, ``<course id>#<seat number>``.

    FerretDB v1 does not isolate concurrent updates of one document (two conditional updates
    can both match, and one write is lost), but it does refuse a second insert of the same
    ``_id``. So a course of capacity N can never have more than N seat documents, whatever
    the concurrency, and of two officers taking the last seat exactly one insert succeeds.
    """

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection = database[SEATS]

    async def take(self, course: Course, enrolment_id: str, worker_id: str, now: datetime) -> bool:
        """Claims a free seat for the enrolment; returns False when every seat is taken."""
        taken = {
            d["seat"]
            for d in await self.collection.find(
                {"course_id": course.course_id}, {"seat": 1}
            ).to_list(None)
        }
        for seat in range(1, course.capacity + 1):
            if seat in taken:
                continue
            try:
                await self.collection.insert_one(
                    {
                        "_id": f"{course.course_id}#{seat}",
                        "course_id": course.course_id,
                        "seat": seat,
                        "enrolment_id": enrolment_id,
                        "worker_id": worker_id,
                        "taken_at": now,
                    }
                )
                return True
            except DuplicateKeyError:
                if await self.held_by(course.course_id, enrolment_id):
                    return True
        return False

    async def held_by(self, course_id: str, enrolment_id: str) -> bool:
        """Returns whether the enrolment holds a seat of the course."""
        found = await self.collection.find_one(
            {"course_id": course_id, "enrolment_id": enrolment_id}, {"_id": 1}
        )
        return found is not None

    async def release(self, course_id: str, enrolment_id: str) -> bool:
        """Frees the enrolment's seat if it holds one; returns whether it did."""
        result = await self.collection.delete_many(
            {"course_id": course_id, "enrolment_id": enrolment_id}
        )
        return result.deleted_count > 0

    async def holders(self, course_id: str) -> list[Document]:
        """Returns the course's seat claims, by seat number."""
        cursor = self.collection.find({"course_id": course_id}).sort("seat", ASCENDING)
        return await cursor.to_list(None)

    async def count(self, course_id: str) -> int:
        """Returns how many seats of the course are taken."""
        return await self.collection.count_documents({"course_id": course_id})

    async def counts(self, course_ids: list[str]) -> dict[str, int]:
        """Returns the seats taken of several courses (one ``$group``, one accumulator)."""
        if not course_ids:
            return {}
        pipeline: list[Document] = [
            {"$match": {"course_id": {"$in": course_ids}}},
            {"$group": {"_id": "$course_id", "taken": {"$sum": 1}}},
        ]
        cursor = await self.collection.aggregate(pipeline)
        return {d["_id"]: d["taken"] for d in await cursor.to_list(None)}


class TraineeWrites:
    """Writes a trainee's new state and its events in ONE update of the trainee document.

    The events go into the document's own outbox (``shared.store.AggregateCollection``), as in
    the other services: a crash or a store blip either keeps the change with its events or
    loses both, and the write holds the document's lock, as the consumer's and the relay's do.

    ``trainee_writes`` held each write's events in a second document, marked pending by a
    third write, in earlier versions; ``recover`` (run at start) releases such a write that a
    crash interrupted after its state was saved, and drops any other, so an upgrade loses none.
    """

    def __init__(
        self,
        database: AsyncDatabase[Document],
        topic_prefix: str,
        notify: Callable[[], None] = lambda: None,
    ) -> None:
        self.trainees = database[TRAINEES]
        self.writes = database[TRAINEE_WRITES]
        self.topic = topic_prefix + Topic.TRAINING
        self.aggregates = AggregateCollection(self.trainees, self.topic, notify)
        self.notify = notify

    async def get(self, worker_id: str) -> Document | None:
        """Returns the trainee document, or None."""
        return await self.aggregates.get(worker_id)

    async def within(self, worker_ids: Sequence[str], scope: Document) -> set[str]:
        """Returns which of these workers the scope's filter holds (one query)."""
        if not worker_ids:
            return set()
        query = {"$and": [{"_id": {"$in": list(dict.fromkeys(worker_ids))}}, scope]}
        return {d["_id"] async for d in self.trainees.find(query, {"_id": 1})}

    async def save(
        self, document: Document, state: Mapping[str, Any], events: Sequence[EventEnvelope]
    ) -> None:
        """Saves the state and its events if nobody wrote the trainee since ``document``."""
        await self.aggregates.save(document["_id"], document["version"], state, events)

    async def recover(self, now: datetime, older_than: timedelta = STALE_WRITE) -> int:
        """Releases the events of earlier versions' writes interrupted after their state was
        saved; drops the others."""
        prepared = await self.writes.find(
            {"outbox_pending": False, "outbox_sent": 0, "prepared_at": {"$lt": now - older_than}}
        ).to_list(None)
        released = 0
        for write in prepared:
            if not write.get("outbox"):
                continue
            trainee = await self.trainees.find_one({"_id": write["worker_id"]}, {"writes": 1})
            if trainee is not None and write["_id"] in trainee.get("writes", []):
                await self.writes.update_one(
                    {"_id": write["_id"]}, {"$set": {"outbox_pending": True}}
                )
                released += 1
            else:
                await self.writes.delete_one({"_id": write["_id"], "outbox_pending": False})
        if released:
            self.notify()
        return released


class Providers:
    """Training providers."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection = database[PROVIDERS]

    async def insert(self, provider: Provider, now: datetime) -> Provider:
        """Stores a new provider; a retry with the same id returns the stored one."""
        document = {"_id": provider.provider_id, **provider.model_dump(mode="json")}
        document["registered_at"] = now
        try:
            await self.collection.insert_one(document)
        except DuplicateKeyError:
            stored = await self.get(provider.provider_id)
            assert stored is not None
            return stored
        return provider

    async def get(self, provider_id: str) -> Provider | None:
        """Returns the provider, or None."""
        document = await self.collection.find_one({"_id": provider_id})
        return Provider.model_validate(document) if document else None

    async def all(self, limit: int, skip: int, within: Document | None = None) -> list[Provider]:
        """Returns providers in the scope ``within`` (None: all) by id."""
        cursor = self.collection.find(within or {}).sort("_id", ASCENDING).skip(skip).limit(limit)
        return [Provider.model_validate(d) for d in await cursor.to_list(None)]


class CertificateNumbers:
    """Certificate numbers already issued, each to one enrolment."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection = database[CERTIFICATES]

    async def claim(self, number: str, worker_id: str, enrolment_id: str, now: datetime) -> bool:
        """Claims a number for an enrolment; returns False if another enrolment holds it.

        Claiming again for the same enrolment succeeds (a retried request).
        """
        try:
            await self.collection.insert_one(
                {"_id": number, "worker_id": worker_id, "enrolment_id": enrolment_id, "at": now}
            )
            return True
        except DuplicateKeyError:
            held = await self.collection.find_one({"_id": number})
            return held is not None and held.get("enrolment_id") == enrolment_id

    async def release(self, number: str, enrolment_id: str) -> None:
        """Gives a number back when the certificate it was claimed for was refused."""
        await self.collection.delete_one({"_id": number, "enrolment_id": enrolment_id})
