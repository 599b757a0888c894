"""Training's use cases against the in-memory store: no broker, no store process.

The same repositories as in production, on the seam's in-memory adapter: seats are claimed by
unique inserts, a worker's changes are versioned writes with their events in the outbox.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from services.training import store
from services.training.app import training_service
from services.training.domain import (
    AssessWorker,
    CourseDefinition,
    ProviderDefinition,
    TrainingRecord,
)
from services.training.domain.errors import CourseFullError
from services.training.service import ORPHAN_AFTER, TrainingService
from shared.contracts.training import DropOutReason
from shared.errors import ConflictError
from shared.persistence import Update
from shared.persistence.stores import Store, memory_store
from shared.privacy.erasure_pass import erasure_mark
from tests.support.replicas import imports
from tests.training.builders import candidate
from tests.training.support import TODAY, course_body, provider_body

PREFIX = "test."


@pytest.fixture
def on() -> Store:
    return memory_store()


@pytest.fixture
def service(on: Store) -> TrainingService:
    return training_service(on, PREFIX)


async def trainee(on: Store, worker_id: str | None = None) -> str:
    """Stores a registered candidate, as the intake consumer would; returns its id."""
    worker_id = worker_id or f"w-{uuid.uuid4().hex[:8]}"
    state = store.trainee_state(candidate(worker_id), TrainingRecord(worker_id=worker_id))
    await store.Trainees(on, PREFIX).aggregates.create(worker_id, state, [])
    return worker_id


async def scheduled(service: TrainingService, capacity: int = 20) -> dict[str, Any]:
    provider = await service.register_provider(
        ProviderDefinition.model_validate(provider_body()), "p-1"
    )
    body = course_body(provider.provider_id, capacity=capacity)
    course = await service.schedule_course(CourseDefinition.model_validate(body), "c-1")
    return course.model_dump(mode="json")


async def outbox_types(on: Store, worker_id: str) -> list[str]:
    document = await on.collection(store.TRAINEES).get(worker_id)
    assert document is not None
    return [entry["type"] for entry in document["outbox"]]


def final(enrolment_id: str, score: int = 85) -> AssessWorker:
    return AssessWorker.model_validate(
        {
            "kind": "final",
            "enrolment_id": enrolment_id,
            "assessor": "Trung tâm Sơn La",
            "score": score,
            "assessed_on": TODAY.isoformat(),
        }
    )


async def passed(service: TrainingService, course: dict[str, Any], worker_id: str) -> str:
    """Enrols the worker, marks every session and passes the final; returns the enrolment."""
    enrolment_id = f"en-{uuid.uuid4().hex[:8]}"
    await service.enrol_worker(course["course_id"], worker_id, enrolment_id)
    for session in course["sessions"]:
        await service.mark_attendance(worker_id, enrolment_id, session["session_id"], True)
    await service.assess(worker_id, final(enrolment_id), f"as-{enrolment_id}")
    return enrolment_id


async def test_a_worker_is_enrolled_trained_and_certified_with_each_event_in_the_outbox(
    on: Store, service: TrainingService
) -> None:
    course = await scheduled(service)
    worker = await trainee(on)

    enrolment_id = await passed(service, course, worker)
    certificate = await service.certify(worker, enrolment_id, " JP-0001 ", TODAY)

    assert certificate.number == "JP-0001"
    _, record = await service.trainee(worker)
    assert record.enrolment(enrolment_id).certificate == certificate
    types = await outbox_types(on, worker)
    assert types[0] == "worker.enrolled"
    assert "worker.assessed" in types
    assert "worker.certified" in types
    assert await service.course_enrolments(course["course_id"]) == [(enrolment_id, worker)]


async def test_a_retried_enrolment_takes_one_seat_and_writes_one_event(
    on: Store, service: TrainingService
) -> None:
    course = await scheduled(service)
    worker = await trainee(on)

    first, again = await asyncio.gather(
        service.enrol_worker(course["course_id"], worker, "en-1"),
        service.enrol_worker(course["course_id"], worker, "en-1"),
    )

    assert first == again
    assert (await service.get_course(course["course_id"])).seats_taken == 1
    assert (await outbox_types(on, worker)).count("worker.enrolled") == 1


async def test_workers_racing_for_few_seats_never_overfill_the_course(
    on: Store, service: TrainingService
) -> None:
    course = await scheduled(service, capacity=3)
    workers = [await trainee(on) for _ in range(10)]

    answers = await asyncio.gather(
        *(service.enrol_worker(course["course_id"], w, f"en-{w}") for w in workers),
        return_exceptions=True,
    )

    enrolled = [a for a in answers if not isinstance(a, BaseException)]
    refused = [a for a in answers if isinstance(a, BaseException)]
    assert len(enrolled) == 3
    assert all(isinstance(a, CourseFullError) for a in refused)
    holders = await service.course_enrolments(course["course_id"])
    assert sorted(e for e, _ in holders) == sorted(e.enrolment_id for e in enrolled)


async def test_concurrent_changes_to_one_worker_are_all_kept(
    on: Store, service: TrainingService
) -> None:
    course = await scheduled(service)
    worker = await trainee(on)
    await service.enrol_worker(course["course_id"], worker, "en-1")
    progress = {"kind": "progress", "enrolment_id": "en-1", "assessor": "Trung tâm Sơn La"}

    await asyncio.gather(
        *(
            service.mark_attendance(worker, "en-1", s["session_id"], True)
            for s in course["sessions"]
        ),
        *(
            service.assess(
                worker,
                AssessWorker.model_validate(
                    {**progress, "score": n, "assessed_on": TODAY.isoformat()}
                ),
                f"as-{n}",
            )
            for n in range(6)
        ),
    )

    _, record = await service.trainee(worker)
    assert len(record.enrolment("en-1").attendance) == len(course["sessions"])
    assert sorted(a.assessment_id for a in record.assessments) == [f"as-{n}" for n in range(6)]
    assert (await outbox_types(on, worker)).count("worker.assessed") == 6


async def test_a_certificate_number_belongs_to_one_enrolment(
    on: Store, service: TrainingService
) -> None:
    course = await scheduled(service)
    first, second = await trainee(on), await trainee(on)
    first_enrolment = await passed(service, course, first)
    second_enrolment = await passed(service, course, second)

    await service.certify(first, first_enrolment, "JP-0002", TODAY)
    with pytest.raises(ConflictError, match="already issued"):
        await service.certify(second, second_enrolment, "JP-0002", TODAY)

    assert await service.certificates.owner_of("JP-0002") == first_enrolment
    stored = await on.collection(store.CERTIFICATES).get("JP-0002")
    assert stored is not None
    assert stored["worker_id"] == first


async def test_a_dropout_gives_its_seat_back(on: Store, service: TrainingService) -> None:
    course = await scheduled(service, capacity=1)
    first, second = await trainee(on), await trainee(on)
    await service.enrol_worker(course["course_id"], first, "en-1")
    with pytest.raises(CourseFullError):
        await service.enrol_worker(course["course_id"], second, "en-2")

    await service.drop_out(first, "en-1", DropOutReason.OTHER)
    await service.enrol_worker(course["course_id"], second, "en-2")

    assert await service.course_enrolments(course["course_id"]) == [("en-2", second)]


async def test_a_seat_whose_enrolment_was_never_written_is_freed_once_old(
    on: Store, service: TrainingService
) -> None:
    course = await scheduled(service, capacity=1)
    worker = await trainee(on)
    details = {"worker_id": "w-crashed", "taken_at": datetime.now(UTC)}
    assert await service.seats.take(course["course_id"], 1, "en-crashed", details)

    with pytest.raises(CourseFullError):
        await service.enrol_worker(course["course_id"], worker, "en-young")
    service.clock = lambda: datetime.now(UTC) + ORPHAN_AFTER + timedelta(seconds=1)
    await service.enrol_worker(course["course_id"], worker, "en-old")

    assert await service.course_enrolments(course["course_id"]) == [("en-old", worker)]


async def test_an_earlier_versions_interrupted_write_is_released_or_dropped(
    on: Store, service: TrainingService
) -> None:
    worker = await trainee(on)
    writes = on.collection(store.TRAINEE_WRITES)
    long_ago = datetime.now(UTC) - timedelta(minutes=5)
    for write_id in (f"{worker}#1", f"{worker}#2"):
        await writes.insert(
            {
                "_id": write_id,
                "worker_id": worker,
                "outbox": [{"type": "worker.dropped-out"}],
                "outbox_pending": False,
                "outbox_sent": 0,
                "prepared_at": long_ago,
            }
        )
    trainees = on.collection(store.TRAINEES)
    document = await trainees.get(worker)
    assert document is not None
    await trainees.advance(worker, document["version"], Update(push={"writes": [f"{worker}#1"]}))

    assert await service.recover() == 1

    released = await writes.get(f"{worker}#1")
    assert released is not None
    assert released["outbox_pending"] is True
    assert await writes.get(f"{worker}#2") is None


def test_the_use_cases_and_repositories_import_no_driver() -> None:
    package = Path(__file__).parents[2] / "services" / "training"
    for module in ("service.py", "store.py"):
        source = (package / module).read_text()
        imported = imports(source)
        assert {m for m in imported if m.split(".")[0] in ("pymongo", "bson")} == set(), module
        assert "shared.store" not in imported, module
        assert "is_ferretdb" not in source, module


async def test_an_erased_workers_record_takes_no_certificate(
    on: Store, service: TrainingService
) -> None:
    """Hearing worker.erased withholds the numbers on the record once: a certificate issued
    afterwards would keep its number there for good, so the erased record takes no change."""
    course = await scheduled(service)
    worker = await trainee(on)
    enrolment_id = await passed(service, course, worker)
    trainees = store.Trainees(on, PREFIX)
    document = await trainees.get(worker)
    assert document is not None
    view, record = store.trainee_of(document)
    erased = store.trainee_state(view.model_copy(update={"erased": True}), record)
    await trainees.save(document, erased, [])

    with pytest.raises(ConflictError, match="erased"):
        await service.certify(worker, enrolment_id, "JP-0777", TODAY)
    with pytest.raises(ConflictError, match="erased"):
        await service.assess(worker, final(enrolment_id), "as-after")
    assert "JP-0777" not in str(await on.collection(store.TRAINEES).get(worker))


async def test_an_erased_workers_certificate_numbers_leave_the_register(
    on: Store, service: TrainingService
) -> None:
    """The register of issued numbers names each number's worker: once the worker is erased,
    their numbers are given back (the record withheld them already), and no one else's."""
    course = await scheduled(service)
    erased_worker, other = await trainee(on), await trainee(on)
    for worker, number in ((erased_worker, "JP-0901"), (other, "JP-0902")):
        await service.certify(worker, await passed(service, course, worker), number, TODAY)
    trainees = store.Trainees(on, PREFIX)
    document = await trainees.get(erased_worker)
    assert document is not None
    view, record = store.trainee_of(document)
    erased = view.model_copy(update={"erased": True})
    state = store.trainee_state(erased, record.without_certificate_numbers())
    await trainees.save(document, {**state, **erasure_mark(True)}, [])

    assert await service.forget_erased() == [erased_worker]
    assert await service.certificates.owner_of("JP-0901") is None
    assert await service.certificates.owner_of("JP-0902") is not None
    assert await service.forget_erased() == []  # again: nothing more
    kept = await on.collection(store.TRAINEES).get(erased_worker)
    assert kept is not None
    assert "JP-0901" not in str({k: v for k, v in kept.items() if k != "outbox"})
