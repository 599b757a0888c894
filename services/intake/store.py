"""Intake's collections: workers (aggregates with their outbox), duplicate reviews, imports."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.intake.domain.duplicates import DuplicateReview
from services.intake.domain.registration import VIETNAM_TIME
from services.intake.domain.worker import WorkerStatus
from shared.errors import FieldError
from shared.events.topics import Topic
from shared.store import AggregateCollection, Document, documents_locked, ensure_indexes

WORKERS = "workers"
DUPLICATE_REVIEWS = "duplicate_reviews"
REVIEW_DECISIONS = "review_decisions"
DUPLICATE_GROUPS = "duplicate_groups"
"""Per likely-duplicate key: a few live members, the review count, the pending review."""
IMPORT_JOBS = "import_jobs"
IMPORT_ROWS = "import_rows"
IMPORT_FILES = "import_files"
SEARCH_BUCKETS = "search_buckets"
"""Markers of the name search's time buckets (services/intake/service/name_buckets.py)."""
OUTBOX_COLLECTIONS = (WORKERS,)
NEWEST_FIRST = [("registered_at", DESCENDING), ("_id", DESCENDING)]
HIDDEN = {"outbox": 0, "applied": 0}


async def prepare(database: AsyncDatabase[Document]) -> None:
    """Creates intake's missing indexes; the unique national ID index makes a second case
    impossible, across processes too."""
    await ensure_indexes(
        database[WORKERS],
        [
            ("one_case_per_id", [("national_id", ASCENDING)], True),
            ("outbox_pending", [("outbox_pending", ASCENDING)], False),
            ("newest_first", NEWEST_FIRST, False),
            ("likely_duplicates", [("duplicate_key", ASCENDING)], False),
            ("name_search", [("name_prefixes", ASCENDING)], False),
            ("name_buckets", [("search_buckets", ASCENDING)], False),
            (
                "by_commune",
                [("locality.province_code", ASCENDING), ("locality.commune_code", ASCENDING)],
                False,
            ),
        ],
    )
    await ensure_indexes(
        database[DUPLICATE_REVIEWS],
        [
            ("queue", [("status", ASCENDING), ("flagged_at", ASCENDING)], False),
            ("by_worker", [("worker_ids", ASCENDING)], False),
            ("by_group", [("group", ASCENDING), ("status", ASCENDING)], False),
        ],
    )
    await ensure_indexes(
        database[IMPORT_ROWS], [("by_job", [("job_id", ASCENDING), ("row", ASCENDING)], False)]
    )
    await ensure_indexes(database[IMPORT_JOBS], [("by_status", [("status", ASCENDING)], False)])
    await ensure_indexes(database[SEARCH_BUCKETS], [("by_key", [("key", ASCENDING)], False)])


def worker_aggregates(
    database: AsyncDatabase[Document], topic_prefix: str, notify: Callable[[], None]
) -> AggregateCollection:
    """Returns the workers collection, whose events go to intake's topic."""
    return AggregateCollection(database[WORKERS], topic_prefix + Topic.INTAKE, notify)


async def find_by_national_id(
    database: AsyncDatabase[Document], national_id: str
) -> Document | None:
    """Returns the id, status, survivor and locality of the worker registered with this
    national ID."""
    return await database[WORKERS].find_one(
        {"national_id": national_id}, {"_id": 1, "status": 1, "merged_into": 1, "locality": 1}
    )


async def find_locality(database: AsyncDatabase[Document], worker_id: str) -> Document | None:
    """Returns the worker's id and locality."""
    return await database[WORKERS].find_one({"_id": worker_id}, {"_id": 1, "locality": 1})


async def same_key_workers(
    database: AsyncDatabase[Document], key: str, worker_id: str, limit: int
) -> list[str]:
    """Returns up to ``limit`` other live records sharing a likely-duplicate key."""
    cursor = database[WORKERS].find(
        {"duplicate_key": key, "_id": {"$ne": worker_id}, "status": {"$ne": WorkerStatus.MERGED}},
        {"_id": 1},
        limit=limit,
    )
    return [document["_id"] for document in await cursor.to_list(None)]


async def duplicate_group(database: AsyncDatabase[Document], group: str) -> Document | None:
    """Returns a group's record: ``members`` (a few live records), ``reviews`` (how many it
    has had), ``pending`` (the id of its latest review)."""
    return await database[DUPLICATE_GROUPS].find_one({"_id": group})


async def join_group(
    database: AsyncDatabase[Document], group: str, worker_ids: Sequence[str], *, listed: bool
) -> None:
    """Adds records to a group's members (or counts them, when the list is full)."""
    change: Document = (
        {"$addToSet": {"members": {"$each": list(worker_ids)}}}
        if listed
        else {"$inc": {"unlisted": len(worker_ids)}}
    )
    groups = database[DUPLICATE_GROUPS]
    async with documents_locked(groups, [group]):
        await groups.update_one({"_id": group}, change, upsert=True)


async def leave_group(database: AsyncDatabase[Document], group: str, worker_id: str) -> None:
    """Takes a record out of a group's members (merged, or its key corrected)."""
    groups = database[DUPLICATE_GROUPS]
    async with documents_locked(groups, [group]):
        await groups.update_one({"_id": group}, {"$pull": {"members": worker_id}})


async def note_review(
    database: AsyncDatabase[Document], group: str, review_id: str, number: int
) -> None:
    """Records a group's latest review."""
    groups = database[DUPLICATE_GROUPS]
    async with documents_locked(groups, [group]):
        await groups.update_one(
            {"_id": group}, {"$set": {"pending": review_id}, "$max": {"reviews": number}}
        )


async def insert_review(
    database: AsyncDatabase[Document], review: DuplicateReview, province_code: str
) -> bool:
    """Stores a new review; False if one with its id was stored meanwhile.

    ``province_code``: where the registration that opened it was made; that province's
    centre reviews the group.
    """
    try:
        await database[DUPLICATE_REVIEWS].insert_one(
            {"_id": review.review_id, **review.model_dump(mode="json"),
             "flagged_at": review.flagged_at, "merge_completed": False,
             "province_code": province_code}
        )  # fmt: skip
    except DuplicateKeyError:
        return False
    return True


async def join_review(
    database: AsyncDatabase[Document], review_id: str, worker_id: str, max_members: int
) -> bool:
    """Adds a record to a pending review (listed, or counted in ``more_records`` once it lists
    ``max_members``); False if the review is decided (or missing)."""
    reviews = database[DUPLICATE_REVIEWS]
    async with documents_locked(reviews, [review_id]):
        review = await reviews.find_one({"_id": review_id}, {"worker_ids": 1, "status": 1})
        if review is None or review["status"] != "pending":
            return False
        if worker_id in review["worker_ids"]:
            return True
        change: Document = (
            {"$addToSet": {"worker_ids": worker_id}}
            if len(review["worker_ids"]) < max_members
            else {"$inc": {"more_records": 1}}
        )
        result = await reviews.update_one({"_id": review_id, "status": "pending"}, change)
    return result.matched_count == 1


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
        return datetime.fromisoformat(moment), str(worker_id)
    except (ValueError, TypeError) as exc:
        raise FieldError("cursor", "is not a cursor this service returned") from exc


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


async def list_workers_in_buckets(
    database: AsyncDatabase[Document],
    query: Document,
    walk: Sequence[tuple[datetime, str]],
    late: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[Document], str | None]:
    """Returns a page of workers, newest first, reading the name key's buckets newest first
    (``walk``: (opened, id)) until more than a page of them registered after the last bucket
    read opened (every worker of an older bucket registered before that); the late bucket is
    read too, and counts for nothing (its workers may be of any age)."""
    position = after_cursor(cursor)
    full = {"$and": [query, position]} if position else query
    since = decode_cursor(cursor)[0] if cursor else None

    async def bucket(bucket_id: str) -> list[Document]:
        found = database[WORKERS].find({**full, "search_buckets": bucket_id}, HIDDEN)
        return await found.to_list(None)

    held: list[Document] = []
    for opened, bucket_id in walk:
        if since is not None and opened > since:
            continue  # every worker in it registered after the cursor's
        held += await bucket(bucket_id)
        if sum(1 for document in held if document["registered_at"] > opened) > limit:
            break
    if late is not None:
        known = {document["_id"] for document in held}
        held += [d for d in await bucket(late) if d["_id"] not in known]
    found = sorted(held, key=lambda d: (d["registered_at"], d["_id"]), reverse=True)
    page = found[:limit]
    next_cursor = encode_cursor(page[-1]) if len(found) > limit and page else None
    return page, next_cursor


async def list_workers(
    database: AsyncDatabase[Document], query: Document, cursor: str | None, limit: int
) -> tuple[list[Document], str | None]:
    """Returns a page of workers, newest first, and the cursor of the next page (or None)."""
    position = after_cursor(cursor)
    full = {"$and": [query, position]} if position else query
    found = await (
        database[WORKERS].find(full, HIDDEN).sort(NEWEST_FIRST).limit(limit + 1).to_list(None)
    )
    page = found[:limit]
    next_cursor = encode_cursor(page[-1]) if len(found) > limit and page else None
    return page, next_cursor
