"""Readiness for markets with different requirements, ``worker.trained`` once per market,
and withdrawals from intake reflected, against the real broker and store."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

from shared.contracts.intake import (
    ConsultationChannel,
    ConsultationOutcome,
    WorkerConsulted,
    WorkerMerged,
)
from tests.support.problems import error_text
from tests.support.services import in_process
from tests.training.support import (
    Intake,
    Seen,
    complete,
    course,
    course_body,
    known,
    orientation_body,
    provider,
    registered,
    topic_now,
    training_app,
    training_events,
)


def market(readiness: dict[str, Any], code: str) -> dict[str, Any]:
    return next(m for m in readiness["markets"] if m["market"] == code)


def unmet(result: dict[str, Any]) -> set[str]:
    return {r["code"] for r in result["requirements"] if not r["met"]}


def trained(events: list[Seen], worker_id: str) -> list[dict[str, Any]]:
    return [
        e.data for e in events if e.type == "worker.trained" and e.data["worker_id"] == worker_id
    ]


async def test_readiness_for_two_markets_and_worker_trained_once_per_market(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        provider_id = await provider(api)
        japanese = await course(api, course_body(provider_id))
        japan = await course(api, orientation_body(provider_id, "JP"))
        taiwan = await course(api, orientation_body(provider_id, "TW"))
        worker = await intake.register()
        await known(api, worker, registered=True)

        language = await complete(api, japanese, worker, "JP-N4-1001")
        readiness = (await api.get(f"/workers/{worker}/readiness")).json()
        assert unmet(market(readiness, "JP")) == {"orientation"}
        assert not market(readiness, "JP")["announced"]

        await complete(api, japan, worker, "OR-JP-1001")
        readiness = (await api.get(f"/workers/{worker}/readiness")).json()
        japan_ready = market(readiness, "JP")
        assert japan_ready["met"], readiness
        assert japan_ready["announced"], readiness
        assert japan_ready["language_level"] == "JLPT-N4"
        # Korea asks for EPS-TOPIK and its own orientation: the same record does not meet it.
        assert unmet(market(readiness, "KR")) == {"language", "orientation"}
        assert unmet(market(readiness, "TW")) == {"orientation"}

        await complete(api, taiwan, worker, "OR-TW-1001")
        readiness = (await api.get(f"/workers/{worker}/readiness")).json()
        assert {m["market"] for m in readiness["markets"] if m["met"]} == {"JP", "TW"}

        events = await training_events(
            kafka_bootstrap, unique, lambda es: len(trained(es, worker)) >= 2
        )
        # More activity afterwards must not announce a market again.
        extra = await api.post(
            f"/workers/{worker}/assessments",
            json={
                "kind": "employer",
                "market": "JP",
                "assessor": "Kobe Foods Co.",
                "score": 9,
                "max_score": 10,
                "pass_mark": 6,
                "assessed_on": japanese["sessions"][-1]["on"],
            },
        )
        assert extra.status_code == 201
        await training_events(
            kafka_bootstrap, unique, lambda es: [e.type for e in es].count("worker.assessed") >= 4
        )
        await asyncio.sleep(1.0)
        events = await topic_now(kafka_bootstrap, unique)

        announced = trained(events, worker)
        assert sorted(p["market"] for p in announced) == ["JP", "TW"]
        japan_event = next(p for p in announced if p["market"] == "JP")
        assert japan_event["language"] == "ja"
        assert japan_event["language_level"] == "JLPT-N4"
        # the certificates travel with their numbers sealed (personal), their kinds clear
        assert {c["kind"] for c in japan_event["certificates"]} == {"language", "orientation"}
        assert all(set(c["number"]) == {"sealed"} for c in japan_event["certificates"])
        assert japan_event["requirements"] == ["language", "orientation"]
        taiwan_event = next(p for p in announced if p["market"] == "TW")
        assert taiwan_event["language_level"] is None
        assert [c["kind"] for c in taiwan_event["certificates"]] == ["orientation"]
        # The relay may publish an event twice (consumers drop the copy): each sequence once.
        of_worker = {e.sequence: e for e in events if e.data["worker_id"] == worker}
        types = [e.type for e in of_worker.values()]
        assert types.count("worker.enrolled") == 3
        assert types.count("worker.certified") == 3
        assert language["certificate"]["language_level"] == "JLPT-N4"


async def test_a_withdrawal_from_intake_revokes_and_a_reopening_announces_again(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        provider_id = await provider(api)
        taiwan = await course(api, orientation_body(provider_id, "TW"))
        worker = await intake.register()
        await known(api, worker, registered=True)
        await complete(api, taiwan, worker, "OR-TW-2001")

        await intake.withdraw(worker)
        await known(api, worker, withdrawn=True)
        readiness = (await api.get(f"/workers/{worker}/readiness")).json()
        assert readiness["active"] is False
        assert market(readiness, "TW")["met"]
        assert not market(readiness, "TW")["announced"]
        later = await course(api, orientation_body(provider_id, "JP"))
        refused = await api.post(
            f"/courses/{later['course_id']}/enrolments", json={"worker_id": worker}
        )
        assert refused.status_code == 409

        await intake.reopen(worker)
        await known(api, worker, active=True)
        events = await training_events(
            kafka_bootstrap, unique, lambda es: len(trained(es, worker)) >= 2
        )

        # Consumers order a worker's events by sequence (two outboxes may interleave them).
        mine = sorted(
            (e for e in events if e.data["worker_id"] == worker), key=lambda e: e.sequence
        )
        assert [e.sequence for e in mine] == list(range(1, len(mine) + 1))
        readiness_events = [
            (e.type, e.data["market"])
            for e in mine
            if e.type in ("worker.trained", "worker.training-readiness-revoked")
        ]
        assert readiness_events == [
            ("worker.trained", "TW"),
            ("worker.training-readiness-revoked", "TW"),
            ("worker.trained", "TW"),
        ]
        revoked = next(e.data for e in mine if e.type == "worker.training-readiness-revoked")
        assert revoked["reason"] == "withdrawn"


async def test_intake_events_out_of_order_still_leave_the_worker_withdrawn(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        the_course = await course(api, course_body(await provider(api)))
        worker = "w-out-of-order"
        await intake.withdraw(worker, sequence=2)
        await known(api, worker, withdrawn=True, registered=False)
        await intake.publish(registered(worker), 1)

        view = await known(api, worker, registered=True)

        assert view["withdrawn"] is True
        assert view["active"] is False
        refused = await api.post(
            f"/courses/{the_course['course_id']}/enrolments", json={"worker_id": worker}
        )
        assert refused.status_code == 409
        assert error_text(refused.json()) == "worker has withdrawn from the programme"


async def test_a_merged_record_revokes_and_intake_events_of_no_concern_are_skipped(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        taiwan = await course(api, orientation_body(await provider(api), "TW"))
        worker = await intake.register()
        await intake.publish(
            WorkerConsulted(
                worker_id=worker,
                consultation_id="c-1",
                held_on=date.today(),
                channel=ConsultationChannel.JOB_FAIR,
                outcome=ConsultationOutcome.WANTS_TO_GO,
                recorded_at=datetime.now(UTC),
            )
        )
        await known(api, worker, registered=True)
        await complete(api, taiwan, worker, "OR-TW-3001")

        await intake.publish(
            WorkerMerged(
                worker_id=worker,
                survivor_id="w-survivor",
                review_id="r-1",
                merged_at=datetime.now(UTC),
            )
        )
        await known(api, worker, active=False)

        events = await training_events(
            kafka_bootstrap,
            unique,
            lambda es: any(e.type == "worker.training-readiness-revoked" for e in es),
        )
        revoked = next(e.data for e in events if e.type == "worker.training-readiness-revoked")
        assert (revoked["market"], revoked["reason"]) == ("TW", "merged")
        refused = await api.post(
            f"/courses/{taiwan['course_id']}/enrolments", json={"worker_id": worker}
        )
        assert refused.status_code == 409
        assert refused.json()["survivor_id"] == "w-survivor"
        readyz = (await api.get("/readyz")).json()
        assert readyz["checks"]["consumer:candidates"] == "ok"
        assert app.state.runtime.consumers[0].status.dead_lettered == 0
