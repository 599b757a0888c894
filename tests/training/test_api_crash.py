"""Training killed while officers mark attendance and assess: no answered change loses events.

Training runs as its own process on the real broker and store and is SIGKILLed in the middle
of the officers' work, then started again. Every change it answered 2xx is in the worker's
record, and every change in a record has its events on the topic, each exactly once (one
event id, one sequence), with no gap in any worker's sequence.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

import httpx

from tests.support.auth import authorized_client
from tests.support.infrastructure import ROOT
from tests.support.services import ServiceProcess, free_port, settings_env
from tests.training.support import (
    TODAY,
    Intake,
    course,
    course_body,
    enrol,
    eventually,
    known,
    provider,
    topic_now,
)

WORKERS = 12
ROUNDS = 12
KILL_AFTER = 30  # assessments answered


class Officer:
    """Marks one worker's attendance and records progress assessments, noting each answer."""

    def __init__(self, api: httpx.AsyncClient, worker: str, enrolment: str, sessions: list[str]):
        self.api, self.worker, self.enrolment, self.sessions = api, worker, enrolment, sessions
        self.marks: list[tuple[str, bool, bool]] = []  # session, present, answered 2xx
        self.assessed: list[str] = []

    async def work(self, answered: asyncio.Event, counter: list[int]) -> None:
        base = f"/workers/{self.worker}/enrolments/{self.enrolment}"
        try:
            for round_ in range(ROUNDS):
                for session in self.sessions:
                    present = (round_ + len(session)) % 2 == 0
                    self.marks.append((session, present, False))
                    response = await self.api.put(
                        f"{base}/attendance/{session}", json={"present": present}
                    )
                    assert response.status_code == 200, response.text
                    self.marks[-1] = (session, present, True)
                response = await self.api.post(
                    f"/workers/{self.worker}/assessments",
                    json={
                        "kind": "progress",
                        "enrolment_id": self.enrolment,
                        "assessor": "Trung tâm Sơn La",
                        "score": 50 + round_,
                        "assessed_on": TODAY.isoformat(),
                    },
                )
                assert response.status_code == 201, response.text
                self.assessed.append(response.json()["assessment_id"])
                counter[0] += 1
                if counter[0] >= KILL_AFTER:
                    answered.set()
        except httpx.TransportError:
            return  # the service was killed under this request

    def expected_marks(self) -> dict[str, set[bool]]:
        """Per session, the values the stored mark may hold: the last answered one, or the
        one of a request in flight when the service was killed."""
        allowed: dict[str, set[bool]] = {}
        for session, present, done in self.marks:
            if done:
                allowed[session] = {present}
            else:
                allowed.setdefault(session, set()).add(present)
        return allowed


def _training(unique: str, kafka: str, mongo: str) -> ServiceProcess:
    log = ROOT / ".local" / "test-logs" / f"{unique}-training.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = settings_env("training", unique, kafka, mongo)
    return ServiceProcess("training", env, free_port(), log)


async def test_killed_while_marking_attendance_every_answered_change_has_its_events_once(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    first = _training(unique, kafka_bootstrap, mongodb_url)
    second = _training(unique, kafka_bootstrap, mongodb_url)
    first.start()
    try:
        await first.wait_ready()
        async with (
            authorized_client(base_url=first.url, timeout=20) as api,
            Intake(kafka_bootstrap, unique) as intake,
        ):
            the_course = await course(api, course_body(await provider(api), capacity=WORKERS))
            sessions = [s["session_id"] for s in the_course["sessions"]]
            workers = [await intake.register() for _ in range(WORKERS)]
            officers = []
            for worker in workers:
                await known(api, worker, registered=True)
                enrolled = await enrol(api, the_course["course_id"], worker)
                assert enrolled.status_code == 201, enrolled.text
                officers.append(Officer(api, worker, enrolled.json()["enrolment_id"], sessions))
            answered, counter = asyncio.Event(), [0]
            work = asyncio.gather(*(o.work(answered, counter) for o in officers))
            await asyncio.wait_for(answered.wait(), 120)
            await asyncio.to_thread(first.kill)
            await work
        second.start()
        await second.wait_ready()
        records = {
            d["_id"]: d async for d in store_client[f"{unique}_training"]["candidates"].find({})
        }

        async def all_published() -> list[Any] | None:
            events = await topic_now(kafka_bootstrap, unique)
            assessed = {e.data["assessment_id"] for e in events if e.type == "worker.assessed"}
            stored = {a["assessment_id"] for r in records.values() for a in r["assessments"]}
            return events if stored <= assessed else None

        events = await eventually(all_published, timeout_s=60)
        assert events, "the events of stored changes were not all published"
    finally:
        first.stop()
        second.stop()

    assert sum(len(o.assessed) for o in officers) >= KILL_AFTER
    for officer in officers:
        record = records[officer.worker]
        stored = [a["assessment_id"] for a in record["assessments"]]
        assert set(officer.assessed) <= set(stored), officer.worker
        assert len(stored) - len(officer.assessed) <= 1  # at most one in flight
        enrolment = next(e for e in record["enrolments"] if e["enrolment_id"] == officer.enrolment)
        marks = {m["session_id"]: m["present"] for m in enrolment["attendance"]}
        for session, allowed in officer.expected_marks().items():
            assert marks.get(session) in allowed, (officer.worker, session)

    by_assessment: dict[str, set[int]] = defaultdict(set)
    by_worker: dict[str, dict[int, str]] = defaultdict(dict)
    for event in events:
        worker = event.data["worker_id"]
        key = event.data.get("assessment_id") or event.data.get("enrolment_id") or event.type
        seen = by_worker[worker].setdefault(event.sequence, f"{event.type}:{key}")
        assert seen == f"{event.type}:{key}", f"{worker}: two events at {event.sequence}"
        if event.type == "worker.assessed":
            by_assessment[event.data["assessment_id"]].add(event.sequence)
    assert all(len(sequences) == 1 for sequences in by_assessment.values())
    for worker, sequences in by_worker.items():
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), worker
        assert records[worker]["event_seq"] == len(sequences)
