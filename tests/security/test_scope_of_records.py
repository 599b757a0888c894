"""Scope on every record a request touches: the ids a body names, the items a list returns, and
where a change leaves its record. Each service runs in-process on the real broker and store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from shared.auth import Role
from shared.contracts.common import Locality
from shared.events.topics import Topic
from tests.aftercare.support import Publisher as AftercarePublisher
from tests.aftercare.support import (
    case_when,
    departure,
    registration,
    running_aftercare,
    send_abroad,
    service_of,
    training,
    utc_now,
)
from tests.aftercare.support import eventually as aftercare_eventually
from tests.deployment.builders import registered as deployment_registered
from tests.deployment.builders import trained as trained_for_deployment
from tests.deployment.stack import Upstream, enterprise, known_worker, posted_order, shortlisted
from tests.intake.samples import HOAN_KIEM, SON_LINH
from tests.intake.support import NAMES, person
from tests.support.auth import auth_headers
from tests.support.problems import error_text
from tests.support.services import in_process, service_app, settings_env
from tests.training.support import (
    TODAY,
    Intake,
    course,
    course_body,
    enrol,
    known,
    provider,
    registered,
    training_app,
)

SON_LINH_OFFICER = auth_headers(
    Role.COMMUNE_OFFICER, "officer-son-linh", province_code="51", commune_code="21307"
)
QUANG_NGAI_CENTRE = auth_headers(Role.CENTRE_STAFF, "centre-quang-ngai", province_code="51")
DAY = timedelta(days=1)
TINH_KHE = {"province_code": "51", "commune_code": "21211"}


def _app(service: str, unique: str, kafka: str, mongo: str) -> Any:
    return service_app(service, settings_env(service, unique, kafka, mongo))


async def test_a_correction_may_not_move_a_worker_out_of_the_callers_area(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(_app("intake", unique, kafka_bootstrap, mongodb_url)) as api:
        created = await api.post("/workers", json=person(1, locality=dict(SON_LINH)))
        assert created.status_code == 201, created.text
        path = f"/workers/{created.json()['worker_id']}"

        def move(locality: dict[str, str]) -> dict[str, Any]:
            return {"reason": "moved", "locality": locality}

        # the finding: a Sơn Linh officer moved a worker to Phường Hoàn Kiếm and got 200
        away = await api.patch(path, json=move(dict(HOAN_KIEM)), headers=SON_LINH_OFFICER)
        assert away.status_code == 403, away.text
        assert "locality" in error_text(away.json())
        spelled = {"province_code": "1", "commune_code": "70"}  # the same place, unpadded
        unpadded = await api.patch(path, json=move(spelled), headers=SON_LINH_OFFICER)
        assert unpadded.status_code == 403, unpadded.text
        # another commune of the officer's own province is a transfer too
        next_door = await api.patch(path, json=move(TINH_KHE), headers=SON_LINH_OFFICER)
        assert next_door.status_code == 403, next_door.text
        still = (await api.get(path)).json()
        assert still["locality"]["commune_code"] == "21307"
        assert still["revision"] == 1

        # the same commune stays the officer's: a correction of its former units passes
        home = {"province_code": "51", "commune_code": "21307"}
        same = await api.patch(path, json=move(home), headers=SON_LINH_OFFICER)
        assert same.status_code == 200, same.text
        # the province's centre covers the destination, so it may change the commune
        moved = await api.patch(path, json=move(TINH_KHE), headers=QUANG_NGAI_CENTRE)
        assert moved.status_code == 200, moved.text
        assert moved.json()["locality"]["commune_code"] == "21211"
        leaving = await api.patch(path, json=move(dict(HOAN_KIEM)), headers=QUANG_NGAI_CENTRE)
        assert leaving.status_code == 403, leaving.text


def _provider_headers(provider_id: str) -> dict[str, str]:
    return auth_headers(Role.TRAINING_PROVIDER, f"provider-{provider_id}", provider_id=provider_id)


async def test_training_checks_the_enrolled_worker_and_the_enrolments_own_course(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Intake(kafka_bootstrap, unique) as intake:
        provider_a, provider_b = await provider(api), await provider(api)
        course_a = await course(api, course_body(provider_a))
        course_b = await course(api, course_body(provider_b))
        son_la = await intake.register()  # 14/04036
        quang_ngai = f"w-{unique[-8:]}-ql"
        await intake.publish(
            registered(quang_ngai).model_copy(
                update={"locality": Locality(province_code="51", commune_code="21307")}
            )
        )
        await known(api, son_la, registered=True)
        await known(api, quang_ngai, registered=True)
        as_a, as_b = _provider_headers(provider_a), _provider_headers(provider_b)

        # a provider enrols only workers already its own: not anyone in the country
        path_a = f"/courses/{course_a['course_id']}/enrolments"
        anyone = await api.post(path_a, json={"worker_id": quang_ngai}, headers=as_a)
        nobody = await api.post(path_a, json={"worker_id": "w-no-such"}, headers=as_a)
        assert anyone.status_code == nobody.status_code == 404, anyone.text
        assert error_text(anyone.json()).replace(quang_ngai, "?") == error_text(
            nobody.json()
        ).replace("w-no-such", "?")
        assert (await api.get(f"/workers/{quang_ngai}/training", headers=as_a)).status_code == 404
        # the province's centre enrols its own province's workers only
        centre = auth_headers(Role.CENTRE_STAFF, "centre-quang-ngai", province_code="51")
        other = await api.post(path_a, json={"worker_id": son_la}, headers=centre)
        assert other.status_code == 404, other.text
        own = await api.post(path_a, json={"worker_id": quang_ngai}, headers=centre)
        assert own.status_code == 201, own.text

        # the Sơn La worker studies with both providers
        on_a = (await enrol(api, course_a["course_id"], son_la)).json()["enrolment_id"]
        on_b = (await enrol(api, course_b["course_id"], son_la)).json()["enrolment_id"]
        base_b = f"/workers/{son_la}/enrolments/{on_b}"
        today = TODAY.isoformat()
        final_b = {
            "kind": "final",
            "enrolment_id": on_b,
            "assessor": "A",
            "score": 90,
            "assessed_on": today,
        }
        # provider A reaches the worker through its own course, never through B's enrolment
        attendance = await api.put(f"{base_b}/attendance/s0", json={"present": True}, headers=as_a)
        assert attendance.status_code == 404, attendance.text
        assessed = await api.post(f"/workers/{son_la}/assessments", json=final_b, headers=as_a)
        assert assessed.status_code == 404, assessed.text
        certificate = {"number": "JP-N4-9001", "issued_on": today}
        certified = await api.post(f"{base_b}/certificate", json=certificate, headers=as_a)
        assert certified.status_code == 404, certified.text
        dropped = await api.post(f"{base_b}/drop-out", json={"reason": "health"}, headers=as_a)
        assert dropped.status_code == 404, dropped.text
        mine = f"/workers/{son_la}/enrolments/{on_a}/attendance/s0"
        assert (await api.put(mine, json={"present": True}, headers=as_a)).status_code == 200
        theirs = await api.put(f"{base_b}/attendance/s0", json={"present": True}, headers=as_b)
        assert theirs.status_code == 200, theirs.text

        # a course's seat holders, as each caller's scope holds them
        holders_path = f"/courses/{course_a['course_id']}/enrolments"
        son_la_officer = auth_headers(
            Role.COMMUNE_OFFICER, province_code="14", commune_code="04036"
        )
        son_linh_holders = await api.get(holders_path, headers=SON_LINH_OFFICER)
        son_la_holders = await api.get(holders_path, headers=son_la_officer)
        assert [h["worker_id"] for h in son_linh_holders.json()["items"]] == [quang_ngai]
        assert [h["worker_id"] for h in son_la_holders.json()["items"]] == [son_la]
        everyone = await api.get(holders_path, headers=as_a)
        assert {h["worker_id"] for h in everyone.json()["items"]} == {quang_ngai, son_la}
        # and a provider's catalogue lists itself only
        listed = await api.get("/providers", headers=as_a)
        assert [p["provider_id"] for p in listed.json()["items"]] == [provider_a]


async def test_deployment_lists_and_shortlists_only_the_callers_workers(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = _app("deployment", unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api, Upstream(kafka_bootstrap, unique) as upstream:
        son_la = await upstream.trained_worker()  # 14/04036
        quang_ngai = f"w-{unique[-8:]}-qd"
        moved = deployment_registered(quang_ngai).model_copy(
            update={"locality": Locality(province_code="51", commune_code="21307")}
        )
        await upstream.publish(Topic.INTAKE, "intake", moved)
        readiness = trained_for_deployment(quang_ngai, at=datetime.now(UTC) - timedelta(days=10))
        await upstream.publish(Topic.TRAINING, "training", readiness)
        await known_worker(api, son_la)
        await known_worker(api, quang_ngai)
        firm = await enterprise(api)
        order, second_order = await posted_order(api, firm), await posted_order(api, firm)
        await shortlisted(api, order, son_la)
        await shortlisted(api, order, quang_ngai)

        listed = await api.get(f"/job-orders/{order}/placements", headers=QUANG_NGAI_CENTRE)
        assert listed.status_code == 200, listed.text
        assert [p["worker_id"] for p in listed.json()["items"]] == [quang_ngai]  # not nationwide
        as_firm = auth_headers(Role.ENTERPRISE, enterprise_id=firm)
        theirs = await api.get(f"/job-orders/{order}/placements", headers=as_firm)
        assert {p["worker_id"] for p in theirs.json()["items"]} == {son_la, quang_ngai}

        path = f"/job-orders/{second_order}/placements"
        outsider = await api.post(path, json={"worker_id": son_la}, headers=QUANG_NGAI_CENTRE)
        nobody = await api.post(path, json={"worker_id": "w-no-such"}, headers=QUANG_NGAI_CENTRE)
        # the same answer whether the worker exists elsewhere or not at all
        assert outsider.status_code == nobody.status_code == 404, outsider.text
        assert error_text(outsider.json()).replace(son_la, "?") == error_text(
            nobody.json()
        ).replace("w-no-such", "?")
        own = await api.post(path, json={"worker_id": quang_ngai}, headers=QUANG_NGAI_CENTRE)
        assert own.status_code == 201, own.text


async def test_escalation_by_a_provinces_officer_touches_that_province_only(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, app):
        async with AftercarePublisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-son-la", now - 100 * DAY, (now + 900 * DAY).date())
            departed = now - 100 * DAY
            registered_at = departed - 200 * DAY
            moved = registration("w-quang-ngai", registered_at).model_copy(
                update={"locality": Locality(province_code="51", commune_code="21307")}
            )
            await publisher.publish(Topic.INTAKE, moved, registered_at)
            await publisher.publish(
                Topic.TRAINING, training("w-quang-ngai", departed - 20 * DAY), departed - 20 * DAY
            )
            end = (now + 900 * DAY).date()
            await publisher.publish(
                Topic.DEPLOYMENT, departure("w-quang-ngai", departed, end, "placement-2"), departed
            )
        tickets = {}
        for worker in ("w-son-la", "w-quang-ngai"):
            await case_when(api, worker, lambda c: c["summary"]["stage"] == "abroad")
            reported = await api.post(
                f"/workers/{worker}/incidents",
                json={
                    "category": "unpaid_wages",
                    "severity": "critical",
                    "description": "Three months of wages unpaid since the factory changed owners.",
                },
            )
            assert reported.status_code == 201, reported.text
            tickets[worker] = reported.json()["ticket"]

        async def both_listed() -> list[Any] | None:
            queue: list[Any] = (await api.get("/incidents/queue")).json()["items"]
            return queue if len(queue) == 2 else None

        await aftercare_eventually(both_listed)
        service_of(app).clock = lambda: now + 10 * DAY  # both missed their deadlines
        officer = auth_headers(Role.AFTERCARE_OFFICER, "aftercare-51", province_code="51")
        mine = await api.post("/incidents/escalations", headers=officer)
        assert mine.status_code == 200, mine.text
        assert {e["ticket"] for e in mine.json()} == {tickets["w-quang-ngai"]}
        rest = (await api.post("/incidents/escalations")).json()  # the national job's turn
        assert {e["ticket"] for e in rest} == {tickets["w-son-la"]}


async def test_a_taken_national_id_names_the_case_only_to_who_may_open_it(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(_app("intake", unique, kafka_bootstrap, mongodb_url)) as api:
        first = await api.post("/workers", json=person(5, locality=dict(HOAN_KIEM)))
        assert first.status_code == 201, first.text
        case_id = first.json()["worker_id"]
        number = person(5)["national_id"]
        again = person(5, locality=dict(SON_LINH), full_name="Phạm Thị Hoa")

        outsider = await api.post("/workers", json=again, headers=SON_LINH_OFFICER)
        assert outsider.status_code == 409, outsider.text
        assert "worker_id" not in outsider.json()
        assert case_id not in outsider.text
        assert number[3:] not in outsider.text
        assert outsider.json()["registered_in"]["province_code"] == "01"
        assert "Hà Nội" in outsider.json()["registered_in"]["province"]
        assert "contact" in error_text(outsider.json())

        hanoi = auth_headers(Role.CENTRE_STAFF, "centre-ha-noi", province_code="01")
        again_in_hanoi = person(5, locality=dict(HOAN_KIEM), full_name="Phạm Thị Hoa")
        insider = await api.post("/workers", json=again_in_hanoi, headers=hanoi)
        assert insider.status_code == 409, insider.text
        assert insider.json()["worker_id"] == case_id

        twin = person(5 + len(NAMES), date_of_birth=person(5)["date_of_birth"])  # same gender
        mine = await api.post("/workers", json=twin, headers=SON_LINH_OFFICER)
        assert mine.status_code == 201, mine.text
        change = {"national_id": number, "reason": "typo"}
        renumbered = await api.patch(
            f"/workers/{mine.json()['worker_id']}", json=change, headers=SON_LINH_OFFICER
        )
        assert renumbered.status_code == 409, renumbered.text
        assert "worker_id" not in renumbered.json()
        assert case_id not in renumbered.text
