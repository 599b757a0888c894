"""Repairs after a crash between two writes: an orphaned seat, an interrupted trainee write."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from services.training import store
from shared.contracts.training import DropOutReason, WorkerDroppedOut
from shared.events.envelope import new_event
from shared.store import outbox_entry
from tests.support.services import in_process
from tests.training.support import (
    Intake,
    Seen,
    course,
    course_body,
    enrol,
    eventually,
    known,
    provider,
    topic_now,
    training_app,
)


async def test_a_seat_whose_enrolment_was_never_written_is_freed_once_old(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        service = app.state.service
        last_seat = await course(api, course_body(await provider(api), capacity=1))
        worker = await intake.register()
        await known(api, worker, registered=True)
        # A crash after the seat was claimed and before the enrolment was written.
        the_course = await service.get_course(last_seat["course_id"])
        details = {"worker_id": "w-crashed", "taken_at": service.clock()}
        assert await service.seats.take(
            the_course.course_id, the_course.capacity, "en-crashed", details
        )

        young = await enrol(api, last_seat["course_id"], worker)
        service.clock = lambda: datetime.now(UTC) + timedelta(minutes=2)
        old = await enrol(api, last_seat["course_id"], worker)

        assert young.status_code == 409
        assert old.status_code == 201, old.text
        holders = (await api.get(f"/courses/{last_seat['course_id']}/enrolments")).json()["items"]
        assert holders == [{"enrolment_id": old.json()["enrolment_id"], "worker_id": worker}]


async def test_events_of_a_write_interrupted_after_its_state_was_saved_are_published(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        service = app.state.service
        worker = await intake.register()
        await known(api, worker, registered=True)
        database = store_client[f"{unique}_training"]
        trainee = await database[store.TRAINEES].find_one({"_id": worker})
        saved_id, lost_id = f"{worker}#900", f"{worker}#901"
        payload = WorkerDroppedOut(
            worker_id=worker,
            enrolment_id="en-x",
            course_id="c-x",
            reason=DropOutReason.OTHER,
            dropped_out_at=datetime.now(UTC),
        )
        long_ago = datetime.now(UTC) - timedelta(minutes=5)
        for write_id, sequence in ((saved_id, trainee["event_seq"] + 1), (lost_id, 99)):
            event = new_event(
                payload,
                event_id=str(uuid.uuid4()),
                subject=worker,
                sequence=sequence,
                source="training",
                time=long_ago,
                correlation_id="c",
            )
            await database[store.TRAINEE_WRITES].insert_one(
                {
                    "_id": write_id,
                    "worker_id": worker,
                    "outbox": [outbox_entry(event, f"{unique}.homeward.training.events")],
                    "outbox_pending": False,
                    "event_seq": sequence,
                    "outbox_sent": 0,
                    "prepared_at": long_ago,
                }
            )
        # Only the first write's state reached the trainee before the crash.
        await database[store.TRAINEES].update_one({"_id": worker}, {"$push": {"writes": saved_id}})

        released = await service.recover()

        assert released == 1
        assert await database[store.TRAINEE_WRITES].find_one({"_id": lost_id}) is None

        async def dropped_out() -> list[Seen]:
            events = await topic_now(kafka_bootstrap, unique)
            return [e for e in events if e.type == "worker.dropped-out"]

        published = await eventually(dropped_out)
        assert [e.sequence for e in published] == [trainee["event_seq"] + 1]
