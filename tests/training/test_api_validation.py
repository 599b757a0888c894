"""Bad input gets 422 naming the field (never a 500, never a half-written record)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.support.problems import error_locations
from tests.support.services import in_process
from tests.training.support import (
    PHONE,
    TODAY,
    Intake,
    course,
    course_body,
    enrol,
    known,
    orientation_body,
    provider,
    provider_body,
    training_app,
)


def locations(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 422, response.text
    return [list(loc) for loc in error_locations(response.json())]


@pytest.fixture
async def api(kafka_bootstrap: str, mongodb_url: str, unique: str):
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as client:
        yield client


async def test_bad_providers_and_courses_get_422_naming_the_field(
    api: httpx.AsyncClient, unique: str, store_client
) -> None:
    assert locations(await api.post("/providers", json=provider_body(kinds=[]))) == [
        ["body", "kinds"]
    ]
    assert locations(await api.post("/providers", json=provider_body(province_code="Sơn La"))) == [
        ["body", "province_code"]
    ]
    provider_id = await provider(api)
    cases: list[tuple[dict[str, Any], list[list[Any]]]] = [
        (course_body(provider_id, capacity=0), [["body", "capacity"]]),
        (course_body(provider_id, sessions=[]), [["body", "sessions"]]),
        (course_body(provider_id, kind="cooking"), [["body", "kind"]]),
        (course_body(provider_id, language=None), [["body", "language"]]),
        (course_body(provider_id, target_level="JLPT-N9"), [["body", "target_level"]]),
        (
            course_body(provider_id, language="de", target_level="JLPT-N4"),
            [["body", "target_level"]],
        ),
        ({**orientation_body(provider_id, "JP"), "market": None}, [["body", "market"]]),
        (course_body(provider_id, kind="vocational", target_level=None), [["body", "sector"]]),
        (course_body(provider_id, pass_mark=150), [["body", "pass_mark"]]),
        (course_body("no-such-provider"), [["body", "provider_id"]]),
        (
            course_body(
                provider_id,
                sessions=[{"session_id": "s1", "on": TODAY.isoformat()}] * 2,
            ),
            [["body", "sessions", "1", "session_id"]],
        ),
        ({**course_body(provider_id), "unexpected": 1}, [["body", "unexpected"]]),
    ]
    for body, expected in cases:
        assert locations(await api.post("/courses", json=body)) == expected, body
    assert await store_client[f"{unique}_training"]["courses"].count_documents({}) == 0


async def test_bad_enrolment_attendance_assessment_and_certificate_get_422(
    api: httpx.AsyncClient, kafka_bootstrap: str, unique: str
) -> None:
    the_course = await course(api, course_body(await provider(api)))
    async with Intake(kafka_bootstrap, unique) as intake:
        worker = await intake.register()
    await known(api, worker, registered=True)
    course_id = the_course["course_id"]

    assert locations(await enrol(api, course_id, "w.dotted$id")) == [["body", "worker_id"]]
    assert locations(
        await api.post(f"/courses/{course_id}/enrolments", json={"worker": worker})
    ) == [["body", "worker_id"], ["body", "worker"]]

    enrolment_id = (await enrol(api, course_id, worker)).json()["enrolment_id"]
    base = f"/workers/{worker}/enrolments/{enrolment_id}"
    assert locations(await api.put(f"{base}/attendance/s99", json={"present": True})) == [
        ["body", "session_id"]
    ]
    assert locations(await api.put(f"{base}/attendance/s0", json={"present": "often"})) == [
        ["body", "present"]
    ]
    assert locations(await api.post(f"{base}/drop-out", json={"reason": PHONE})) == [
        ["body", "reason"]
    ]

    final = {
        "kind": "final",
        "enrolment_id": enrolment_id,
        "assessor": "Trung tâm Sơn La",
        "score": 80,
        "assessed_on": TODAY.isoformat(),
    }
    assessments = f"/workers/{worker}/assessments"
    assert locations(await api.post(assessments, json={**final, "score": -1})) == [
        ["body", "score"]
    ]
    assert locations(await api.post(assessments, json={**final, "score": 101})) == [
        ["body", "score"]
    ]
    assert locations(await api.post(assessments, json={**final, "enrolment_id": None})) == [
        ["body", "enrolment_id"]
    ]
    employer = {**final, "kind": "employer", "enrolment_id": None}
    assert locations(await api.post(assessments, json=employer)) == [["body", "market"]]
    assert locations(await api.post(assessments, json={**final, "assessed_on": "2099-01-01"})) == [
        ["body", "assessed_on"]
    ]

    assert locations(
        await api.post(f"{base}/certificate", json={"number": "", "issued_on": TODAY.isoformat()})
    ) == [["body", "number"]]

    record = (await api.get(f"/workers/{worker}/training")).json()
    assert record["assessments"] == []
    assert [e["status"] for e in record["enrolments"]] == ["enrolled"]
    assert record["enrolments"][0]["attendance"] == []


async def test_unknown_things_are_404_and_a_phone_number_is_never_echoed(
    api: httpx.AsyncClient,
) -> None:
    assert (await api.get("/workers/w-unknown/training")).status_code == 404
    assert (await api.get("/workers/w-unknown/readiness")).status_code == 404
    assert (await api.get("/courses/nope")).status_code == 404
    assert (await api.get("/providers/nope")).status_code == 404
    echoed = await api.post("/providers", json=provider_body(name=PHONE, province_code=PHONE))
    assert echoed.status_code == 422
    assert PHONE not in echoed.text


async def test_courses_are_listed_soonest_first_and_filtered(api: httpx.AsyncClient) -> None:
    provider_id = await provider(api)
    later = await course(api, orientation_body(provider_id, "KR"))
    sooner = await course(
        api,
        course_body(
            provider_id,
            sessions=[{"session_id": "a", "on": (TODAY - timedelta(days=60)).isoformat()}],
        ),
    )

    listed = (await api.get("/courses")).json()["items"]
    korea = (await api.get("/courses", params={"kind": "orientation", "market": "KR"})).json()[
        "items"
    ]
    japanese = (await api.get("/courses", params={"language": "ja"})).json()["items"]
    requirements = (await api.get("/readiness/requirements")).json()["items"]

    assert [c["course_id"] for c in listed] == [sooner["course_id"], later["course_id"]]
    assert [c["course_id"] for c in korea] == [later["course_id"]]
    assert [c["course_id"] for c in japanese] == [sooner["course_id"]]
    assert sooner["seats_left"] == sooner["capacity"]
    japan = next(r for r in requirements if r["market"] == "JP")
    assert [r["code"] for r in japan["requirements"]] == ["language", "orientation"]
    assert japan["requirements"][0]["min_levels"] == ["JLPT-N4"]
