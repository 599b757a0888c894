"""Two training processes on one store and one broker, racing on the same workers and seats.

Both replicas serve the API and share intake's consumer group. Officers enrol more workers
than there are seats, each request sent twice (once through each replica, same key); then
mark attendance and record assessments on the same workers through both replicas while
intake's corrections reach both consumers; then two officers race for each certificate number.
Afterwards every invariant holds: no over-filled course, every answered change in the stored
record, intake's last correction in the view, one holder per certificate number, and each
event on the topic once, in an unbroken sequence per worker.

The corrections go to the workers the API changes meanwhile (``CORRECTED``): the consumers'
view writes and the API's saves of one trainee are ordered by the same version claims.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.training import store
from tests.support.replicas import two_replicas
from tests.training.builders import corrected
from tests.training.support import (
    TODAY,
    Intake,
    Seen,
    course,
    course_body,
    eventually,
    known,
    provider,
    topic_now,
)

SEATS = 4
WORKERS = 10
ROUNDS = 4
CORRECTIONS = 5
RETRIES = 5
CORRECTED = True
"""Whether intake corrects the workers the API changes meanwhile (see the module's docstring)."""


@pytest.fixture
async def replicas(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Two training processes on the same database and topics, in a consumer group of their
    own (no other test's training joins and rebalances it), with a client for each."""
    replicas = two_replicas(
        "training",
        kafka_bootstrap,
        mongodb_url,
        unique,
        settings={"consumer_group_prefix": f"{unique}."},
    )
    async with replicas as clients:
        yield clients


def assessment(enrolment_id: str, kind: str, score: int) -> dict[str, Any]:
    return {
        "kind": kind,
        "enrolment_id": enrolment_id,
        "assessor": "Trung tâm Sơn La",
        "score": score,
        "assessed_on": TODAY.isoformat(),
    }


async def accepted(
    send: Callable[..., Awaitable[httpx.Response]], url: str, **request: Any
) -> httpx.Response:
    """Sends a request again while training answers 409 "kept changing; try again" (nothing
    was written), as an officer's client would; returns the last answer."""
    for _ in range(RETRIES):
        answer = await send(url, **request)
        if answer.status_code != 409 or "kept changing" not in answer.text:
            return answer
    return answer


async def enrolments(
    apis: list[httpx.AsyncClient], course_id: str, workers: list[str]
) -> dict[str, str]:
    """Enrols every worker twice at once, once through each replica with the same key; returns
    the enrolment of each worker who got a seat (the key's final answer)."""
    keys = {worker: str(uuid.uuid4()) for worker in workers}

    async def enrol(api: httpx.AsyncClient, worker: str) -> httpx.Response:
        return await api.post(
            f"/courses/{course_id}/enrolments",
            json={"worker_id": worker},
            headers={"Idempotency-Key": keys[worker]},
        )

    answers = await asyncio.gather(
        *(enrol(apis[(n + side) % 2], w) for n, w in enumerate(workers) for side in (0, 1))
    )
    assert {a.status_code for a in answers} <= {201, 409}, [a.text for a in answers]
    enrolled: dict[str, str] = {}
    for n, worker in enumerate(workers):  # the key's final answer, asked of the other replica
        final = await enrol(apis[(n + 1) % 2], worker)
        assert final.status_code in (201, 409), final.text
        if final.status_code == 201:
            enrolled[worker] = final.json()["enrolment_id"]
    return enrolled


async def test_two_replicas_racing_on_the_same_workers_keep_every_invariant(
    replicas: list[httpx.AsyncClient],
    kafka_bootstrap: str,
    unique: str,
    store_client: AsyncMongoClient[dict[str, Any]],
) -> None:
    apis = replicas
    the_course = await course(apis[1], course_body(await provider(apis[0]), capacity=SEATS))
    course_id = the_course["course_id"]
    sessions = [s["session_id"] for s in the_course["sessions"]]
    async with Intake(kafka_bootstrap, unique) as intake:
        workers = [await intake.register() for _ in range(WORKERS)]
        for n, worker in enumerate(workers):
            await known(apis[n % 2], worker, registered=True)

        # 1. More workers than seats, every request twice, through both replicas.
        enrolled = await enrolments(apis, course_id, workers)
        assert len(enrolled) == SEATS

        # 2. Both replicas change the same workers while the consumers fold intake's
        #    corrections of them into the same documents.
        async def officer(n: int, worker: str) -> list[str]:
            enrolment_id = enrolled[worker]
            base = f"/workers/{worker}/enrolments/{enrolment_id}"
            assessed = []
            for round_ in range(ROUNDS):
                api = apis[(n + round_) % 2]
                marks = await asyncio.gather(
                    *(
                        accepted(
                            api.put, f"{base}/attendance/{s}", json={"present": round_ % 2 == 1}
                        )
                        for s in sessions
                    )
                )
                assert all(m.status_code == 200 for m in marks), [
                    (m.status_code, m.text[:300]) for m in marks if m.status_code != 200
                ]
                other = apis[(n + round_ + 1) % 2]
                answer = await accepted(
                    other.post,
                    f"/workers/{worker}/assessments",
                    json=assessment(enrolment_id, "progress", 40 + round_),
                )
                assert answer.status_code == 201, answer.text
                assessed.append(answer.json()["assessment_id"])
            return assessed

        corrected_workers = [w for w in workers if (w in enrolled) is CORRECTED]

        async def corrections() -> None:
            for revision in range(1, CORRECTIONS + 1):
                for worker in corrected_workers:
                    await intake.publish(
                        corrected(
                            worker,
                            revision=revision,
                            eligible=True,
                            full_name=f"Lò Văn R{revision}",
                        )
                    )

        # A task group: if one officer fails, the others stop before the clients close.
        async with asyncio.TaskGroup() as group:
            officers = [
                (w, group.create_task(officer(n, w))) for n, w in enumerate(enrolled) for _ in "ab"
            ]
            group.create_task(corrections())
        assessed: dict[str, list[str]] = defaultdict(list)
        for worker, task in officers:
            assessed[worker].extend(task.result())

    # 3. Finals through one replica, then two officers race for each certificate number.
    for n, (worker, enrolment_id) in enumerate(enrolled.items()):
        final = await accepted(
            apis[n % 2].post,
            f"/workers/{worker}/assessments",
            json=assessment(enrolment_id, "final", 90),
        )
        assert final.status_code == 201, final.text
        assessed[worker].append(final.json()["assessment_id"])
    pairs = list(enrolled.items())
    numbers = {pairs[n][0]: f"JP-{unique[-6:]}-{n // 2}" for n in range(len(pairs))}
    certified = await asyncio.gather(
        *(
            accepted(
                apis[n % 2].post,
                f"/workers/{worker}/enrolments/{enrolment_id}/certificate",
                json={"number": numbers[worker], "issued_on": TODAY.isoformat()},
            )
            for n, (worker, enrolment_id) in enumerate(pairs)
        )
    )
    winners = {w for (w, _), a in zip(pairs, certified, strict=True) if a.status_code == 201}
    assert {a.status_code for a in certified} <= {201, 409}
    assert len(winners) == len(set(numbers.values()))
    assert {numbers[w] for w in winners} == set(numbers.values())

    # Afterwards: the stored state.
    database = store_client[f"{unique}_training"]
    seats = await database[store.SEATS].find({"course_id": course_id}).to_list(None)
    assert sorted(s["enrolment_id"] for s in seats) == sorted(enrolled.values())
    assert sorted(s["seat"] for s in seats) == list(range(1, SEATS + 1))
    last_name = f"Lò Văn R{CORRECTIONS}"

    async def corrections_folded() -> dict[str, Any] | None:
        found = {d["_id"]: d async for d in database[store.TRAINEES].find({})}
        names = [found[w]["full_name"] for w in corrected_workers]
        return found if names == [last_name] * len(names) else None

    trainees = await eventually(corrections_folded, timeout_s=60)
    assert trainees, "the consumers did not fold intake's last corrections into the view"
    for worker in workers:
        opened = [e["enrolment_id"] for e in trainees[worker].get("enrolments", [])]
        assert opened == ([enrolled[worker]] if worker in enrolled else []), worker
    for worker, ids in assessed.items():
        record = trainees[worker]
        assert sorted(a["assessment_id"] for a in record["assessments"]) == sorted(ids), worker
        certificate = record["enrolments"][0].get("certificate")
        if worker in winners:
            assert certificate["number"] == numbers[worker]
        else:
            assert certificate is None
    certificates = await database[store.CERTIFICATES].find({}).to_list(None)
    assert {c["_id"]: c["enrolment_id"] for c in certificates} == {
        numbers[w]: enrolled[w] for w in winners
    }

    # And the events: every stored change once on the topic, in one unbroken sequence.
    async def published() -> list[Seen] | None:
        pending = await database[store.TRAINEES].count_documents({"outbox_pending": True})
        return None if pending else await topic_now(kafka_bootstrap, unique)

    events = await eventually(published, timeout_s=60)
    assert events, "the trainees' events were not all published"
    by_worker: dict[str, dict[int, str]] = defaultdict(dict)
    for event in events:
        worker = event.data["worker_id"]
        key = event.data.get("assessment_id") or event.data.get("enrolment_id") or event.type
        seen = by_worker[worker].setdefault(event.sequence, f"{event.type}:{key}")
        assert seen == f"{event.type}:{key}", f"{worker}: two events at {event.sequence}"
    for worker, ids in assessed.items():
        sequences = by_worker[worker]
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), worker
        assert trainees[worker]["event_seq"] == len(sequences), worker
        kinds = list(sequences.values())
        assert kinds.count(f"worker.enrolled:{enrolled[worker]}") == 1
        assert sorted(k.split(":")[1] for k in kinds if k.startswith("worker.assessed")) == sorted(
            ids
        )
        assert kinds.count(f"worker.certified:{enrolled[worker]}") == (worker in winners)
