"""Training's collections: trainees (view + record + outbox), courses, seats, providers,
certificate numbers; repositories on the persistence seam's ports only.

- ``candidates``: one document per worker: training's candidate view (from intake's events),
  the training record, and the outbox of the worker's training events (``Aggregates``). The
  intake consumer and the API both write it, each with a version check, state and events in
  one write.
- ``courses``: one document per course.
- ``seats``: one document per taken seat, ``<course id>#<n>`` for n in 1..capacity
  (``Slots``): a unique ``_id`` is what keeps a course from being overbooked, on any store and
  with any number of replicas.
- ``trainee_writes``: earlier versions' writes of a trainee, each carrying its events to the
  relay; drained by the relay and ``Trainees.recover``, no longer written.
- ``providers``: training institutions.
- ``certificates``: one document per certificate number (its ``_id``, ``UniqueKeys``): numbers
  are unique.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from services.training.domain import CandidateView, Course, Provider, TrainingRecord
from shared.events.envelope import EventEnvelope
from shared.events.topics import Topic
from shared.pages import Pages
from shared.persistence import (
    ASCENDING,
    Aggregates,
    AlreadyStoredError,
    Document,
    IndexSpec,
    Slots,
    UniqueKeys,
    Update,
)
from shared.persistence.stores import Store
from shared.privacy.erasure_pass import DUE_INDEX

TRAINEES = "candidates"
COURSES = "courses"
PROVIDERS = "providers"
CERTIFICATES = "certificates"
SEATS = "seats"
TRAINEE_WRITES = "trainee_writes"
# Earlier versions' writes first: in each relay pass they go out before the trainees' newer ones.
OUTBOX_COLLECTIONS = (TRAINEE_WRITES, TRAINEES)
STALE_WRITE = timedelta(seconds=30)
MERGE_CHAIN_READS = 4
BY_START = [("starts_on", ASCENDING), ("_id", ASCENDING)]


async def prepare(store: Store) -> None:
    """Creates training's missing indexes: the relay's pending flag, the course listings, and
    the seats' claims (under the names earlier versions gave them)."""
    pending: IndexSpec = ("outbox_pending", [("outbox_pending", ASCENDING)], False)
    await store.collection(TRAINEES).ensure_indexes(
        [
            pending,
            ("by_commune", [("province_code", ASCENDING), ("commune_code", ASCENDING)], False),
            DUE_INDEX,
        ]
    )
    await store.collection(CERTIFICATES).ensure_indexes(
        [("by_worker", [("worker_id", ASCENDING)], False)]
    )
    await store.collection(TRAINEE_WRITES).ensure_indexes([pending])
    await store.collection(COURSES).ensure_indexes(
        [
            ("by_provider", [("provider_id", ASCENDING)], False),
            ("by_start", BY_START, False),
        ]
    )
    await store.collection(SEATS).ensure_indexes(
        [
            ("by_course", [("course_id", ASCENDING)], False),
            (
                "one_seat_per_enrolment",
                [("course_id", ASCENDING), ("enrolment_id", ASCENDING)],
                True,
            ),
        ]
    )


def seats(store: Store) -> Slots:
    """Returns the courses' seats: ``<course id>#<seat>``, each held by one enrolment."""
    return Slots(store.collection(SEATS), group="course_id", holder="enrolment_id", number="seat")


def certificate_numbers(store: Store) -> UniqueKeys:
    """Returns the certificate numbers issued, each held by one enrolment."""
    return UniqueKeys(store.collection(CERTIFICATES), owner="enrolment_id")


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
    """Courses; their seats are counted from the seats' slots."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(COURSES)
        self.seats = seats(store)

    async def insert(self, course: Course, now: datetime) -> Course:
        """Stores a new course; a retry with the same id returns the stored one."""
        document = course.model_dump(mode="json", exclude={"seats_taken"})
        document.update(_id=course.course_id, starts_on=course.starts_on.isoformat())
        document["scheduled_at"] = now
        try:
            await self.collection.insert(document)
        except AlreadyStoredError:
            stored = await self.get(course.course_id)
            assert stored is not None
            return stored
        return course

    async def get(self, course_id: str) -> Course | None:
        """Returns the course with its seats taken now, or None."""
        document = await self.collection.get(course_id)
        if document is None:
            return None
        taken = await self.seats.count(course_id)
        return Course.model_validate({**document, "seats_taken": taken})

    async def find(self, filters: Mapping[str, Any], pages: Pages) -> list[Course]:
        """Returns a page of the courses matching the filter, soonest first, with their seats
        taken."""
        documents = await pages.find(self.collection, filters, BY_START)
        taken = await self.seats.counts([d["_id"] for d in documents])
        return [
            Course.model_validate({**d, "seats_taken": taken.get(d["_id"], 0)}) for d in documents
        ]


class Trainees:
    """Trainee documents: a trainee's new state and its events are ONE write (``Aggregates``).

    ``trainee_writes`` held each write's events in a second document, marked pending by a
    third write, in earlier versions; ``recover`` (run at start) releases such a write that a
    crash interrupted after its state was saved, and drops any other, so an upgrade loses none.
    """

    def __init__(
        self, store: Store, topic_prefix: str, notify: Callable[[], None] = lambda: None
    ) -> None:
        self.collection = store.collection(TRAINEES)
        self.writes = store.collection(TRAINEE_WRITES)
        self.aggregates = Aggregates(self.collection, topic_prefix + Topic.TRAINING, notify)
        self.notify = notify

    async def get(self, worker_id: str) -> Document | None:
        """Returns the trainee document, or None."""
        return await self.aggregates.get(worker_id)

    async def enrolments_of(self, worker_ids: Sequence[str]) -> list[Document]:
        """Returns the enrolments of these workers' trainee documents."""
        return await self.collection.get_many(worker_ids, {"enrolments": 1})

    async def survivors(self, worker_ids: Sequence[str]) -> dict[str, str]:
        """Returns the live record each of these workers ends in, for those merged as
        duplicates (a chain of merges followed)."""
        merged_into: dict[str, str] = {}
        checked: set[str] = set()
        asked = list(dict.fromkeys(worker_ids))
        for _ in range(MERGE_CHAIN_READS):
            if not asked:
                break
            checked.update(asked)
            documents = await self.collection.get_many(asked, {"merged_into": 1})
            found = {d["_id"]: d["merged_into"] for d in documents if d.get("merged_into")}
            merged_into.update(found)
            asked = [w for w in dict.fromkeys(found.values()) if w not in checked]
        survivors: dict[str, str] = {}
        for worker_id in dict.fromkeys(worker_ids):
            survivor, passed = worker_id, {worker_id}
            while survivor in merged_into and merged_into[survivor] not in passed:
                survivor = merged_into[survivor]
                passed.add(survivor)
            if survivor != worker_id:
                survivors[worker_id] = survivor
        return survivors

    async def within(self, worker_ids: Sequence[str], scope: Mapping[str, Any]) -> set[str]:
        """Returns which of these workers the scope's filter holds (one query)."""
        if not worker_ids:
            return set()
        query = {"$and": [{"_id": {"$in": list(dict.fromkeys(worker_ids))}}, scope]}
        return {d["_id"] for d in await self.collection.find(query, {"_id": 1})}

    async def save(
        self, document: Document, state: Mapping[str, Any], events: Sequence[EventEnvelope]
    ) -> None:
        """Saves the state and its events if nobody wrote the trainee since ``document``;
        raises ConcurrentUpdateError otherwise."""
        await self.aggregates.save(document["_id"], document["version"], state, events)

    async def recover(self, now: datetime, older_than: timedelta = STALE_WRITE) -> int:
        """Releases the events of earlier versions' writes interrupted after their state was
        saved; drops the others."""
        prepared = await self.writes.find(
            {"outbox_pending": False, "outbox_sent": 0, "prepared_at": {"$lt": now - older_than}}
        )
        released = 0
        for write in prepared:
            if not write.get("outbox"):
                continue
            trainee = await self.collection.get(write["worker_id"], {"writes": 1})
            if trainee is not None and write["_id"] in trainee.get("writes", []):
                # Only this start-up job writes these documents before the relay takes them.
                await self.writes.put(write["_id"], Update(set={"outbox_pending": True}))
                released += 1
            else:
                await self.writes.delete(write["_id"], {"outbox_pending": False})
        if released:
            self.notify()
        return released


class Providers:
    """Training providers."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(PROVIDERS)

    async def insert(self, provider: Provider, now: datetime) -> Provider:
        """Stores a new provider; a retry with the same id returns the stored one."""
        document = {"_id": provider.provider_id, **provider.model_dump(mode="json")}
        document["registered_at"] = now
        try:
            await self.collection.insert(document)
        except AlreadyStoredError:
            stored = await self.get(provider.provider_id)
            assert stored is not None
            return stored
        return provider

    async def get(self, provider_id: str) -> Provider | None:
        """Returns the provider, or None."""
        document = await self.collection.get(provider_id)
        return Provider.model_validate(document) if document else None

    async def all(self, pages: Pages, within: Mapping[str, Any] | None = None) -> list[Provider]:
        """Returns a page of the providers in the scope ``within`` (None: all) by id."""
        documents = await pages.find(self.collection, within or {}, [("_id", ASCENDING)])
        return [Provider.model_validate(d) for d in documents]
