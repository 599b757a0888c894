"""Intake's repositories on the persistence seam: workers (aggregates with their outbox),
duplicate reviews and their groups, import jobs."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import time as clock
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from services.intake.domain.duplicates import MAX_MEMBERS, DuplicateReview
from services.intake.domain.journeys import JourneyEnds
from services.intake.domain.licences import SenderLicence, sender_licence
from services.intake.domain.likeness import Candidate, match_keys
from services.intake.domain.registration import VIETNAM_TIME
from services.intake.domain.transfers import TransferListing
from services.intake.domain.worker import WorkerStatus
from shared.contracts.common import Locality
from shared.errors import FieldError
from shared.events.envelope import EventEnvelope
from shared.events.topics import Topic
from shared.pages import Pages
from shared.persistence import (
    ASCENDING,
    DESCENDING,
    Aggregates,
    AlreadyStoredError,
    Collection,
    ConcurrentUpdateError,
    Document,
    IndexSpec,
    Update,
    retry_on_conflict,
)
from shared.persistence.stores import Store
from shared.retry import backoff_delays
from shared.store import TRANSIENT_STORE_ERRORS

WORKERS = "workers"
DUPLICATE_REVIEWS = "duplicate_reviews"
MIGRATIONS = "migrations"
"""One document per one-off change of stored data done (so that it runs once)."""
REVIEW_MEMBERS = "review_members"
"""The records that joined a pending review after it opened, one document each."""
REVIEW_DECISIONS = "review_decisions"
"""Decisions claimed by an insert before reviews carried a version (read for old databases)."""
DUPLICATE_GROUPS = "duplicate_groups"
"""Groups of one exact key, kept by releases before the finder (read by nothing now)."""
IMPORT_JOBS = "import_jobs"
IMPORT_ROWS = "import_rows"
IMPORT_FILES = "import_files"
NAME_PAGES = "name_pages"
"""The name search's index (``NameIndex``): a claim per page, a head per name key, a marker."""
JOURNEY_ENDS = "journey_ends"
UPGRADES = "upgrades"
"""One document per one-time upgrade step the store has been through."""
DEATHS_MARKED = "died-abroad-marks"
DIED_ABROAD_HEARD = "died_abroad_heard"
"""A worker's mark, set before their journey ends first hold a death abroad: a read fetches
the journey ends only for a record marked so (or one with records merged into it)."""
LICENCE_REGISTER = "licence_register"
LEGAL_HOLDS = "legal_holds"
"""Per worker: the placements whose journey ended, folded from aftercare's events."""
TRANSFER_LIST = "transfer_list"
"""Per transfer: where it goes from and to, and where it stands, folded from intake's events."""
TRANSFERS_NEWEST_FIRST = [("requested_at", DESCENDING), ("_id", DESCENDING)]
SEARCH_BUCKETS = "search_buckets"
"""The name search's former time buckets, dropped once ``NameIndex.index_all`` has run."""
OUTBOX_COLLECTIONS = (WORKERS,)
NEWEST_FIRST = [("registered_at", DESCENDING), ("_id", DESCENDING)]
QUEUE_ORDER = [("score", DESCENDING), ("flagged_at", ASCENDING), ("_id", ASCENDING)]
LIKENESS_FIELDS = {
    "_id": 1, "worker_id": 1, "name_folded": 1, "date_of_birth": 1, "gender": 1,
    "locality": 1, "registered_at": 1,
}  # fmt: skip
MATCHES_READ = 50
INDEX_ATTEMPTS = 8
"""Writes ``index_all`` tries for one worker while other writers (the relay) move it first."""
"""Records read per blocking key when looking for a record's candidates."""
HIDDEN = {"outbox": 0, "applied": 0}
STORE_OUTAGES = TRANSIENT_STORE_ERRORS
"""What a store that does not answer (yet) raises."""


async def prepare(store: Store) -> None:
    """Creates intake's missing indexes; the unique national ID index makes a second case
    impossible, across processes too."""
    await store.collection(WORKERS).ensure_indexes(
        [
            ("one_case_per_id", [("national_id", ASCENDING)], True),
            ("outbox_pending", [("outbox_pending", ASCENDING)], False),
            ("newest_first", NEWEST_FIRST, False),
            ("likely_duplicates", [("duplicate_key", ASCENDING)], False),
            ("match_keys", [("match_keys", ASCENDING)], False),
            ("name_search", [("name_prefixes", ASCENDING)], False),
            ("name_pages", [("search_pages", ASCENDING)], False),
            (
                "by_commune",
                [("locality.province_code", ASCENDING), ("locality.commune_code", ASCENDING)],
                False,
            ),
        ],
    )
    await store.collection(JOURNEY_ENDS).ensure_indexes(
        [("outbox_pending", [("outbox_pending", ASCENDING)], False)]
    )
    await store.collection(LICENCE_REGISTER).ensure_indexes(
        [
            ("outbox_pending", [("outbox_pending", ASCENDING)], False),
            ("by_licence_number", [("licence_number", ASCENDING)], False),
        ]
    )
    await store.collection(TRANSFER_LIST).ensure_indexes(
        [
            ("outbox_pending", [("outbox_pending", ASCENDING)], False),
            ("newest_first", TRANSFERS_NEWEST_FIRST, False),
            ("by_province", [("province_codes", ASCENDING)], False),
            ("by_commune", [("commune_codes", ASCENDING)], False),
        ]
    )
    await store.collection(LEGAL_HOLDS).ensure_indexes(
        [("outbox_pending", [("outbox_pending", ASCENDING)], False)]
    )
    await store.collection(DUPLICATE_REVIEWS).ensure_indexes(
        [
            ("queue", [("status", ASCENDING), ("flagged_at", ASCENDING)], False),
            (
                "queue_by_score",
                [("status", ASCENDING), ("score", DESCENDING), ("flagged_at", ASCENDING)],
                False,
            ),
            ("by_worker", [("worker_ids", ASCENDING)], False),
            ("by_group", [("group", ASCENDING), ("status", ASCENDING)], False),
            ("by_twin", [(TWIN_KEYS, ASCENDING), ("status", ASCENDING)], False),
        ],
    )
    await store.collection(REVIEW_MEMBERS).ensure_indexes(REVIEW_MEMBERS_INDEXES)
    await store.collection(IMPORT_ROWS).ensure_indexes(
        [
            ("by_job", [("job_id", ASCENDING), ("row", ASCENDING)], False),
            ("by_national_key", [("national_key", ASCENDING)], False),
        ]
    )
    await store.collection(IMPORT_JOBS).ensure_indexes(
        [("by_status", [("status", ASCENDING)], False)]
    )


async def _version(collection: Collection, document: Document) -> int:
    """Returns the version a write of this document names. A review or group stored before
    they were written through ``advance`` has none: it gets version 1, and the writer reads
    it again."""
    version = document.get("version")
    if version is None:
        await collection.put(document["_id"], Update(set={"version": 1}))
        raise _conflict(collection, document["_id"])
    return int(version)


def _conflict(collection: Collection, doc_id: str) -> ConcurrentUpdateError:
    return ConcurrentUpdateError(f"{collection.name}/{doc_id} changed meanwhile")


# -- workers ---------------------------------------------------------------------------------

NewWorker = tuple[str, Mapping[str, Any], Sequence[EventEnvelope]]
"""A worker to store: its id, its state and its first events."""


class Workers:
    """The workers: aggregate documents with their outbox, and the queries intake makes."""

    def __init__(self, collection: Collection, topic: str, on_events: Callable[[], None]) -> None:
        self.collection = collection
        self.aggregates = Aggregates(collection, topic, on_events)
        self._due: list[tuple[NewWorker, asyncio.Future[Document]]] = []
        self._inserting: asyncio.Task[None] | None = None

    async def get(self, worker_id: str) -> Document | None:
        """Returns the worker's document without its outbox, or None."""
        return await self.aggregates.get(worker_id)

    async def create(
        self, worker_id: str, state: Mapping[str, Any], events: Sequence[EventEnvelope]
    ) -> Document:
        """Stores a new worker; raises AlreadyStoredError if its id or national ID is taken.
        Workers registered while an insert of workers is under way go together in the next."""
        stored: asyncio.Future[Document] = asyncio.get_running_loop().create_future()
        stored.add_done_callback(_retrieved)  # its registration may be gone (cancelled)
        self._due.append(((worker_id, state, events), stored))
        if self._inserting is None or self._inserting.done():
            self._inserting = asyncio.create_task(self._insert_due(), name="new-workers")
        return await asyncio.shield(stored)

    async def _insert_due(self) -> None:
        """Inserts the workers due, in one batch, and those due meanwhile in the next."""
        while self._due:
            due, self._due = self._due, []
            try:
                documents, taken = await self.aggregates.create_all([new for new, _ in due])
            except Exception as exc:
                if len(due) > 1:  # one the store refuses fails only its own registration
                    await self._insert_each(due)
                elif not due[0][1].done():
                    due[0][1].set_exception(exc)
                continue
            except BaseException:  # cancelled: so are its registrations
                for _, stored in [*due, *self._due]:
                    stored.cancel()
                self._due = []
                raise
            for (_, stored), document in zip(due, documents, strict=True):
                if stored.done():
                    continue
                if document["_id"] in taken:
                    stored.set_exception(AlreadyStoredError(f"{WORKERS}: already stored"))
                else:
                    stored.set_result(document)

    async def _insert_each(self, due: Sequence[tuple[NewWorker, asyncio.Future[Document]]]) -> None:
        """Inserts the workers one by one (one the batch refused, or a partly stored batch:
        a worker stored already is refused as a retried registration's would be)."""
        for new, stored in due:
            try:
                document = await self.aggregates.create(*new)
            except Exception as exc:
                if not stored.done():
                    stored.set_exception(exc)
            else:
                if not stored.done():
                    stored.set_result(document)

    async def save(
        self,
        document: Document,
        state: Mapping[str, Any],
        events: Sequence[EventEnvelope] = (),
        unset: Sequence[str] = (),
    ) -> None:
        """Writes the worker's new state and events (and removes the ``unset`` fields) if it is
        still at the version read; ConcurrentUpdateError if another writer moved it first,
        AlreadyStoredError if the national ID is another case's."""
        await self.aggregates.save(document["_id"], document["version"], state, events, unset=unset)

    async def by_national_id(self, national_id: str) -> Document | None:
        """Returns the id, status, survivor and locality of the worker registered with this
        national ID."""
        return await self.collection.find_one(
            {"national_id": national_id}, {"_id": 1, "status": 1, "merged_into": 1, "locality": 1}
        )

    async def mark_died_abroad(self, worker_id: str) -> None:
        """Marks the worker as one whose death abroad was heard (bookkeeping: it leaves the
        version, so no change made meanwhile through the API loses to it); a worker marked
        already or not stored is left as it is."""

        async def attempt() -> None:
            document = await self.collection.get(worker_id, {"version": 1, DIED_ABROAD_HEARD: 1})
            if document is None or document.get(DIED_ABROAD_HEARD):
                return
            marked = Update(set={DIED_ABROAD_HEARD: True}, bookkeeping=True)
            if not await self.collection.advance(worker_id, document["version"], marked):
                raise ConcurrentUpdateError(f"worker {worker_id} moved while being marked")

        await retry_on_conflict(attempt)

    async def locality(self, worker_id: str) -> Document | None:
        """Returns the worker's id and locality."""
        return await self.collection.get(worker_id, {"_id": 1, "locality": 1})

    async def alike(
        self, keys: Sequence[str], worker_id: str, per_key: int = MATCHES_READ
    ) -> AlikeRecords:
        """Returns what the finder compares of the other live records stored under these
        blocking keys: at most ``per_key`` records a key, one indexed equality each."""
        found = await asyncio.gather(
            *(
                self.collection.find(
                    {
                        "match_keys": key,
                        "_id": {"$ne": worker_id},
                        "status": {"$ne": WorkerStatus.MERGED},
                    },
                    LIKENESS_FIELDS,
                    limit=per_key,
                )
                for key in keys
            )
        )
        records = [document for documents in found for document in documents]
        return AlikeRecords(records, whole=all(len(documents) < per_key for documents in found))

    async def many(self, worker_ids: Sequence[str]) -> list[Document]:
        """Returns the records with these ids (those that exist), without their outbox."""
        return await self.collection.get_many(list(worker_ids), HIDDEN)

    async def page(
        self, query: Document, cursor: str | None, limit: int
    ) -> tuple[list[Document], str | None]:
        """Returns a page of the workers matching ``query``, newest first, and the cursor of
        the next page (or None)."""
        return await list_workers(self.collection, query, cursor, limit)


def workers(store: Store, topic_prefix: str, notify: Callable[[], None]) -> Workers:
    """Returns the workers, whose events go to intake's topic."""
    return Workers(store.collection(WORKERS), topic_prefix + Topic.INTAKE, notify)


class JourneyEndsView:
    """The journeys that ended, per worker: a view the aftercare events' consumer writes."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(JOURNEY_ENDS)
        self.upgrades = store.collection(UPGRADES)

    async def get(self, worker_id: str) -> JourneyEnds:
        """Returns the worker's ended journeys (none if aftercare told of none)."""
        fields = {"_id": 1, "ended_placements": 1, "died_abroad_on": 1}
        document = await self.collection.get(worker_id, fields)
        return JourneyEnds(worker_id=worker_id, **(document or {}))

    async def deaths_heard(self) -> list[str]:
        """Returns the workers whose journey ends hold a death abroad."""
        found = await self.collection.find({"died_abroad_on": {"$type": "string"}}, {"_id": 1})
        return [document["_id"] for document in found]

    async def deaths_marked(self) -> bool:
        """Whether the workers whose death was stored before marks existed were marked."""
        return await self.upgrades.get(DEATHS_MARKED) is not None

    async def note_deaths_marked(self) -> None:
        """Records that they were: no later start reads the journey ends for it again."""
        await self.upgrades.insert_new({"_id": DEATHS_MARKED})


class LicenceRegister:
    """The senders' licences as deployment announced them: a view its events' consumer writes."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(LICENCE_REGISTER)

    async def by_number(self, licence_number: str) -> SenderLicence | None:
        """Returns the sender whose current licence has this number, if any."""
        document = await self.collection.find_one(
            {"licence_number": licence_number.strip()},
            {"_id": 1, "licence_number": 1, "terms": 1, "statuses": 1},
        )
        return None if document is None else sender_licence(document)


# -- the list of transfers ----------------------------------------------------------------------


def transfer_listing_state(listing: TransferListing) -> Document:
    """Returns a transfer's document: the listing, and top-level fields to find it by (each
    side's province and commune, both sides' together) and to page it newest first."""
    origin, destination = listing.from_locality, listing.to_locality
    sides = [side for side in (origin, destination) if side is not None]
    return {
        **listing.model_dump(mode="json"),
        "from_province_code": origin.province_code if origin else None,
        "from_commune_code": origin.commune_code if origin else None,
        "to_province_code": destination.province_code if destination else None,
        "to_commune_code": destination.commune_code if destination else None,
        "province_codes": sorted({s.province_code for s in sides}),
        "commune_codes": sorted({s.commune_code for s in sides}),
        "requested_at": _utc_text(listing.requested_at) if listing.requested_at else "",
    }


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class TransferList:
    """The list of transfers, as the API pages it (the transfer-list consumer writes it)."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(TRANSFER_LIST)

    async def page(self, query: Document, pages: Pages) -> list[TransferListing]:
        """Returns a page of the transfers matching ``query``, newest request first; the
        cursor is checked and the next one set by ``pages``."""
        found = await pages.find(self.collection, query, TRANSFERS_NEWEST_FIRST, HIDDEN)
        return [
            TransferListing.model_validate({**d, "requested_at": d.get("requested_at") or None})
            for d in found
        ]


class LegalHoldsView:
    """The incidents aftercare reported, per worker, open or not: a view the aftercare events'
    consumer writes (an open incident holds the worker's data against erasure)."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(LEGAL_HOLDS)

    async def open_incidents(self, worker_id: str) -> list[str]:
        """The ids of the worker's incidents still open."""
        document = await self.collection.get(worker_id, {"_id": 1, "incidents": 1})
        incidents = (document or {}).get("incidents", {})
        return sorted(i for i, seen in incidents.items() if seen.get("open"))


# -- duplicate reviews ----------------------------------------------------------------------

TWIN_KEYS = "twin_keys"
"""A review's field listing the ``likeness.twin_key`` its opening members brought."""
TWINS = "twins"
"""The member that brought each of a review's ``twin_keys``."""
KEYED = "twin_keys_keyed"
"""Set on a review whose twin keys are keyed hashes (every review opened since they are)."""
UNKEYED_TWINS_DROPPED = "unkeyed_twin_keys_dropped"
CLOSING = "closing"
"""Set on a pending review while a decision reads its members again: a record joining sees
it and moves the review on, so the decision is read and made again with that record."""
TWIN = "twin"
"""A joined member's ``likeness.twin_key`` if it brought a new one (None once erased)."""
KNOWN_REVIEWS = 256
JOIN_ROUNDS = 8
SEAT_ROUNDS = 32
"""Seats a record tries, each taken by another process meanwhile, before it gives up."""
VOID = "void"
"""Marks a seat left empty by a record that held another (it is neither listed nor shown)."""
VOIDS = "void_seats"
"""A review's field listing its void seats."""
JOINING_FIELDS = {"worker_ids": 1, "status": 1, "version": 1, "score": 1, CLOSING: 1, VOIDS: 1}
SHOWN = 21
"""Joined members a process keeps for the answers of records joining after them."""


REVIEW_MEMBERS_INDEXES: list[IndexSpec] = [
    ("one_seat_a_member", [("review_id", ASCENDING), ("worker_id", ASCENDING)], True),
    ("by_worker", [("worker_id", ASCENDING)], False),
    ("by_twin", [(TWIN, ASCENDING)], False),
]


def _seat(review_id: str, seat: int) -> str:
    """The id of a review's ``seat``-th joined member (from 1)."""
    return f"{review_id}#{seat}"


class DuplicateReviews:
    """Reviews of groups of likely duplicates. A review document holds the members it opened
    with and, once decided, every member it decided on. A record joining a pending review is
    a document of its own (``review_members``) in the review's next free seat (1, 2, ...):
    records joining at once never wait for each other, in this process or another, and a
    review is read by id (its first seats, and the first free one found by doubling then
    halving), whatever the number joined. A decision marks the review ``closing`` (through
    ``advance``) before it reads the members it decides on; a record reads the review after
    taking its seat and moves a closing one on, so the decision is made again with it."""

    def __init__(self, store: Store) -> None:
        self.reviews = store.collection(DUPLICATE_REVIEWS)
        self.members = store.collection(REVIEW_MEMBERS)
        self.decisions = store.collection(REVIEW_DECISIONS)
        self.migrations = store.collection(MIGRATIONS)
        self._free: dict[str, int] = {}
        """The next seat of each review this process expects free (a hint)."""
        self._shown: dict[str, dict[int, str | None]] = {}
        """The first seats' members of each review, as this process read them (they never
        change)."""

    async def queue(
        self, status: str, pages: Pages, within: Document | None = None
    ) -> list[Document]:
        """Returns a page of the reviews in a status, the highest score first (then the oldest
        flagged), inside the scope ``within``."""
        found = await pages.find(self.reviews, {"status": status, **(within or {})}, QUEUE_ORDER)
        return list(await asyncio.gather(*map(self._as_read, found)))

    async def get(self, review_id: str) -> Document | None:
        """Returns a review (a pending one with the members that joined it), or None."""
        review = await self.reviews.get(review_id)
        return None if review is None else await self._as_read(review)

    async def _as_read(self, review: Document) -> Document:
        """A stored review as it reads: a pending one lists the members it opened with, then
        those that joined, in their seats' order, up to ``MAX_MEMBERS`` (with their matches),
        and counts the others in ``more_records``."""
        if review.get("status") != "pending":
            return review
        review_id, members = str(review["_id"]), list(review["worker_ids"])
        taken = await self._first_free(review_id) - 1
        voids = len(review.get(VOIDS, []))
        seats = max(0, MAX_MEMBERS - len(members))
        joined = await self.members.get_many(
            [_seat(review_id, n) for n in range(1, min(seats + voids, taken) + 1)]
        )
        joined.sort(key=lambda member: int(member["seat"]))
        joined = [j for j in joined if not j.get(VOID)][:seats]
        listed = [j for j in joined if j["worker_id"] not in members]
        return {
            **review,
            "worker_ids": [*members, *(j["worker_id"] for j in listed)],
            "candidates": [
                *review.get("candidates", []),
                *(c for j in listed for c in j["candidates"]),
            ],
            "score": max([review.get("score", 0), *(j["score"] for j in listed)]),
            "more_records": review.get("more_records", 0) + max(0, taken - voids - seats),
        }

    async def _first_free(self, review_id: str, hint: int = 1) -> int:
        """The review's first seat not taken at or after ``hint`` (seats are taken in order,
        none left empty below a taken one): doubling steps, then halving them."""
        low, step = hint, 1
        while await self.members.get(_seat(review_id, low), {"_id": 1}) is not None:
            low, step = low + step, step * 2
        free, taken = low, low - step // 2 if step > 1 else hint - 1
        while free - taken > 1:  # seat ``taken`` is taken (or before the hint), ``free`` free
            middle = (taken + free) // 2
            if await self.members.get(_seat(review_id, middle), {"_id": 1}) is None:
                free = middle
            else:
                taken = middle
        return free

    async def _pending_of_joined(self, joined: Sequence[Document]) -> Document | None:
        """The first of these joined members whose review is pending, or None."""
        statuses = await asyncio.gather(*(self.status(j["review_id"]) for j in joined))
        return next((j for j, s in zip(joined, statuses, strict=True) if s == "pending"), None)

    async def pending_with(self, worker_ids: Sequence[str]) -> str | None:
        """Returns the id of a pending review listing one of these records (the first found,
        in their order), or None: two indexed look-ups per record (and the status of the
        reviews it joined), run together."""

        async def of(worker_id: str) -> str | None:
            opened, joined = await asyncio.gather(
                self.reviews.find_one({"worker_ids": worker_id, "status": "pending"}, {"_id": 1}),
                self.members.find({"worker_id": worker_id}, {"review_id": 1}),
            )
            if opened is not None:
                return str(opened["_id"])
            member = await self._pending_of_joined(joined)
            return None if member is None else str(member["review_id"])

        found = await asyncio.gather(*map(of, worker_ids))
        return next((review_id for review_id in found if review_id is not None), None)

    async def open(self, review: DuplicateReview, province_code: str) -> bool:
        """Stores a new review; False if one with its id (the group's round) was stored
        meanwhile.

        ``province_code``: where the registration that opened it was made; that province's
        centre reviews the group.
        """
        return await self.reviews.insert_new(
            {"_id": review.review_id, **review.model_dump(mode="json"),
             "flagged_at": review.flagged_at, "merge_completed": False,
             "province_code": province_code, "version": 1, KEYED: True}
        )  # fmt: skip

    async def drop_unkeyed_twin_keys(self) -> int:
        """Drops the twin keys of the reviews opened before twin keys were keyed (bare hashes
        of a name, birth date and place, which a guess could be tested against); a twin of
        their members then finds them through the members. Once per store; returns how many
        reviews it changed."""
        migrations = self.migrations
        if await migrations.get(UNKEYED_TWINS_DROPPED) is not None:
            return 0
        dropped, refused = 0, 0
        fields = {"_id": 1, "version": 1, KEYED: 1, TWIN_KEYS: 1}
        for review in await self.reviews.find({}, fields):
            if review.get(KEYED) or not review.get(TWIN_KEYS):
                continue
            change = Update(set={KEYED: True}, unset=[TWIN_KEYS, TWINS])
            version = review.get("version")
            if version is None:  # stored before reviews had versions: no writer checks one
                done = await self.reviews.put(review["_id"], change)
            else:
                done = await self.reviews.advance(review["_id"], version, change)
            dropped, refused = dropped + done, refused + (not done)
        if not refused:  # a review written meanwhile is tried again at the next start
            await migrations.insert_new({"_id": UNKEYED_TWINS_DROPPED})
        return dropped

    async def status(self, review_id: str) -> str | None:
        """Returns a review's status, or None if there is no such review."""
        found = await self.reviews.get(review_id, {"status": 1})
        return None if found is None else str(found["status"])

    async def pending_of_twin(self, twin: str) -> tuple[str, str] | None:
        """Returns the id of a pending review listing a record alike in everything the finder
        compares (``likeness.twin_key``), and that record's id; or None: two indexed look-ups
        at once (and the status of the reviews joined members brought the key to)."""
        found, joined = await asyncio.gather(
            self.reviews.find_one({TWIN_KEYS: twin, "status": "pending"}, {TWIN_KEYS: 1, TWINS: 1}),
            self.members.find({TWIN: twin}, {"review_id": 1, "worker_id": 1}),
        )
        if found is not None:
            keys, twins = found.get(TWIN_KEYS, []), found.get(TWINS, [])
            at = keys.index(twin)
            return (str(found["_id"]), twins[at]) if at < len(twins) else None
        member = await self._pending_of_joined(joined)
        return None if member is None else (str(member["review_id"]), str(member["worker_id"]))

    async def members_of(self, review_id: str) -> list[str] | None:
        """Returns the members a pending review lists, or None if it is decided (or missing)."""
        review = await self.get(review_id)
        return None if review is None or review["status"] != "pending" else review["worker_ids"]

    async def join(
        self,
        review_id: str,
        worker_id: str,
        max_members: int,
        matches: Sequence[Candidate] = (),
        twin: str | None = None,
    ) -> list[str] | None:
        """Adds a record to a pending review (with the ``matches`` it was found by; listed
        while the review lists fewer than ``max_members``, counted in ``more_records`` after
        that; ``twin``: a ``likeness.twin_key`` the review does not hold yet, kept so its twins
        find the review) and returns the members listed before it (at most ``SHOWN`` joined
        ones) and itself if listed; None if the review is decided without it (or missing).
        Joining again changes nothing.

        Takes the review's next free seat (an insert), then reads the review: it is written
        only if a decision is reading its members (``closing``) or the record raises its
        score; ConcurrentUpdateError if other writers keep moving it meanwhile."""
        seat = await self._sit(review_id, worker_id, matches, twin)
        before = 0 if seat is None else min(seat - 1, SHOWN)
        for _ in range(JOIN_ROUNDS):
            review, shown = await asyncio.gather(
                self.reviews.get(review_id, JOINING_FIELDS), self._shown_before(review_id, before)
            )
            if review is None or review["status"] != "pending":
                if review is not None and worker_id in review["worker_ids"]:
                    return list(review["worker_ids"])  # decided with it
                return None  # the group's next review takes it
            members = list(review["worker_ids"])
            if seat is None or worker_id in members:  # joined already
                return await self.members_of(review_id)
            listed = seat <= max_members - len(members) + len(review.get(VOIDS, []))
            score = max((m.score for m in matches), default=0)
            raises = listed and score > review.get("score", 0)
            if review.get(CLOSING) or raises:
                change = Update(unset=[CLOSING], max={"score": score} if raises else {})
                version = await _version(self.reviews, review)
                if not await self.reviews.advance(review_id, version, change):
                    continue
            return [
                *members,
                *(w for w in shown if w not in members),
                *([worker_id] if listed else []),
            ][:max_members]
        raise _conflict(self.reviews, review_id)

    async def _sit(
        self, review_id: str, worker_id: str, matches: Sequence[Candidate], twin: str | None
    ) -> int | None:
        """Stores the record in the review's next free seat; returns the seat, or None if the
        record holds one already. Records of one process take the seats after each other's
        (the process's hint); a seat another process took meanwhile sends the record to the
        first free one after it."""
        seat = await self._next_free(review_id)
        for _ in range(SEAT_ROUNDS):
            try:
                taken = await self.members.insert_new(
                    {"_id": _seat(review_id, seat), "review_id": review_id, "seat": seat,
                     "worker_id": worker_id, "score": max((m.score for m in matches), default=0),
                     "candidates": [m.model_dump(mode="json") for m in matches], TWIN: twin}
                )  # fmt: skip
            except BaseException:  # left empty, the seat would hide every seat after it
                with contextlib.suppress(Exception):
                    await asyncio.shield(self._void(review_id, seat))
                raise
            if taken:
                return seat
            holder = await self.members.get(_seat(review_id, seat), {"worker_id": 1})
            if holder is None:  # the record holds another seat: this one is left void
                await self._void(review_id, seat)
            if holder is None or holder["worker_id"] == worker_id:
                return None
            seat = await self._next_free(review_id, seat)
        raise _conflict(self.members, review_id)

    async def _void(self, review_id: str, seat: int) -> None:
        """Fills a seat no record took, and lists it on the review (so it is not counted);
        a seat a record took meanwhile is left to it."""
        if not await self.members.insert_new(
            {"_id": _seat(review_id, seat), "review_id": review_id, "seat": seat,
             "worker_id": f"{VOID}{seat}", VOID: True, "score": 0, "candidates": []}
        ):  # fmt: skip
            held = await self.members.get(_seat(review_id, seat), {VOID: 1})
            if held is None or not held.get(VOID):
                return

        async def attempt() -> None:
            review = await self.reviews.get(review_id, {"version": 1, VOIDS: 1})
            if review is None or seat in review.get(VOIDS, []):
                return
            change = Update(push={VOIDS: [seat]})
            if not await self.reviews.advance(
                review_id, await _version(self.reviews, review), change
            ):
                raise _conflict(self.reviews, review_id)

        await retry_on_conflict(attempt)

    async def _next_free(self, review_id: str, taken: int | None = None) -> int:
        """Reserves for one record the review's next seat this process expects free: after
        its own records' (seat 1 for a review it holds no hint of); after a seat found
        ``taken``, the first free one after it, read."""
        hint = self._free.get(review_id, 1)
        if taken is not None:  # another process seats records too: read where they are
            hint = max(await self._first_free(review_id, taken + 1), self._free.get(review_id, 1))
        self._free[review_id] = hint + 1
        while len(self._free) > KNOWN_REVIEWS:
            del self._free[next(iter(self._free))]
        return hint

    async def _shown_before(self, review_id: str, seats: int) -> list[str]:
        """The members in the review's first ``seats`` seats, those taken (each kept once
        read: a seat's holder never changes)."""
        shown = self._shown.setdefault(review_id, {})
        unread = [n for n in range(1, seats + 1) if n not in shown]
        if unread:
            read = await self.members.get_many(
                [_seat(review_id, n) for n in unread], {"worker_id": 1, "seat": 1, VOID: 1}
            )
            shown.update({int(m["seat"]): None if m.get(VOID) else m["worker_id"] for m in read})
            while len(self._shown) > KNOWN_REVIEWS:
                del self._shown[next(iter(self._shown))]
        return [w for n in range(1, seats + 1) if (w := shown.get(n)) is not None]

    async def decide(self, review: Document, decided: DuplicateReview) -> None:
        """Writes the decision onto the review, with the members it decides on, if it is still
        at the version read and no record joined it since; ConcurrentUpdateError if another
        writer (a decision, a joining record) moved it or a record joined.

        First marks the review ``closing``, then reads its members again: a record that
        joined before the mark is read here, and one joining after it moves the review on,
        so the decision's write fails and it is made again with that record. Then reads every
        seat of the review (the one read that grows with the records joined): a seat left
        empty below a taken one (its record still storing itself, or stopped) would hide the
        seats above it from a read by id, so it is filled as void and the decision is made
        again."""
        review_id = review["_id"]
        version = await _version(self.reviews, review)
        if not await self.reviews.advance(review_id, version, Update(set={CLOSING: True})):
            raise _conflict(self.reviews, review_id)
        now = await self.get(review_id)
        shown = ("worker_ids", "more_records")
        if now is None or any(now.get(f) != review.get(f) for f in shown):
            raise _conflict(self.reviews, review_id)
        seats = {
            int(m["seat"]) for m in await self.members.find({"review_id": review_id}, {"seat": 1})
        }
        empty = [n for n in range(1, max(seats, default=0)) if n not in seats]
        for seat in empty:
            await self._void(review_id, seat)
        if empty:
            raise _conflict(self.reviews, review_id)
        fields = decided.model_dump(mode="json", exclude={"review_id", "flagged_at"})
        fields["decided_at"] = decided.decided_at
        change = Update(set=fields, unset=[CLOSING])
        if not await self.reviews.advance(review_id, version + 1, change):
            raise _conflict(self.reviews, review_id)

    async def forget(
        self, worker_id: str, forgotten: Callable[[Document, str], Document | None]
    ) -> int:
        """Drops the worker's twin key from the reviews it joined, rewrites the reviews listing
        the worker as ``forgotten`` says (None: as they are), each through ``advance``, and
        withholds the reason of their decisions claimed by an earlier release; returns how
        many reviews it rewrote."""
        joined = await self.members.find({"worker_id": worker_id}, {"review_id": 1, TWIN: 1})
        for member in joined:
            if member.get(TWIN) is not None:
                await self.members.put(member["_id"], Update(set={TWIN: None}))
        listing = await self.reviews.find({"worker_ids": worker_id}, {"_id": 1})
        rewritten = 0
        for listed in dict.fromkeys(
            [*(r["_id"] for r in listing), *(m["review_id"] for m in joined)]
        ):

            async def attempt(review_id: str = listed) -> bool:
                review = await self.reviews.get(review_id)
                fields = None if review is None else forgotten(review, worker_id)
                if review is None or fields is None:
                    return False
                version = await _version(self.reviews, review)
                if not await self.reviews.advance(review_id, version, Update(set=fields)):
                    raise _conflict(self.reviews, review_id)
                return True

            rewritten += await retry_on_conflict(attempt)
            claimed = await self.decisions.get(listed, {"reason": 1})
            if claimed is not None and claimed.get("reason"):
                await self.decisions.put(listed, Update(set={"reason": None}))
        return rewritten

    async def claimed_decision(self, review_id: str) -> Document | None:
        """Returns the decision claimed for a review by an earlier release (its copy onto the
        review interrupted), or None."""
        return await self.decisions.get(review_id)

    async def complete_merge(self, review_id: str) -> None:
        """Marks a "same person" review's merge completed."""

        async def attempt() -> None:
            review = await self.reviews.get(review_id, {"merge_completed": 1, "version": 1})
            if review is None or review.get("merge_completed"):
                return
            change = Update(set={"merge_completed": True})
            if not await self.reviews.advance(
                review_id, await _version(self.reviews, review), change
            ):
                raise _conflict(self.reviews, review_id)

        await retry_on_conflict(attempt)


# -- import jobs -----------------------------------------------------------------------------


class Imports:
    """Import jobs (each driven by one task at a time), their files and their rows' results."""

    def __init__(self, store: Store) -> None:
        self.jobs = store.collection(IMPORT_JOBS)
        self.rows = store.collection(IMPORT_ROWS)
        self.files = store.collection(IMPORT_FILES)

    async def keep_file(self, digest: str, content: bytes) -> None:
        """Stores a file under its hash (kept once)."""
        await self.files.insert_new({"_id": digest, "content": content})

    async def file(self, digest: str) -> bytes | None:
        """Returns a stored file's content, or None."""
        stored = await self.files.get(digest)
        return bytes(stored["content"]) if stored else None

    async def add_job(self, job: Document) -> bool:
        """Stores a new job; False if one with its id is stored."""
        return await self.jobs.insert_new(job)

    async def job(self, job_id: str) -> Document | None:
        """Returns a job, or None."""
        return await self.jobs.get(job_id)

    async def unfinished(self, statuses: Sequence[str]) -> list[str]:
        """Returns the ids of the jobs in these statuses."""
        found = await self.jobs.find({"status": {"$in": list(statuses)}}, {"_id": 1})
        return [job["_id"] for job in found]

    async def update_job(self, job_id: str, change: Update) -> None:
        """Changes a job (its running task is its one writer)."""
        await self.jobs.put(job_id, change)

    async def results(self, job_id: str) -> list[Document]:
        """Returns a job's row results, in row order."""
        return await self.rows.find({"job_id": job_id}, sort=[("row", ASCENDING)])

    async def done_rows(self, job_id: str) -> set[int]:
        """Returns the row numbers of a job with a stored result."""
        return {r["row"] for r in await self.rows.find({"job_id": job_id}, {"row": 1})}

    async def add_result(self, result: Document) -> bool:
        """Stores a row's result; False if another runner of the job stored it first."""
        return await self.rows.insert_new(result)

    async def files_of(self, worker_id: str, national_key: str | None = None) -> list[Document]:
        """The files (by hash, with their imports' statuses) holding a row that registered the
        worker, was refused as the worker's duplicate, or (whatever its outcome) carried the
        worker's national ID (``national_key``, its keyed hash)."""
        rows = [
            *await self.rows.find({"worker_id": worker_id}, {"job_id": 1}),
            *await self.rows.find({"duplicate_of": worker_id}, {"job_id": 1}),
        ]
        if national_key is not None:
            rows += await self.rows.find({"national_key": national_key}, {"job_id": 1})
        jobs = await self.jobs.get_many(sorted({r["job_id"] for r in rows}), {"sha256": 1})
        digests = sorted({j["sha256"] for j in jobs if isinstance(j.get("sha256"), str)})
        files = []
        for digest in digests:
            imports = await self.jobs.find({"sha256": digest}, {"status": 1})
            files.append({"_id": digest, "statuses": sorted({str(j["status"]) for j in imports})})
        return files

    async def forget_national_key(self, national_key: str) -> int:
        """Drops a national ID's keyed hash from the rows that carried it (its person is
        erased: no row may be tied to them again); returns how many rows."""
        rows = await self.rows.find({"national_key": national_key}, {"_id": 1})
        for row in rows:  # a row's result has one writer, its import, long finished
            await self.rows.put(row["_id"], Update(unset=["national_key"]))
        return len(rows)

    async def delete_file(self, digest: str) -> bool:
        """Deletes a stored file; returns whether it was there."""
        return await self.files.delete(digest)

    async def count_outcomes(self, job_id: str, outcomes: Sequence[str]) -> dict[str, int]:
        """Returns how many of a job's rows had each outcome."""
        counts = await self.rows.count_by("outcome", {"job_id": job_id})
        return {outcome: counts.get(outcome, 0) for outcome in outcomes}


# -- listing with a cursor -------------------------------------------------------------------


def encode_cursor(document: Mapping[str, Any]) -> str:
    """Returns an opaque cursor after this document in newest-first order."""
    position = [document["registered_at"].isoformat(), document["_id"]]
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """Returns the position a cursor encodes, or raises FieldError naming ``cursor``."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, worker_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return _instant(moment), str(worker_id)
    except (ValueError, TypeError) as exc:
        raise FieldError("cursor", "is not a cursor this service returned", source="query") from exc


def _instant(text: Any) -> datetime:
    """The UTC instant an ISO time with an offset names (a store can hold it); ValueError if
    it has no offset or is outside years 1-9999 in UTC."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(text)
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(text) from exc


def after_cursor(cursor: str | None) -> Document:
    """Returns the filter for records strictly after a cursor in newest-first order."""
    if cursor is None:
        return {}
    moment, worker_id = decode_cursor(cursor)
    return {
        "$or": [
            {"registered_at": {"$lt": moment}},
            {"registered_at": moment, "_id": {"$lt": worker_id}},
        ]
    }


def day_start(day: date) -> datetime:
    """Returns the first moment of a calendar day in Vietnam."""
    return datetime.combine(day, time(0), VIETNAM_TIME)


def worker_filter(
    *,
    province_code: str | None = None,
    commune_code: str | None = None,
    household_status: str | None = None,
    market: str | None = None,
    status: str | None = None,
    registered_from: date | None = None,
    registered_to: date | None = None,
    name_terms: list[str] | None = None,
) -> Document:
    """Returns the query for a search; dates are whole Vietnamese days, both ends included."""
    query: Document = {}
    if province_code:
        query["locality.province_code"] = province_code
    if commune_code:
        query["locality.commune_code"] = commune_code
    if household_status:
        query["household_status"] = household_status
    if market:
        query["desired_markets"] = market
    query["status"] = status or {"$ne": WorkerStatus.MERGED}
    span: Document = {}
    if registered_from:
        span["$gte"] = day_start(registered_from)
    if registered_to:
        span["$lt"] = day_start(registered_to + timedelta(days=1))
    if span:
        query["registered_at"] = span
    if name_terms:
        # FerretDB v1 hands PostgreSQL only top-level equalities ({"name_prefixes": "tran"}
        # matches an element of the array); "$all", "$and" and dotted paths are filtered in Go
        # after every row of the collection was fetched and decoded: ~10x slower.
        query["name_prefixes"] = max(name_terms, key=len)
        if len(set(name_terms)) > 1:
            query["$and"] = [{"name_prefixes": {"$all": name_terms}}]
    return query


async def list_workers(
    workers: Collection, query: Document, cursor: str | None, limit: int
) -> tuple[list[Document], str | None]:
    """Returns a page of workers, newest first, and the cursor of the next page (or None)."""
    position = after_cursor(cursor)
    full = {"$and": [query, position]} if position else query
    found = await workers.find(full, HIDDEN, sort=NEWEST_FIRST, limit=limit + 1)
    page = found[:limit]
    next_cursor = encode_cursor(page[-1]) if len(found) > limit and page else None
    return page, next_cursor


# -- name search: a chain of pages per name key ----------------------------------------------

PAGE_SIZE = 20
"""Slots of a page: the most workers one page of a name key holds."""
SPARE_PAGES = 4
"""Pages a search may read beyond those a full page of results needs (other filters)."""
CLAIM_ROUNDS = 64
KEYS_COMPARED = 4
"""A search compares the keys of its longest terms only (the others filter)."""
PROBES = 16
NATION = "*"
LAYOUT = "layout"
INDEXED = "search_pages"
"""The worker's field listing its page of each name key (``<key>#<n>``)."""
SEARCHED = {**HIDDEN, INDEXED: 0}
RECHECK_LAYOUT_S = 60.0


def name_keys(prefixes: Iterable[str], province_code: str) -> list[str]:
    """The name keys a worker is found by: each prefix of its words, nation-wide and in its
    province."""
    terms = list(dict.fromkeys(prefixes))
    return [f"{NATION}|{t}" for t in terms] + [f"p{province_code}|{t}" for t in terms]


def name_key(term: str, province_code: str | None) -> str:
    """The key a search for ``term`` reads: its province's, or the nation's."""
    return f"p{province_code}|{term}" if province_code else f"{NATION}|{term}"


def page_id(key: str, number: int) -> str:
    return f"{key}#{number}"


def _key_mark(key: str) -> str:
    return hashlib.blake2b(key.encode(), digest_size=6).hexdigest()


def _position(document: Document) -> tuple[datetime, str]:
    return document["registered_at"], document["_id"]


@dataclass(frozen=True)
class PageCursor:
    """Where a name search resumes: the key walked, the page, and the last worker returned
    from it (None: the page from its start)."""

    key: str
    page: int
    after: tuple[datetime, str] | None

    def encode(self) -> str:
        moment, worker_id = self.after or (None, None)
        position = ["n", _key_mark(self.key), self.page, moment and moment.isoformat(), worker_id]
        return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str, keys: Sequence[str]) -> PageCursor:
        """The position a name search's cursor encodes; FieldError naming ``cursor`` if it is
        not one, or one of a search for other names."""
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            tag, mark, page, moment, worker_id = json.loads(base64.urlsafe_b64decode(padded))
            if tag != "n" or type(page) is not int or page < 0:
                raise ValueError(cursor)
            after = None
            if moment is not None or worker_id is not None:
                if not isinstance(worker_id, str):
                    raise ValueError(cursor)
                after = (_instant(moment), worker_id)
        except (ValueError, TypeError) as exc:
            raise FieldError(
                "cursor", "is not a cursor this service returned", source="query"
            ) from exc
        key = next((key for key in keys if _key_mark(key) == mark), None)
        if key is None:
            raise FieldError("cursor", "belongs to a search for other names", source="query")
        return cls(key, page, after)


def _retrieved(future: asyncio.Future[Any]) -> None:
    """Marks a future's exception seen (nobody may await it any more)."""
    if not future.cancelled():
        future.exception()


@dataclass(frozen=True)
class AlikeRecords:
    """What the duplicate finder read of the live records under its blocking keys."""

    records: list[Document]
    whole: bool
    """Every live record under the keys was read (none was left beyond the bounded read)."""


@dataclass
class _OpenPage:
    number: int
    used: int = 0


class NameIndex:
    """The name search's port: the pages that index a worker under its name keys, and a page
    of a search, which reads a bounded number of documents whatever the number of matches.

    Each name key (``<scope>|<prefix>``: the nation ``*`` or a province ``p<code>``) is a chain
    of pages ``<key>#0``, ``<key>#1``... A process claims a page by inserting its id (a unique
    insert: exactly one writer wins, on MongoDB and FerretDB alike, from any number of
    processes), then hands out its ``size`` slots itself; a worker lists its page of each key
    in ``search_pages``. The key's head holds its newest page number, as a hint: pages are
    claimed one after another, so a search reads the head, then the claims above it, then the
    pages downward, each one equality on the workers' indexed ``search_pages``.
    """

    def __init__(self, store: Store, size: int = PAGE_SIZE) -> None:
        self.workers = store.collection(WORKERS)
        self.pages = store.collection(NAME_PAGES)
        self.size = size
        self._open: dict[str, _OpenPage] = {}
        self._next: dict[str, int] = {}
        self._opening: dict[str, asyncio.Future[None]] = {}
        self._heads_due: dict[str, int] = {}
        self._heads_stored: set[str] = set()
        self._claims_due: list[tuple[list[Document], asyncio.Future[set[Any]]]] = []
        self._claiming: asyncio.Task[None] | None = None
        """The keys whose head is stored (raised by an update, not an insert)."""
        self._raising: asyncio.Task[None] | None = None
        self._ready = False
        self._checked = -RECHECK_LAYOUT_S

    # -- writing ------------------------------------------------------------------------------

    async def register(
        self, prefixes: Iterable[str], province_code: str, match_keys: Sequence[str] = ()
    ) -> Document:
        """The fields that put a new worker in the index: a slot in the newest page of each of
        its keys (pages claimed before the worker is stored). ``match_keys``: the duplicate
        finder's blocking keys, indexed beside the name keys (``alike`` reads them)."""
        await self.ready()
        keys = [*name_keys(prefixes, province_code), *match_keys]
        slots = await self._take(keys)
        return {INDEXED: [page_id(key, slots[key]) for key in keys]}

    async def reindex(
        self,
        document: Document,
        prefixes: Iterable[str],
        province_code: str,
        match_keys: Sequence[str] = (),
    ) -> Document:
        """The fields of a corrected worker: its pages of the keys it keeps, a slot in the
        newest page of each key it gained; the keys it lost no longer find it."""
        held = {page.rpartition("#")[0]: page for page in document.get(INDEXED, [])}
        keys = [*name_keys(prefixes, province_code), *match_keys]
        slots = await self._take([key for key in keys if key not in held])
        return {INDEXED: [held.get(key) or page_id(key, slots[key]) for key in keys]}

    async def _take(self, keys: Sequence[str]) -> dict[str, int]:
        """A slot in this process's open page of each key, opening pages where none has room."""
        taken: dict[str, int] = {}
        while len(taken) < len(keys):
            closed: list[str] = []
            waits: dict[int, asyncio.Future[None]] = {}
            for key in keys:
                page = self._open.get(key)
                if key in taken:
                    continue
                if page is not None and page.used < self.size:
                    page.used += 1
                    taken[key] = page.number
                elif key in self._opening:
                    waits[id(self._opening[key])] = self._opening[key]
                else:
                    closed.append(key)
            if closed:
                await self._open_pages(closed)
            for opening in waits.values():
                await asyncio.shield(opening)
        return taken

    async def _open_pages(self, keys: Sequence[str]) -> None:
        """Claims a new page of each key for this process (others wanting one wait)."""
        done = asyncio.get_running_loop().create_future()
        for key in keys:
            self._opening[key] = done
        try:
            claimed = await self._claim(keys)
            for key, number in claimed.items():
                self._open[key] = _OpenPage(number)
                self._next[key] = number + 1
            self._raise_heads({k: n for k, n in claimed.items() if n > 0})
        finally:
            for key in keys:
                del self._opening[key]
            done.set_result(None)

    async def _claim(self, keys: Sequence[str]) -> dict[str, int]:
        """The next free page number of each key, claimed by inserting the page's id: the
        first try is this process's next, or 0; after a refusal, past the key's head."""
        trying = {key: self._next.get(key, 0) for key in keys}
        claimed: dict[str, int] = {}
        asked: set[str] = set()
        opened = datetime.now(UTC)
        for _ in range(CLAIM_ROUNDS):
            order = list(trying)
            lost = await self._insert_claims(
                [{"_id": page_id(key, trying[key]), "opened": opened} for key in order]
            )
            for index, key in enumerate(order):
                if index not in lost:
                    claimed[key] = trying.pop(key)
            for key in trying:  # another process claimed it
                if key in asked:
                    trying[key] += 1
                else:
                    asked.add(key)
                    trying[key] = max(trying[key] + 1, await self._head(key) + 1)
            if not trying:
                return claimed
        raise ConcurrentUpdateError(f"no free name page after {CLAIM_ROUNDS} tries")

    async def _insert_claims(self, claims: list[Document]) -> set[int]:
        """Inserts page claims; returns the positions of those another writer holds. Claims
        asked for while an insert of claims is under way go together in the next one."""
        inserted: asyncio.Future[set[Any]] = asyncio.get_running_loop().create_future()
        inserted.add_done_callback(_retrieved)  # its asker may be gone (cancelled)
        self._claims_due.append((claims, inserted))
        if self._claiming is None or self._claiming.done():
            self._claiming = asyncio.create_task(self._insert_due(), name="name-claims")
        taken: set[Any] = await asyncio.shield(inserted)
        return {index for index, claim in enumerate(claims) if claim["_id"] in taken}

    async def _insert_due(self) -> None:
        """Inserts the claims due, in one batch, and those due meanwhile in the next."""
        while self._claims_due:
            due, self._claims_due = self._claims_due, []
            try:
                taken = await self.pages.insert_all_new([c for claims, _ in due for c in claims])
            except Exception as exc:  # each asker sees the store's failure
                for _, inserted in due:
                    if not inserted.done():
                        inserted.set_exception(exc)
                continue
            except BaseException:  # cancelled: so are its askers
                for _, inserted in [*due, *self._claims_due]:
                    inserted.cancel()
                self._claims_due = []
                raise
            for _, inserted in due:
                if not inserted.done():
                    inserted.set_result(taken)

    async def _head(self, key: str) -> int:
        """The key's head: a page number claimed (-1: none known)."""
        head = await self.pages.get(key, {"page": 1})
        return int(head["page"]) if head else -1

    def _raise_heads(self, heads: Mapping[str, int]) -> None:
        """Raises the heads in the background, after the registration that claimed the pages:
        a head is a hint (a search reads the claims above it), and a claim is what counts."""
        for key, number in heads.items():
            self._heads_due[key] = max(number, self._heads_due.get(key, -1))
        if self._heads_due and (self._raising is None or self._raising.done()):
            self._raising = asyncio.create_task(self._raise_due(), name="name-heads")

    async def _raise_due(self) -> None:
        """Raises the heads due, in one batch, and those due meanwhile in the next."""
        while self._heads_due:
            due, self._heads_due = self._heads_due, {}
            try:
                await self._advance_heads(due)
            except STORE_OUTAGES:
                return  # hints only: the next claim of a key, or a search, raises it again

    async def close(self) -> None:
        """Waits for the claims being inserted and the heads being raised."""
        for task in (self._claiming, self._raising):
            if task is not None:
                await asyncio.gather(task, return_exceptions=True)

    async def _advance_heads(self, heads: Mapping[str, int]) -> None:
        """Raises each key's head to a page number claimed (a hint: a lost write only makes
        searches read a claim or two more)."""
        if not heads:
            return
        new = {key: number for key, number in heads.items() if key not in self._heads_stored}
        taken = await self.pages.insert_all_new([{"_id": k, "page": n} for k, n in new.items()])
        self._heads_stored.update(heads)
        raised = [
            (k, Update(max={"page": n})) for k, n in heads.items() if k not in new or k in taken
        ]
        stored_before = [key for key in heads if key not in new]
        if raised and await self.pages.put_many(raised) < len(raised) and stored_before:
            # a head this process stored was deleted since: stored again
            self._heads_stored.difference_update(stored_before)
            await self._advance_heads({key: heads[key] for key in stored_before})

    # -- reading ------------------------------------------------------------------------------

    async def ready(self) -> bool:
        """Whether every worker is in the index: once the ``layout`` marker is stored, written
        when the first worker registers into an empty database, or by ``index_all``."""
        if self._ready or clock.monotonic() - self._checked < RECHECK_LAYOUT_S:
            return self._ready
        self._checked = clock.monotonic()
        if await self.pages.get(LAYOUT, {"_id": 1}) is not None:
            self._ready = True
        elif await self.workers.find_one({}, {"_id": 1}) is None:
            await self.pages.insert_new({"_id": LAYOUT, "since": datetime.now(UTC)})
            self._ready = True
        return self._ready

    async def search(
        self,
        query: Document,
        terms: Sequence[str],
        province_code: str | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[Document], str | None]:
        """Returns a page of the workers matching ``query`` (which names ``terms``), in the
        order of their pages, newest first, and the next cursor. Reads the head and a claim or
        two of the keys of its longest terms, then at most a page of results and
        ``SPARE_PAGES`` pages of workers; a page may hold fewer than ``limit`` workers and
        still have a next cursor.
        """
        if not await self.ready():  # workers registered before the index: the plain search
            return await list_workers(self.workers, query, cursor, limit)
        longest = sorted(set(terms), key=lambda term: (-len(term), term))[:KEYS_COMPARED]
        keys = sorted(name_key(term, province_code) for term in longest)
        # every worker of a key's pages bears its term: no need for the equality
        query = {field: value for field, value in query.items() if field != "name_prefixes"}
        if cursor is None:
            newest = {key: await self._newest(key) for key in keys}
            key = min(keys, key=lambda k: newest[k])  # the fewest pages: the rarest term
            return await self._walk(query, PageCursor(key, newest[key], None), limit)
        resume = PageCursor.decode(cursor, keys)
        claim = await self.pages.get(page_id(resume.key, resume.page), {"_id": 1})
        if claim is None:
            raise FieldError("cursor", "is past the end of this search", source="query")
        return await self._walk(query, resume, limit)

    async def _newest(self, key: str) -> int:
        """The key's newest page (-1: none): from the newest page this process claimed, or
        else from its head, the claims above it."""
        claimed_here = self._next.get(key, 0) - 1
        if claimed_here >= 0:
            number, found_end = await self._probe(key, claimed_here)
            if found_end:
                return number
        head = await self._head(key)
        number, _ = await self._probe(key, head)
        if number > max(head, 0):
            await self._advance_heads({key: number})
        return number

    async def _probe(self, key: str, number: int) -> tuple[int, bool]:
        """The last of the key's claims above page ``number`` read one after another, and
        whether a missing one ended them (else ``PROBES`` were read)."""
        for _ in range(PROBES):
            if await self.pages.get(page_id(key, number + 1), {"_id": 1}) is None:
                return number, True
            number += 1
        return number, False

    async def _walk(
        self, query: Document, start: PageCursor, limit: int, fields: Document = SEARCHED
    ) -> tuple[list[Document], str | None]:
        """Reads the key's pages from ``start`` downward until more than ``limit`` workers
        were found or its page budget is spent."""
        found: list[tuple[int, Document, bool]] = []  # page, worker, last of its page
        budget = -(-(limit + 1) // self.size) + SPARE_PAGES
        number = start.page
        while number >= 0 and budget > 0 and len(found) <= limit:
            filtered = {**query, INDEXED: page_id(start.key, number)}
            page = await self.workers.find(filtered, fields)
            page.sort(key=_position, reverse=True)
            if number == start.page and start.after is not None:
                page = [worker for worker in page if _position(worker) < start.after]
            found += [(number, worker, worker is page[-1]) for worker in page]
            number -= 1
            budget -= 1
        items = found[:limit]
        if len(found) > limit:
            last_page, last, ends_page = items[-1]
            resume = PageCursor(start.key, last_page - 1, None)  # the next page from its start
            if not ends_page:
                resume = PageCursor(start.key, last_page, _position(last))
            next_cursor: str | None = resume.encode()
        elif number >= 0:
            next_cursor = PageCursor(start.key, number, None).encode()
        else:
            next_cursor = None
        return [worker for _, worker, _ in items], next_cursor

    async def alike(
        self, keys: Sequence[str], worker_id: str, per_key: int = MATCHES_READ
    ) -> AlikeRecords | None:
        """Returns what the duplicate finder compares of the live records under these blocking
        keys, the newest first, at most ``per_key`` a key: the key's head, a claim or two, then
        a bounded number of its pages, whatever the number of records under it. None if the
        index is not ready (the caller reads the plain way)."""
        if not await self.ready():
            return None
        query = {"_id": {"$ne": worker_id}, "status": {"$ne": WorkerStatus.MERGED}}

        async def newest(key: str) -> tuple[list[Document], bool]:
            known = self._next.get(key, 0) - 1
            if known < 0:  # a key this process never claimed: its head and first claim at once
                head, first = await asyncio.gather(
                    self._head(key), self.pages.get(page_id(key, 0), {"_id": 1})
                )
                if head < 0 and first is None:  # no page claimed: none after it either
                    return [], True
                known = max(head, 0)
            # its newest page as this process knows it, walked at once
            start = PageCursor(key, known, None)
            (number, found_end), (found, more) = await asyncio.gather(
                self._probe(key, known), self._walk(query, start, per_key, LIKENESS_FIELDS)
            )
            if found_end and number == known:
                return found, more is None
            start = PageCursor(key, await self._newest(key), None)
            found, more = await self._walk(query, start, per_key, LIKENESS_FIELDS)
            return found, more is None

        read = await asyncio.gather(*map(newest, keys))
        records = [document for documents, _ in read for document in documents]
        return AlikeRecords(records, whole=all(whole for _, whole in read))

    async def index_likeness(self) -> int:
        """Gives the duplicate finder's blocking keys (fields and pages) to every indexed worker
        stored without them, before the finder; returns how many. Safe beside running
        services and to run again."""
        keyed = 0
        unkeyed = self.workers.scan(
            {"match_keys": {"$exists": False}},
            {"date_of_birth": 1, "locality": 1, "version": 1, "name_prefixes": 1, INDEXED: 1},
        )
        async for worker in unkeyed:
            locality = Locality.model_validate(worker["locality"])
            keys = match_keys(locality, date.fromisoformat(worker["date_of_birth"]))
            fields = {"match_keys": keys}
            if INDEXED in worker:
                fields |= await self.reindex(
                    worker, worker.get("name_prefixes", []), locality.province_code, keys
                )
            change = Update(set=fields, bookkeeping=True)
            if await self.workers.advance(worker["_id"], worker["version"], change):
                keyed += 1
        return keyed

    # -- upgrading ----------------------------------------------------------------------------

    async def index_all(self) -> int:
        """Puts every worker stored without pages (before the index) in the index, oldest
        registration first, then marks the database ready; returns how many it indexed. Safe
        beside running services: a worker corrected meanwhile keeps the pages its correction
        gave it. The former time buckets are the caller's to drop."""
        indexed = 0
        unindexed = self.workers.scan(
            {INDEXED: {"$exists": False}},
            {"name_prefixes": 1, "locality.province_code": 1, "version": 1, "registered_at": 1,
             "match_keys": 1},
            sort=[("registered_at", ASCENDING), ("_id", ASCENDING)],
        )  # fmt: skip
        async for worker in unindexed:
            fields = await self.register(
                worker.get("name_prefixes", []),
                worker["locality"]["province_code"],
                worker.get("match_keys", []),
            )
            change = Update(set=fields, unset=["search_buckets"], bookkeeping=True)
            pauses = backoff_delays(0.02, 0.5)
            for _ in range(INDEX_ATTEMPTS):
                if await self.workers.advance(worker["_id"], worker["version"], change):
                    indexed += 1
                    break
                # Another writer moved it first: a correction (which gave it pages) or only
                # the relay's mark (which did not): read it again to know which.
                again = await self.workers.get(worker["_id"], {"version": 1, INDEXED: 1})
                if again is None or INDEXED in again:
                    break
                worker = {**worker, "version": again["version"]}
                await asyncio.sleep(next(pauses))
        await self.close()
        await self.pages.insert_new({"_id": LAYOUT, "since": datetime.now(UTC)})
        self._ready = True
        return indexed
