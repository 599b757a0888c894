"""A merged duplicate's training moves onto the survivor's record, against the real broker and
store: enrolments, attendance, results and certificates, once however often the merge is heard;
the survivor is announced ready, the seat is the survivor's, and the dead record takes no more."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from shared.contracts.intake import WorkerMerged
from tests.support.problems import error_text
from tests.support.services import in_process
from tests.training.support import (
    Intake,
    complete,
    course,
    eventually,
    known,
    orientation_body,
    provider,
    training_app,
    training_events,
)


async def trainee(api: httpx.AsyncClient, worker_id: str) -> dict[str, Any]:
    response = await api.get(f"/workers/{worker_id}/training")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_merge_moves_the_duplicates_training_onto_the_survivor(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        taiwan = await course(api, orientation_body(await provider(api), "TW"))
        survivor, duplicate = await intake.register(), await intake.register()
        await known(api, survivor, registered=True)
        await known(api, duplicate, registered=True)
        done = await complete(api, taiwan, duplicate, "OR-TW-7001")

        merge = WorkerMerged(
            worker_id=duplicate,
            survivor_id=survivor,
            review_id=str(uuid.uuid4()),
            merged_at=datetime.now(UTC),
        )
        await intake.publish(merge)
        await intake.publish(merge)  # heard twice (a new event id): moved once

        async def moved() -> dict[str, Any] | None:
            body = await trainee(api, survivor)
            return body if body["enrolments"] and body["announcements"] else None

        held = await eventually(moved)
        assert held, "the survivor never got the duplicate's training"
        [enrolment] = held["enrolments"]
        assert enrolment["enrolment_id"] == done["enrolment_id"]
        assert enrolment["certificate"]["number"] == "OR-TW-7001"
        assert all(mark["present"] for mark in enrolment["attendance"])
        assert [a["enrolment_id"] for a in held["assessments"]] == [done["enrolment_id"]]
        assert [a["market"] for a in held["announcements"]] == ["TW"]

        dead = await trainee(api, duplicate)
        assert (dead["merged_into"], dead["enrolments"], dead["assessments"]) == (survivor, [], [])
        roster = await api.get(f"/courses/{taiwan['course_id']}/enrolments")
        assert roster.json()["items"] == [
            {"enrolment_id": done["enrolment_id"], "worker_id": survivor}
        ]
        readiness = (await api.get(f"/workers/{survivor}/readiness")).json()
        assert any(m["market"] == "TW" and m["met"] for m in readiness["markets"])

        base = f"/workers/{duplicate}/enrolments/{done['enrolment_id']}"
        refused = await api.put(f"{base}/attendance/s0", json={"present": False})
        assert refused.status_code == 409
        assert refused.json()["survivor_id"] == survivor
        assert "merged" in error_text(refused.json())

        events = await training_events(
            kafka_bootstrap,
            unique,
            lambda es: any(
                e.type == "worker.trained" and e.data["worker_id"] == survivor for e in es
            ),
        )
        # A batch redelivered after its view write produces its follow-ups again, with the
        # same ids (readers drop the copy): one move is one id, however often it is on the topic.
        moves = list({e.event_id: e for e in events if e.type == "training.records-moved"}.values())
        assert [(m.data["worker_id"], m.data["survivor_id"]) for m in moves] == [
            (duplicate, survivor)
        ]
        assert app.state.runtime.consumers[0].status.dead_lettered == 0
