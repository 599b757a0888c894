"""Records joining a pending review, each in a seat of its own. Two processes joining at once
and a decision racing the joins, on the in-memory store and on the suite's (each process a
client of its own); a join at each step of a decision, set by hand, and an erased member, in
memory (test_erasure_review_traces.py erases a member on the suite's store)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.intake import store
from services.intake.domain.duplicates import (
    MAX_MEMBERS,
    DecideReview,
    Decision,
    DuplicateReview,
    decide_review,
    open_review,
)
from services.intake.domain.erasure import forgotten_review
from services.intake.domain.likeness import Candidate
from shared.persistence import ConcurrentUpdateError, Update, retry_on_conflict
from shared.persistence.memory import memory_database
from shared.persistence.ports import StoreKind
from shared.persistence.stores import Store, open_store

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
KEY = "40|1990-01-10|dinh thi linh"
OPENING = ["w-a", "w-b"]


def _match(worker_id: str, score: int = 100) -> list[Candidate]:
    return [Candidate(worker_id=worker_id, matched_with="w-a", score=score, reasons=["name"])]


async def _in_memory(unique: str) -> list[store.DuplicateReviews]:
    database = memory_database(unique)
    stores = [Store(StoreKind.MEMORY, database) for _ in range(2)]
    await stores[0].collection(store.REVIEW_MEMBERS).ensure_indexes(store.REVIEW_MEMBERS_INDEXES)
    return [store.DuplicateReviews(s) for s in stores]


@pytest.fixture
async def in_memory(unique: str) -> list[store.DuplicateReviews]:
    """Two processes' reviews on one in-memory database (for steps ordered by hand)."""
    return await _in_memory(unique)


@pytest.fixture(params=["memory", "store"])
async def processes(
    request: pytest.FixtureRequest, mongodb_url: str, unique: str
) -> AsyncIterator[list[store.DuplicateReviews]]:
    """Two processes' reviews on one database (each keeps its own hints)."""
    if request.param == "memory":
        yield await _in_memory(unique)
        return
    clients: list[AsyncMongoClient[dict[str, Any]]] = [
        AsyncMongoClient(mongodb_url, tz_aware=True) for _ in range(2)
    ]
    stores = [open_store(c[f"{unique}_intake"], StoreKind.FERRETDB) for c in clients]
    # the index that keeps one seat a record (the others only speed reads up)
    await stores[0].collection(store.REVIEW_MEMBERS).ensure_indexes(store.REVIEW_MEMBERS_INDEXES)
    try:
        yield [store.DuplicateReviews(s) for s in stores]
    finally:
        await clients[0].drop_database(f"{unique}_intake")
        for client in clients:
            await client.close()


async def _opened(reviews: store.DuplicateReviews) -> str:
    review = open_review(
        "w-b",
        KEY,
        ["w-a"],
        round_=1,
        now=NOW,
        candidates=_match("w-b", 90),
        twin="twin-a",
        keyed=lambda text: f"keyed:{text}",
    )
    assert await reviews.open(review, "40")
    return review.review_id


async def _decide(reviews: store.DuplicateReviews, review_id: str) -> DuplicateReview:
    """Decides "different people" as the service does: read, decide, write; again on a race."""
    command = DecideReview(
        decision=Decision.DIFFERENT_PEOPLE, reason="checked the cards", decided_by="cb-x"
    )

    async def attempt() -> DuplicateReview:
        document = await reviews.get(review_id)
        assert document is not None
        decided = decide_review(DuplicateReview.model_validate(document), command, now=NOW)
        await reviews.decide(document, decided)
        return decided

    return await retry_on_conflict(attempt)


async def test_records_joining_from_two_processes_take_one_seat_each(
    processes: list[store.DuplicateReviews],
) -> None:
    """Issue 19: joins of one review no longer wait for each other. From two processes at
    once, each record gets a seat of its own, none left empty; the review reads as before:
    the members it opened with, then the joined ones (listed up to MAX_MEMBERS), the rest
    counted; and a record joining again keeps its one seat."""
    first, second = processes
    review_id = await _opened(first)
    joining = [f"w-{n:03d}" for n in range(MAX_MEMBERS + 2)]
    answers = await asyncio.gather(
        *(
            (first if n % 2 else second).join(review_id, w, MAX_MEMBERS, _match(w))
            for n, w in enumerate(joining)
        )
    )
    assert all(answer is not None and answer[:2] == OPENING for answer in answers)
    again = await second.join(review_id, joining[0], MAX_MEMBERS, _match(joining[0]))

    review = await first.get(review_id)
    assert review is not None
    assert again == review["worker_ids"]
    listed = review["worker_ids"]
    assert listed[:2] == OPENING
    assert len(listed) == MAX_MEMBERS == len(set(listed))
    assert review["more_records"] == len(joining) - (MAX_MEMBERS - 2)
    assert [c["worker_id"] for c in review["candidates"]] == listed[1:]
    seats = await first.members.find({"review_id": review_id}, {"seat": 1, store.VOID: 1})
    # the seat the second join took is left void: none is empty, none counted twice
    assert sorted(s["seat"] for s in seats) == list(range(1, len(joining) + 2))
    assert [s["seat"] for s in seats if s.get(store.VOID)] == [len(joining) + 1]
    [queued] = await second.queue("pending", _pages())
    assert (queued["worker_ids"], queued["more_records"]) == (listed, review["more_records"])


async def test_a_decision_racing_joins_decides_exactly_the_members_it_read(
    processes: list[store.DuplicateReviews],
) -> None:
    """A record joining while a decision is made is either in the decision (its join answered
    with the members) or not joined (its join answered None: the group's next review takes
    it); never seated in a decided review that does not list it."""
    deciding, joining = processes
    review_id = await _opened(deciding)
    records = [f"w-{n:02d}" for n in range(12)]

    async def join_later(worker_id: str, n: int) -> list[str] | None:
        await asyncio.sleep(0.002 * n)
        return await joining.join(review_id, worker_id, MAX_MEMBERS, _match(worker_id))

    decision = asyncio.create_task(_decide(deciding, review_id))
    answers = await asyncio.gather(*(join_later(w, n) for n, w in enumerate(records)))
    decided = await decision
    stored = await deciding.get(review_id)
    assert stored is not None
    assert stored["status"] == "different_people"
    assert stored["worker_ids"] == decided.worker_ids
    for worker_id, answer in zip(records, answers, strict=True):
        assert (answer is not None) == (worker_id in stored["worker_ids"]), worker_id


async def _in_the_middle(
    reviews: store.DuplicateReviews, nth: int, meanwhile: Callable[[], Awaitable[Any]]
) -> list[Any]:
    """Runs ``meanwhile`` before the review's ``nth`` write through ``advance``; returns what
    it answered."""
    advance, calls, seen = reviews.reviews.advance, 0, []

    async def advancing(*arguments: Any) -> bool:
        nonlocal calls
        calls += 1
        if calls == nth:
            seen.append(await meanwhile())
        return await advance(*arguments)

    reviews.reviews.advance = advancing  # type: ignore[method-assign,assignment]
    return seen


@pytest.mark.parametrize("nth", [1, 2], ids=["before-the-mark", "before-the-decision"])
async def test_a_record_joining_as_the_decision_is_written_is_decided_on(
    in_memory: list[store.DuplicateReviews], nth: int
) -> None:
    """A record joins just before the decision marks the review closing (the decision reads
    it there), or just before the decision is written (the record sees the mark and moves
    the review on, so the decision is made again): either way the decision lists it."""
    deciding, joining = in_memory
    review_id = await _opened(deciding)
    seen = await _in_the_middle(
        deciding, nth, lambda: joining.join(review_id, "w-late", MAX_MEMBERS, _match("w-late"))
    )
    decided = await _decide(deciding, review_id)
    assert seen
    assert seen[0] is not None
    assert "w-late" in seen[0]
    assert decided.worker_ids == [*OPENING, "w-late"]
    stored = await joining.get(review_id)
    assert stored is not None
    assert stored["worker_ids"] == [*OPENING, "w-late"]
    assert stored.get(store.CLOSING) is None


async def test_a_seat_left_empty_hides_no_record_above_it_from_the_decision(
    in_memory: list[store.DuplicateReviews],
) -> None:
    """Seat 2's record has not stored itself yet (or stopped) when seat 3's has: a read by id
    stops at the empty seat, so the decision reads every seat, fills seat 2 as void and is
    made again with the record in seat 3; the void is not counted."""
    deciding, joining = in_memory
    review_id = await _opened(deciding)
    await joining.join(review_id, "w-c", MAX_MEMBERS, _match("w-c"))
    above = {"review_id": review_id, "seat": 3, "worker_id": "w-e", "score": 100}
    await joining.members.insert({"_id": f"{review_id}#3", **above, "candidates": []})
    decided = await _decide(deciding, review_id)
    assert decided.worker_ids == [*OPENING, "w-c", "w-e"]
    assert decided.more_records == 0
    void = await joining.members.get(f"{review_id}#2")
    assert void is not None
    assert void[store.VOID] is True


async def test_a_record_joining_after_the_decision_is_not_joined(
    in_memory: list[store.DuplicateReviews],
) -> None:
    deciding, joining = in_memory
    review_id = await _opened(deciding)
    await _decide(deciding, review_id)
    assert await joining.join(review_id, "w-late", MAX_MEMBERS, _match("w-late")) is None
    stored = await joining.get(review_id)
    assert stored is not None
    assert stored["worker_ids"] == OPENING


async def test_a_joined_member_that_brought_a_twin_key_loses_it_when_erased(
    in_memory: list[store.DuplicateReviews],
) -> None:
    """Issue 24: a new record like an erased member must not join the review through its
    twin key; the member stays listed by id."""
    first, second = in_memory
    review_id = await _opened(first)
    await first.join(review_id, "w-c", MAX_MEMBERS, _match("w-c"), twin="twin-c")
    assert await second.pending_of_twin("twin-c") == (review_id, "w-c")
    assert await second.pending_with(["w-c"]) == review_id

    assert await second.forget("w-c", forgotten_review) == 1
    assert await first.pending_of_twin("twin-c") is None
    stored = await first.get(review_id)
    assert stored is not None
    assert stored["worker_ids"] == [*OPENING, "w-c"]
    assert stored["duplicate_key"] != KEY


async def test_a_join_that_keeps_losing_to_other_writers_says_so(
    in_memory: list[store.DuplicateReviews],
) -> None:
    """The review stays marked closing and every write of it loses: the join gives up with a
    conflict (the registration tries again) and its seat stays, so a decision reads it."""
    first, second = in_memory
    review_id = await _opened(first)

    async def always_lost(*_: Any) -> bool:
        return False

    await first.reviews.put(review_id, Update(set={store.CLOSING: True}))
    second.reviews.advance = always_lost  # type: ignore[method-assign,assignment]
    with pytest.raises(ConcurrentUpdateError):
        await second.join(review_id, "w-c", MAX_MEMBERS, _match("w-c"))
    stored = await first.get(review_id)
    assert stored is not None
    assert stored["worker_ids"] == [*OPENING, "w-c"]


def _pages() -> Any:
    from shared.pages import Pages

    return Pages.first(10)


async def test_a_seat_whose_insert_failed_hides_no_later_member(
    in_memory: list[store.DuplicateReviews],
) -> None:
    """A record's seat insert fails (the store timed out) after the process reserved the
    seat: the seat is left void, so the record seated after it in the same process is still
    listed and decided on, not hidden behind an empty seat."""
    deciding, joining = in_memory
    review_id = await _opened(deciding)
    insert_new = joining.members.insert_new
    failed: list[str] = []

    async def failing_once(document: Any) -> bool:
        if not failed:
            failed.append(document["_id"])
            raise TimeoutError("the store did not answer")
        return bool(await insert_new(document))

    joining.members.insert_new = failing_once  # type: ignore[method-assign]
    with pytest.raises(TimeoutError):
        await joining.join(review_id, "w-lost", MAX_MEMBERS, _match("w-lost"))
    answer = await joining.join(review_id, "w-c", MAX_MEMBERS, _match("w-c"))
    assert answer == [*OPENING, "w-c"]

    stored = await deciding.get(review_id)
    assert stored is not None
    assert (stored["worker_ids"], stored["more_records"]) == ([*OPENING, "w-c"], 0)
    decided = await _decide(deciding, review_id)
    assert decided.worker_ids == [*OPENING, "w-c"]
