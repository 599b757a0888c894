"""Intake's use cases against the in-memory store: registration, corrections, duplicate
reviews and imports, with no broker and no store process."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.intake import store
from services.intake.domain.duplicates import DecideReview
from services.intake.domain.registration import RegisterWorker
from services.intake.domain.worker import CorrectWorker
from services.intake.handlers import deaths_first_heard
from services.intake.service import ImportJobs, IntakeService
from shared.actor import acted_by
from shared.auth.principal import Area
from shared.consumer import FoldedView
from shared.errors import ConflictError, FieldError, OutOfScopeError
from shared.pages import Pages
from shared.persistence import AlreadyStoredError, ConcurrentUpdateError, Document, Update
from shared.persistence.stores import Store, memory_store
from tests.intake.samples import cccd
from tests.intake.support import person
from tests.intake.test_api_imports import _csv, _row

OFFICER = "cb-quangngai-01"


class Clock:
    """A clock that moves a millisecond each time it is read."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


class NoNameIndex:
    """A name index that indexes nothing: the name search has its own tests, on the stores;
    the duplicate finder reads the workers' blocking keys the plain way."""

    async def register(self, prefixes: Iterable[str], province_code: str, *_: Any) -> Document:
        return {}

    async def reindex(
        self, document: Document, prefixes: Iterable[str], province_code: str, *_: Any
    ) -> Document:
        return {}

    async def alike(self, *_: Any) -> None:
        return None


class Intake:
    """The service on a fresh in-memory store, with what it published."""

    def __init__(self) -> None:
        self.store: Store = memory_store()
        self.workers = store.workers(self.store, "test.", lambda: None)
        self.reviews = store.DuplicateReviews(self.store)
        names: Any = NoNameIndex()
        self.service = IntakeService(
            self.workers,
            self.reviews,
            names,
            Clock(),
            journey_ends=store.JourneyEndsView(self.store),
        )

    async def prepare(self) -> Intake:
        await store.prepare(self.store)
        return self

    async def register(self, body: dict[str, Any], worker_id: str) -> Document:
        command = acted_by(RegisterWorker.model_validate(body), OFFICER)
        return (await self.service.register_worker(command, worker_id)).document

    def outbox(self, worker_id: str) -> list[Document]:
        document = self.store.database[store.WORKERS].find_one({"_id": worker_id})
        return list(document["outbox"])


def correction(**fields: Any) -> CorrectWorker:
    return acted_by(CorrectWorker.model_validate({"reason": "checked", **fields}), OFFICER)


def decision(**fields: Any) -> DecideReview:
    return acted_by(DecideReview.model_validate({"reason": "checked", **fields}), OFFICER)


def typo_twin(n: int, serial: int) -> dict[str, Any]:
    body = person(n)
    return {**body, "national_id": cccd(body["date_of_birth"], body["gender"], serial=serial)}


@pytest.fixture
async def intake() -> Intake:
    return await Intake().prepare()


async def test_registration_stores_the_worker_and_its_event_in_one_document(
    intake: Intake,
) -> None:
    document = await intake.register(person(1), "w-1")
    assert document["version"] == 1
    assert [e["type"] for e in intake.outbox("w-1")] == ["worker.registered"]
    assert (await intake.service.get_worker("w-1"))["national_id"] == document["national_id"]


async def test_a_taken_national_id_is_refused_naming_the_case(intake: Intake) -> None:
    await intake.register(person(1), "w-1")
    with pytest.raises(ConflictError) as refused:
        await intake.register(person(1), "w-2")
    assert refused.value.details == {"worker_id": "w-1", "new_journey": "/workers/w-1/journeys"}
    assert await intake.service.workers.get("w-2") is None


async def test_a_retried_registration_creates_nothing_twice(intake: Intake) -> None:
    await intake.register(person(1), "w-1")
    again = await intake.service.register_worker(
        acted_by(RegisterWorker.model_validate(person(1)), OFFICER), "w-1"
    )
    assert again.created is False
    assert len(intake.outbox("w-1")) == 1


async def test_each_correction_is_one_revision_and_one_event(intake: Intake) -> None:
    await intake.register(person(1), "w-1")
    for n in range(5):
        await intake.service.correct_worker("w-1", correction(phone=f"0913 00000{n}"))
    await intake.service.correct_worker("w-1", correction(phone="0913.000.004"))  # changes nothing
    events = intake.outbox("w-1")
    assert [e["sequence"] for e in events] == list(range(1, 7))
    assert [e["type"] for e in events][1:] == ["worker.corrected"] * 5
    assert (await intake.service.get_worker("w-1"))["revision"] == 6


async def test_a_correction_to_a_taken_national_id_is_refused(intake: Intake) -> None:
    await intake.register(person(1), "w-1")
    await intake.register(typo_twin(1, 750000), "w-2")
    with pytest.raises(ConflictError):
        await intake.service.correct_worker("w-2", correction(national_id=person(1)["national_id"]))


async def test_the_unique_national_id_refuses_a_save_that_took_it_meanwhile(
    intake: Intake,
) -> None:
    """The look-up before the save saw the national ID free; the store's unique index still
    refuses the save, and the repository says so without the driver's error."""
    await intake.register(person(1), "w-1")
    document = await intake.register(typo_twin(1, 750000), "w-2")
    with pytest.raises(AlreadyStoredError):
        await intake.workers.save(document, {"national_id": person(1)["national_id"]})


async def test_likely_duplicates_share_one_review_whatever_the_order(intake: Intake) -> None:
    await asyncio.gather(*(intake.register(typo_twin(3, 700000 + n), f"w-{n}") for n in range(6)))
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    assert sorted(review["worker_ids"]) == [f"w-{n}" for n in range(6)]
    assert review["score"] == 100


async def test_a_registration_retried_after_a_crash_flags_its_duplicates(intake: Intake) -> None:
    """The worker was stored, then the process stopped before the group and the review knew
    it: the retried request (same worker id) completes the flagging, once."""
    await intake.register(typo_twin(3, 710000), "w-a")
    body = typo_twin(3, 710001)
    command = acted_by(RegisterWorker.model_validate(body), OFFICER)
    flag = intake.service.flag_duplicates
    intake.service.flag_duplicates = _crash  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await intake.service.register_worker(command, "w-b")
    intake.service.flag_duplicates = flag  # type: ignore[method-assign]
    assert await intake.service.review_queue(status=_pending(), pages=Pages.first(10)) == []
    for _ in range(2):
        again = await intake.service.register_worker(command, "w-b")
        assert again.created is False
        assert again.likely_duplicates == ["w-a"]
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    assert review["worker_ids"] == ["w-a", "w-b"]
    assert review["more_records"] == 0


async def test_a_correction_retried_after_a_conflict_is_flagged_in_its_new_group(
    intake: Intake,
) -> None:
    """The corrected record was saved, then opening its review lost a race: the retried
    attempt finds the correction in and must still flag its likely duplicates."""
    twin = typo_twin(3, 740000)
    await intake.register(twin, "w-a")
    await intake.register(person(8), "w-b")
    old_key = (await intake.service.get_worker("w-b"))["duplicate_key"]
    open_review = intake.reviews.open
    conflicts = 0

    async def lost_a_race_once(review: Any, province_code: str) -> bool:
        nonlocal conflicts
        if conflicts == 0:
            conflicts += 1
            raise ConcurrentUpdateError(f"{review.review_id} moved meanwhile")
        return await open_review(review, province_code)

    intake.reviews.open = lost_a_race_once  # type: ignore[method-assign]
    same_person = {
        "full_name": twin["full_name"],
        "gender": twin["gender"],
        "date_of_birth": twin["date_of_birth"],
        "national_id": cccd(twin["date_of_birth"], twin["gender"], serial=740001),
    }
    corrected = await intake.service.correct_worker("w-b", correction(**same_person))

    assert conflicts == 1
    assert corrected["duplicate_key"] != old_key
    assert "regrouping_from" not in corrected
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    assert sorted(review["worker_ids"]) == ["w-a", "w-b"]


async def test_two_decisions_at_once_make_one(intake: Intake) -> None:
    await intake.register(typo_twin(4, 720000), "w-a")
    await intake.register(typo_twin(4, 720001), "w-b")
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    answers = await asyncio.gather(
        intake.service.decide_review(review["_id"], decision(decision="same_person")),
        intake.service.decide_review(review["_id"], decision(decision="different_people")),
        return_exceptions=True,
    )
    decided = [a for a in answers if not isinstance(a, BaseException)]
    assert len(decided) == 1, answers
    assert isinstance(next(a for a in answers if isinstance(a, BaseException)), ConflictError)
    stored = await intake.service.get_review(review["_id"])
    assert stored["status"] == decided[0]["status"]
    merged = 1 if stored["status"] == "same_person" else 0
    assert [e["type"] for e in intake.outbox("w-b")].count("worker.merged") == merged


async def test_same_person_merges_and_the_next_record_opens_the_next_review(
    intake: Intake,
) -> None:
    await intake.register(typo_twin(5, 730000), "w-a")
    await intake.register(typo_twin(5, 730001), "w-b")
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    done = await intake.service.decide_review(review["_id"], decision(decision="same_person"))
    assert done["merge_completed"] is True
    assert (await intake.service.get_worker("w-b"))["merged_into"] == "w-a"
    with pytest.raises(ConflictError):  # decided once
        await intake.service.decide_review(review["_id"], decision(decision="same_person"))
    assert [e["type"] for e in intake.outbox("w-b")].count("worker.merged") == 1
    await intake.register(typo_twin(5, 730002), "w-c")
    [following] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    assert following["_id"] == f"{review['group']}~2"
    assert following["worker_ids"] == ["w-a", "w-c"]


async def test_a_decision_an_earlier_release_claimed_is_the_one_kept(intake: Intake) -> None:
    """Old databases: a decision claimed in review_decisions, not yet copied onto the review."""
    await intake.register(typo_twin(6, 740000), "w-a")
    await intake.register(typo_twin(6, 740001), "w-b")
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    claimed = {**review, "status": "different_people", "decided_by": "cb-x", "reason": "twins"}
    intake.store.database[store.REVIEW_DECISIONS].insert_one(claimed)
    with pytest.raises(ConflictError):
        await intake.service.decide_review(review["_id"], decision(decision="same_person"))
    kept = await intake.service.decide_review(review["_id"], decision(decision="different_people"))
    assert (kept["status"], kept["decided_by"], kept["reason"]) == (
        "different_people",
        "cb-x",
        "twins",
    )


async def test_reviews_stored_without_a_version_are_written_too(intake: Intake) -> None:
    """Old databases: their reviews were stored without a version."""
    await intake.register(typo_twin(7, 760000), "w-a")
    await intake.register(typo_twin(7, 760001), "w-b")
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    intake.store.database[store.DUPLICATE_REVIEWS].update_many({}, {"$unset": {"version": ""}})
    await intake.register(typo_twin(7, 760002), "w-c")
    joined = await intake.service.get_review(review["_id"])
    assert joined["worker_ids"] == ["w-a", "w-b", "w-c"]
    decided = await intake.service.decide_review(
        review["_id"], decision(decision="different_people")
    )
    assert decided["status"] == "different_people"


async def test_typos_swapped_dates_and_another_commune_join_one_review(intake: Intake) -> None:
    """A record found by the finder (not by an exact key) joins its candidates' review; the
    queue puts the likeliest group first."""
    await intake.register(typo_twin(0, 770000), "w-a")  # Đinh Thị Linh
    born = person(0)["date_of_birth"]  # 1990-01-10: day and month swap to 1990-10-01
    swapped = f"{born[:4]}-{born[8:10]}-{born[5:7]}"
    await intake.register(
        {**typo_twin(0, 770001), "date_of_birth": swapped, "full_name": "Dinh Thi Lihn"}, "w-b"
    )
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    assert review["worker_ids"] == ["w-a", "w-b"]
    [match] = review["candidates"]
    assert match["worker_id"] == "w-a"
    assert match["reasons"] == [
        "names 1 letter apart",
        "birth day and month swapped",
        "same commune",
    ]
    await intake.register(typo_twin(1, 770002), "w-c")
    await intake.register(typo_twin(1, 770003), "w-d")  # an exact twin: the likeliest
    queue = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    assert [r["worker_ids"] for r in queue] == [["w-c", "w-d"], ["w-a", "w-b"]]
    assert queue[0]["score"] > queue[1]["score"]


async def test_a_merge_into_a_merged_record_or_outside_the_area_is_refused(
    intake: Intake,
) -> None:
    await intake.register(typo_twin(2, 780000), "w-a")
    await intake.register(typo_twin(2, 780001), "w-b")
    [first] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    await intake.service.decide_review(first["_id"], decision(decision="same_person"))
    await intake.register(typo_twin(2, 780002), "w-c")
    [second] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    assert second["worker_ids"] == ["w-a", "w-c"]
    # w-b was merged into w-a: it cannot be a survivor (it is not a member here either)
    with pytest.raises(FieldError):
        await intake.service.decide_review(
            second["_id"], decision(decision="same_person", survivor_id="w-b")
        )
    elsewhere = Area(province_code="01")
    with pytest.raises(OutOfScopeError):
        await intake.service.decide_review(
            second["_id"], decision(decision="same_person"), area=elsewhere
        )
    assert (await intake.service.get_review(second["_id"]))["status"] == "pending"
    await intake.store.collection(store.WORKERS).put(
        "w-a", Update(set={"status": "merged", "merged_into": "w-x"})
    )
    with pytest.raises(ConflictError) as refused:
        await intake.service.decide_review(second["_id"], decision(decision="same_person"))
    assert "survivor" in str(refused.value)
    assert (await intake.service.get_review(second["_id"]))["status"] == "pending"


async def test_an_import_registers_each_row_once(intake: Intake) -> None:
    jobs = ImportJobs(store.Imports(intake.store), intake.service, intake.service.clock)
    content = _csv([_row(1), _row(2), _row(1)])
    job = await jobs.submit("communes.csv", content, OFFICER, "job-1")
    await asyncio.gather(*jobs.tasks)
    await jobs.run("job-1")  # a second runner finds every row done
    finished = await jobs.get(job["_id"])
    results = await jobs.results("job-1")
    assert [r["outcome"] for r in results] == ["created", "created", "duplicate"], results
    assert (finished["status"], finished["created"], finished["duplicate"]) == (
        "completed",
        2,
        1,
    )


async def _crash(*_: Any, **__: Any) -> list[str]:
    raise RuntimeError("stopped")


def _pending() -> Any:
    from services.intake.domain.duplicates import ReviewStatus

    return ReviewStatus.PENDING


async def test_a_registration_joining_a_busy_review_takes_turns_and_stands(
    intake: Intake,
) -> None:
    """Records of one group registered at once all join one review: a join that keeps losing
    its race is tried again, and the registration never fails for it."""
    await intake.register(typo_twin(1, 790000), "w-a")
    await intake.register(typo_twin(1, 790001), "w-b")
    join = intake.reviews.join
    lost = 0

    async def busy(*arguments: Any) -> list[str] | None:
        nonlocal lost
        if lost < 3:
            lost += 1
            raise ConcurrentUpdateError("the review moved meanwhile")
        return await join(*arguments)

    intake.reviews.join = busy  # type: ignore[method-assign,assignment]
    await intake.register(typo_twin(1, 790002), "w-c")
    assert lost == 3
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    assert review["worker_ids"] == ["w-a", "w-b", "w-c"]


async def test_twins_join_their_pending_review_without_reading_candidates_or_writing_it(
    intake: Intake,
) -> None:
    """Issue 19: records of one name, birth date and commune registered at once took turns on
    their review, each reading its candidates first. A twin of a pending review's member now
    joins it directly, each in a seat of its own: the review itself is not written."""
    await intake.register(typo_twin(5, 730000), "w-0")
    await intake.register(typo_twin(5, 730001), "w-1")  # opens the review

    async def unread(*_: Any) -> list[Any]:
        raise AssertionError("a twin of a pending review's member read its candidates")

    advance = intake.reviews.reviews.advance
    writes = 0

    async def counted(*arguments: Any) -> bool:
        nonlocal writes
        writes += 1
        return await advance(*arguments)

    intake.service.find_candidates = unread  # type: ignore[method-assign,assignment]
    intake.reviews.reviews.advance = counted  # type: ignore[method-assign,assignment]
    twins = [typo_twin(5, 730002 + n) for n in range(6)]
    await asyncio.gather(*(intake.register(body, f"w-{n + 2}") for n, body in enumerate(twins)))
    [review] = await intake.service.review_queue(status=_pending(), pages=Pages.first(10))
    assert sorted(review["worker_ids"]) == [f"w-{n}" for n in range(8)]
    assert writes == 0
    joined = [c for c in review["candidates"] if c["worker_id"] == "w-7"]
    assert [(c["matched_with"], c["score"]) for c in joined] == [("w-1", 100)]


async def test_a_record_read_looks_at_journey_ends_only_once_a_death_was_heard(
    intake: Intake,
) -> None:
    """Issue 21: every record read also read the worker's journey ends, twice a bare read's
    store work. A worker is now marked before a death abroad reaches their journey ends, and
    only a marked record (or one with records merged into it) has its journey ends read."""
    await intake.register(person(3), "w-alive")
    await intake.register(person(4), "w-died")
    ends = intake.store.collection(store.JOURNEY_ENDS)
    get = intake.service.journey_ends.collection.get
    reads: list[str] = []

    async def counted(doc_id: Any, *arguments: Any) -> Any:
        reads.append(doc_id)
        return await get(doc_id, *arguments)

    intake.service.journey_ends.collection.get = counted  # type: ignore[method-assign,assignment]
    assert (await intake.service.read_worker("w-alive"))[1] is None
    assert reads == []

    # what the journey ends' consumer does for a death: the mark first, then the view
    await intake.service.note_deaths_heard(["w-died", "w-nobody"])
    await intake.service.note_deaths_heard(["w-died"])  # a redelivery marks nothing twice
    await ends.insert(
        {"_id": "w-died", "ended_placements": ["p-1"], "died_abroad_on": "2026-03-01"}
    )
    document, died_on = await intake.service.read_worker("w-died")
    assert (str(died_on), reads) == ("2026-03-01", ["w-died"])
    assert document["version"] == 1  # the mark is bookkeeping: no change made meanwhile loses

    # a death stored before marks were made is marked when the service prepares its store
    await ends.insert(
        {"_id": "w-alive", "ended_placements": ["p-2"], "died_abroad_on": "2026-04-02"}
    )
    assert (await intake.service.read_worker("w-alive"))[1] is None
    await intake.service.mark_deaths_heard_earlier()
    assert str((await intake.service.read_worker("w-alive"))[1]) == "2026-04-02"
    # once per store: a later start reads none of the journey ends for it
    scanned = intake.service.journey_ends.collection.find
    intake.service.journey_ends.collection.find = None  # type: ignore[assignment,method-assign]
    await intake.service.mark_deaths_heard_earlier()
    intake.service.journey_ends.collection.find = scanned  # type: ignore[method-assign]


def test_only_a_first_death_in_a_fold_asks_for_the_mark() -> None:
    def fold(view_id: str, before: Document | None, state: Document) -> FoldedView:
        return FoldedView(view_id, before, state, [], [], [], 1, {}, [])

    died = {"ended_placements": ["p"], "died_abroad_on": "2026-03-01"}
    folds = [
        fold("first", None, died),
        fold("after-a-return", {"ended_placements": ["p"]}, died),
        fold("again", died, {**died, "ended_placements": ["p", "q"]}),
        fold("returned", None, {"ended_placements": ["p"]}),
    ]
    assert deaths_first_heard(folds) == ["first", "after-a-return"]


async def test_indexing_names_retries_a_worker_whose_write_another_writer_beat(
    intake: Intake,
) -> None:
    """``homeward index-names`` skipped a worker for good when the relay marked it sent at the
    same moment (FerretDB refuses the second write of a version): it reads the worker again
    and writes it once more, unless a correction gave it pages meanwhile."""
    await intake.register(person(3), "w-raced")
    await intake.register(person(4), "w-corrected")
    workers = intake.store.collection(store.WORKERS)
    for worker_id in ("w-raced", "w-corrected"):
        await workers.advance(worker_id, 1, Update(unset=[store.INDEXED], bookkeeping=True))
    names = store.NameIndex(intake.store)
    advance = names.workers.advance
    lost: list[str] = []

    async def beaten_once(doc_id: Any, version: int, update: Update) -> bool:
        if doc_id not in lost:
            lost.append(doc_id)
            if doc_id == "w-corrected":  # the other writer was a correction: it has pages now
                await advance(doc_id, version, Update(set={store.INDEXED: ["kept"]}))
            return False
        return await advance(doc_id, version, update)

    names.workers.advance = beaten_once  # type: ignore[method-assign]
    assert await names.index_all() == 1
    raced = await workers.get("w-raced")
    corrected = await workers.get("w-corrected")
    assert raced is not None
    assert corrected is not None
    assert raced[store.INDEXED]
    assert corrected[store.INDEXED] == ["kept"]


async def test_name_pages_asked_for_at_once_are_claimed_in_one_insert(intake: Intake) -> None:
    """Registrations that need new name pages at the same moment claim them together: one
    insert for all of them, each registration given its own pages."""
    names = store.NameIndex(intake.store)
    await names.ready()
    inserts: list[int] = []
    insert_all_new = names.pages.insert_all_new

    async def counted(documents: Sequence[Document]) -> set[Any]:
        inserts.append(len(documents))
        return await insert_all_new(documents)

    names.pages.insert_all_new = counted  # type: ignore[method-assign]
    placed = await asyncio.gather(*(names.register([f"name{n}"], "51") for n in range(8)))
    assert inserts == [16]  # each name's nation-wide and provincial key
    assert [fields[store.INDEXED] for fields in placed] == [
        [f"*|name{n}#0", f"p51|name{n}#0"] for n in range(8)
    ]


async def test_workers_registered_at_once_are_stored_in_one_insert(intake: Intake) -> None:
    """Registrations storing their workers at the same moment share one insert; a national ID
    already taken refuses only its own registration."""
    inserts: list[int] = []
    insert_all_new = intake.workers.collection.insert_all_new

    async def counted(documents: Sequence[Document]) -> set[Any]:
        inserts.append(len(documents))
        return await insert_all_new(documents)

    intake.workers.collection.insert_all_new = counted  # type: ignore[method-assign]
    bodies = [person(n) for n in range(6)]
    bodies.append({**person(0), "phone": person(6)["phone"]})  # person 0's national ID
    answers = await asyncio.gather(
        *(intake.register(body, f"w-{n}") for n, body in enumerate(bodies)),
        return_exceptions=True,
    )
    assert inserts == [7]
    assert [a["_id"] for a in answers[:6]] == [f"w-{n}" for n in range(6)]  # type: ignore[index]
    assert isinstance(answers[6], ConflictError)
    assert await intake.workers.get("w-6") is None
