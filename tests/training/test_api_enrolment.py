"""Training's API against the real broker and store: enrolment rules, the last-seat race,
attendance, assessments and certificates."""

from __future__ import annotations

import asyncio

from tests.support.problems import error_text
from tests.support.services import in_process
from tests.training.support import (
    PHONE,
    TODAY,
    Intake,
    course,
    course_body,
    enrol,
    known,
    provider,
    training_app,
)


async def test_enrolment_rules(kafka_bootstrap: str, mongodb_url: str, unique: str) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        the_course = await course(api, course_body(await provider(api), cost_vnd=9_000_000))
        course_id = the_course["course_id"]
        eligible = await intake.register(eligible=True)
        paying = await intake.register(eligible=False)
        leaving = await intake.register()
        await intake.withdraw(leaving)
        objecting = "w-objects-to-training"  # its withdrawal read first: any order converges
        await intake.withdraw_consent(objecting, "training", sequence=2)
        await intake.register(objecting)
        await known(api, objecting, registered=True)
        await known(api, eligible, registered=True)
        await known(api, paying, registered=True)
        await known(api, leaving, withdrawn=True)

        unknown = await enrol(api, course_id, "w-never-registered")
        assert unknown.status_code == 409
        assert error_text(unknown.json()) == "worker is not registered at intake"

        withdrawn = await enrol(api, course_id, leaving)
        assert withdrawn.status_code == 409
        assert error_text(withdrawn.json()) == "worker has withdrawn from the programme"

        no_consent = await enrol(api, course_id, objecting)
        assert no_consent.status_code == 409
        assert "training" in error_text(no_consent.json())

        supported = await enrol(api, course_id, eligible)
        assert supported.status_code == 201, supported.text
        assert supported.json()["status"] == "enrolled"
        assert supported.json()["support"] == {
            "eligible": True,
            "supported_vnd": 9_000_000,
            "worker_pays_vnd": 0,
        }
        pays = await enrol(api, course_id, paying)
        assert pays.status_code == 201
        assert pays.json()["support"]["worker_pays_vnd"] == 9_000_000

        twice = await enrol(api, course_id, eligible)
        assert twice.status_code == 409
        assert twice.json()["enrolment_id"] == supported.json()["enrolment_id"]

        assert (await api.get(f"/courses/{course_id}")).json()["seats_taken"] == 2
        enrolment_id = supported.json()["enrolment_id"]
        dropped = await api.post(
            f"/workers/{eligible}/enrolments/{enrolment_id}/drop-out", json={"reason": "health"}
        )
        assert dropped.status_code == 200
        assert dropped.json()["status"] == "dropped_out"
        assert (await api.get(f"/courses/{course_id}")).json()["seats_taken"] == 1
        again = await api.post(
            f"/workers/{eligible}/enrolments/{enrolment_id}/drop-out", json={"reason": "health"}
        )
        assert again.status_code == 409

        retake = await enrol(api, course_id, eligible)
        assert retake.status_code == 201
        assert retake.json()["enrolment_id"] != enrolment_id
        record = (await api.get(f"/workers/{eligible}/training")).json()
        assert [e["status"] for e in record["enrolments"]] == ["dropped_out", "enrolled"]
        assert PHONE not in str(record)

        assert (await enrol(api, "no-such-course", eligible)).status_code == 404


async def test_an_enrolment_retried_with_its_idempotency_key_takes_one_seat(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        the_course = await course(api, course_body(await provider(api)))
        worker = await intake.register()
        await known(api, worker, registered=True)
        url = f"/courses/{the_course['course_id']}/enrolments"
        headers = {"Idempotency-Key": f"enrol-{worker}"}

        first = await api.post(url, json={"worker_id": worker}, headers=headers)
        retry = await api.post(url, json={"worker_id": worker}, headers=headers)

        assert first.status_code == retry.status_code == 201
        assert first.json()["enrolment_id"] == retry.json()["enrolment_id"]
        assert (await api.get(f"/courses/{the_course['course_id']}")).json()["seats_taken"] == 1


async def test_two_officers_racing_for_the_last_seat_one_wins_one_gets_409(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        provider_id = await provider(api)
        workers = [await intake.register() for _ in range(12)]
        for worker in workers:
            await known(api, worker, registered=True)

        for round_ in range(5):
            last_seat = await course(api, course_body(provider_id, capacity=1))
            pair = workers[2 * round_ : 2 * round_ + 2]

            answers = await asyncio.gather(*(enrol(api, last_seat["course_id"], w) for w in pair))

            assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
            loser = next(a for a in answers if a.status_code == 409)
            assert error_text(loser.json()) == "course is full"
            seats = await api.get(f"/courses/{last_seat['course_id']}/enrolments")
            winner = next(a for a in answers if a.status_code == 201).json()
            assert seats.json()["items"] == [
                {"enrolment_id": winner["enrolment_id"], "worker_id": winner["worker_id"]}
            ]
            assert (await api.get(f"/courses/{last_seat['course_id']}")).json()["seats_left"] == 0

        crowded = await course(api, course_body(provider_id, capacity=3))
        answers = await asyncio.gather(*(enrol(api, crowded["course_id"], w) for w in workers))
        assert sorted(a.status_code for a in answers) == [201] * 3 + [409] * 9
        assert (await api.get(f"/courses/{crowded['course_id']}")).json()["seats_taken"] == 3


async def test_attendance_assessment_and_certificate(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        provider_id = await provider(api)
        the_course = await course(api, course_body(provider_id, min_attendance_percent=75))
        worker, other = await intake.register(), await intake.register()
        await known(api, worker, registered=True)
        await known(api, other, registered=True)
        enrolment_id = (await enrol(api, the_course["course_id"], worker)).json()["enrolment_id"]
        base = f"/workers/{worker}/enrolments/{enrolment_id}"

        for session, present in (("s0", True), ("s1", False), ("s1", True)):
            marked = await api.put(f"{base}/attendance/{session}", json={"present": present})
            assert marked.status_code == 200
        assert marked.json()["attended_percent"] == 50.0

        final = {
            "kind": "final",
            "enrolment_id": enrolment_id,
            "assessor": "Trung tâm Sơn La",
            "score": 72,
            "assessed_on": TODAY.isoformat(),
        }
        too_early = await api.post(f"/workers/{worker}/assessments", json=final)
        assert too_early.status_code == 409
        assert too_early.json()["required_percent"] == 75

        await api.put(f"{base}/attendance/s2", json={"present": True})
        failed = await api.post(f"/workers/{worker}/assessments", json={**final, "score": 40})
        assert failed.status_code == 201
        assert failed.json()["passed"] is False
        assert failed.json()["pass_mark"] == 60
        premature = await api.post(
            f"{base}/certificate", json={"number": "JP-N4-0001", "issued_on": TODAY.isoformat()}
        )
        assert premature.status_code == 409

        resit = await api.post(f"/workers/{worker}/assessments", json=final)
        assert resit.status_code == 201
        assert resit.json()["passed"] is True
        employer = await api.post(
            f"/workers/{worker}/assessments",
            json={
                "kind": "employer",
                "market": "JP",
                "assessor": "Kobe Foods Co.",
                "score": 8,
                "max_score": 10,
                "pass_mark": 6,
                "assessed_on": TODAY.isoformat(),
            },
        )
        assert employer.status_code == 201
        assert employer.json()["passed"] is True

        certificate = await api.post(
            f"{base}/certificate", json={"number": "JP-N4-0001", "issued_on": TODAY.isoformat()}
        )
        assert certificate.status_code == 201, certificate.text
        assert certificate.json()["language_level"] == "JLPT-N4"

        record = (await api.get(f"/workers/{worker}/training")).json()
        [enrolment] = record["enrolments"]
        assert enrolment["status"] == "passed"
        assert enrolment["certificate"]["number"] == "JP-N4-0001"
        assert [a["kind"] for a in record["assessments"]] == ["final", "final", "employer"]

        # The number is the other worker's no more than anyone else's: numbers are unique.
        theirs = await complete_without_certificate(api, the_course, other)
        reused = await api.post(
            f"/workers/{other}/enrolments/{theirs}/certificate",
            json={"number": "JP-N4-0001", "issued_on": TODAY.isoformat()},
        )
        assert reused.status_code == 409
        assert error_text(reused.json()) == "certificate number already issued"
        fresh = await api.post(
            f"/workers/{other}/enrolments/{theirs}/certificate",
            json={"number": "JP-N4-0002", "issued_on": TODAY.isoformat()},
        )
        assert fresh.status_code == 201


async def complete_without_certificate(api, the_course, worker_id) -> str:
    enrolment_id = (await enrol(api, the_course["course_id"], worker_id)).json()["enrolment_id"]
    for session in the_course["sessions"]:
        await api.put(
            f"/workers/{worker_id}/enrolments/{enrolment_id}/attendance/{session['session_id']}",
            json={"present": True},
        )
    passed = await api.post(
        f"/workers/{worker_id}/assessments",
        json={
            "kind": "final",
            "enrolment_id": enrolment_id,
            "assessor": "Trung tâm Sơn La",
            "score": 90,
            "assessed_on": TODAY.isoformat(),
        },
    )
    assert passed.status_code == 201
    return str(enrolment_id)


async def test_concurrent_changes_to_one_worker_are_all_kept(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    # FerretDB v1 lets two concurrent updates of one document both "succeed" and loses one;
    # training's writes are versioned through the seam's advance (store.Trainees), so none
    # may go missing here.
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        the_course = await course(api, course_body(await provider(api)))
        worker = await intake.register()
        await known(api, worker, registered=True)
        enrolment_id = (await enrol(api, the_course["course_id"], worker)).json()["enrolment_id"]
        base = f"/workers/{worker}/enrolments/{enrolment_id}"
        progress = {
            "kind": "progress",
            "enrolment_id": enrolment_id,
            "assessor": "Trung tâm Sơn La",
            "assessed_on": TODAY.isoformat(),
        }

        answers = await asyncio.gather(
            *(api.put(f"{base}/attendance/s{n}", json={"present": True}) for n in range(4)),
            *(
                api.post(f"/workers/{worker}/assessments", json={**progress, "score": n})
                for n in range(4)
            ),
        )

        assert [a.status_code for a in answers] == [200] * 4 + [201] * 4
        record = (await api.get(f"/workers/{worker}/training")).json()
        assert sorted(m["session_id"] for m in record["enrolments"][0]["attendance"]) == [
            "s0",
            "s1",
            "s2",
            "s3",
        ]
        assert sorted(a["score"] for a in record["assessments"]) == [0, 1, 2, 3]
