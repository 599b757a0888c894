"""Whole lives through the services, as processes on the real stack (issue 23, "Done when").

Vì Thị Duyên, from a near-poor household of Chiềng Lao (Sơn La), goes to Japan, comes home,
starts a second journey on the same case at intake, learns Korean, goes to Korea and comes home
again. Aftercare's timeline shows every step of both journeys, and reporting counts both
departures, one per journey.

Cầm Văn Toàn, registered and consulted in Chiềng Lao, moves with his family to another commune
of Sơn La: Chiềng Lao requests the transfer, the receiving commune accepts it, and the monthly
reports run before and after it agree with a count kept by the test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import httpx

from shared.auth import Role
from tests.intake.samples import cccd
from tests.journey.stack import Stack, eventually, running_stack
from tests.journey.test_journey import CHIENG_LAO, case_stage, ok, post, seen
from tests.support.auth import auth_headers
from tests.support.services import in_process, service_app, settings_env

VIETNAM = timezone(timedelta(hours=7))
Json = dict[str, Any]


async def test_a_worker_goes_to_japan_comes_home_and_goes_again_to_korea(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    reporting = service_app(
        "reporting", settings_env("reporting", unique, kafka_bootstrap, mongodb_url)
    )
    async with (
        running_stack(unique, kafka_bootstrap, mongodb_url) as stack,
        in_process(reporting) as reports,
    ):
        today = datetime.now(VIETNAM).date()
        worker, body = await _register(stack)
        await _train(stack, worker, "JP", 1)
        japan = await _place_and_send(stack, worker, "JP", today - timedelta(days=900))
        await _come_home(stack, worker, japan, today - timedelta(days=30))

        # Registering again is refused, and says where the next journey starts.
        again = await stack.intake.post("/workers", json=body)
        assert again.status_code == 409, again.text
        assert again.json()["new_journey"] == f"/workers/{worker}/journeys"
        second = await _start_second_journey(stack, worker)
        assert second["worker_id"] == worker
        assert second["national_id_masked"].endswith(body["national_id"][-3:])

        await _train(stack, worker, "KR", 2)
        korea = await _place_and_send(stack, worker, "KR", today)
        await _come_home(stack, worker, korea, today)

        await _both_journeys_on_the_timeline(stack, worker, japan, korea)
        await _both_departures_counted(reports, worker, japan, korea, today)


async def _register(stack: Stack) -> tuple[str, Json]:
    born = date(1998, 8, 21)
    body = {
        "full_name": "Vì Thị Duyên",
        "date_of_birth": born.isoformat(),
        "gender": "female",
        "national_id": cccd(born, "female", province="014", serial=411802),
        "ethnicity": "Thái",
        "ethnic_minority": True,
        "household_status": "near_poor",
        "locality": CHIENG_LAO,
        "desired_markets": ["JP"],
        "desired_sectors": ["electronics"],
        "consent": {"recorded_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()},
    }
    registered = await post(stack.intake, "/workers", body, status=201)
    assert registered["journey"] == 1
    return registered["worker_id"], body


async def _start_second_journey(stack: Stack, worker: str) -> Json:
    """Intake starts journey 2 once it has heard the return; every service follows."""

    async def start() -> Any:
        response = await stack.intake.post(
            f"/workers/{worker}/journeys", json={"desired_markets": ["KR"]}
        )
        return response.json() if response.status_code == 201 else None

    started = await eventually(start, "intake starts journey 2 once it hears the return")
    assert started["journey"] == 2
    refused = await stack.intake.post(f"/workers/{worker}/journeys", json={})
    assert refused.status_code == 409, refused.text
    assert refused.json()["journey"] == 2
    trainee = await seen(
        stack.training, f"/workers/{worker}/training", lambda t: t["journey"] == 2, "training"
    )
    assert trainee["active"]
    candidate = await seen(
        stack.deployment, f"/workers/{worker}", lambda c: c["journey"] == 2, "deployment"
    )
    assert candidate["desired_markets"] == ["KR"]
    await seen(
        stack.aftercare,
        f"/workers/{worker}/case",
        lambda c: c["summary"]["journeys"] == 2,
        "aftercare opens journey 2",
    )
    return started


LANGUAGES = {"JP": ("ja", "JLPT-N4"), "KR": ("ko", "EPS-TOPIK")}


async def _train(stack: Stack, worker: str, market: str, journey: int) -> None:
    api = stack.training
    provider = await post(
        api,
        "/providers",
        {
            "name": f"Trung tâm ngoại ngữ {market} Sơn La",
            "province_code": "14",
            "kinds": ["language", "orientation"],
            "licence_number": f"{market}-45/GCN",
        },
        status=201,
    )
    today = datetime.now(UTC).date()
    sessions = [
        {"session_id": f"s{n}", "on": (today - timedelta(days=7 * (3 - n))).isoformat()}
        for n in range(4)
    ]
    common = {
        "provider_id": provider["provider_id"],
        "market": market,
        "sessions": sessions,
        "capacity": 25,
        "pass_mark": 60,
        "min_attendance_percent": 75,
        "cost_vnd": 10_000_000,
    }
    language, level = LANGUAGES[market]
    courses = [
        await post(
            api,
            "/courses",
            {
                **common,
                "title": f"{language} {level}",
                "kind": "language",
                "language": language,
                "target_level": level,
                "hours": 480,
            },
            status=201,
        ),
        await post(
            api,
            "/courses",
            {**common, "title": f"orientation {market}", "kind": "orientation", "hours": 74},
            status=201,
        ),
    ]
    for n, course in enumerate(courses):
        enrolment = await post(
            api, f"/courses/{course['course_id']}/enrolments", {"worker_id": worker}, status=201
        )
        base = f"/workers/{worker}/enrolments/{enrolment['enrolment_id']}"
        for session in sessions:
            ok(await api.put(f"{base}/attendance/{session['session_id']}", json={"present": True}))
        await post(
            api,
            f"/workers/{worker}/assessments",
            {"kind": "final", "enrolment_id": enrolment["enrolment_id"], "assessor": "centre",
             "score": 80, "assessed_on": today.isoformat()},
            status=201,
        )  # fmt: skip
        number = f"SL-{market}-{journey}-{n}"
        await post(
            api, f"{base}/certificate", {"number": number, "issued_on": today.isoformat()},
            status=201,
        )  # fmt: skip
    record = ok(await api.get(f"/workers/{worker}/training"))
    mine = [(a["market"], a["journey"]) for a in record["announcements"] if a["revoked_at"] is None]
    assert (market, journey) in mine, record["announcements"]
    await seen(
        stack.deployment,
        f"/workers/{worker}",
        lambda c: any(t["market"] == market for t in c["training"]),
        f"deployment hears the worker is trained for {market}",
    )


ORDERS = {
    "JP": (
        "Aichi Denshi K.K.",
        {"amount": 185_000, "currency": "JPY", "vnd_equivalent": 31_500_000},
    ),
    "KR": (
        "Hanil Electronics",
        {"amount": 2_100_000, "currency": "KRW", "vnd_equivalent": 38_000_000},
    ),
}


async def _place_and_send(stack: Stack, worker: str, market: str, departed_on: date) -> str:
    api = stack.deployment
    today = datetime.now(VIETNAM).date()
    enterprise = await post(
        api,
        "/enterprises",
        {
            "name": f"Công ty Cung ứng Nhân lực {market}",
            "kind": "labour_supply_enterprise",
            "licence": {
                "number": f"{market}-214/LĐTBXH-GP",
                "issuing_authority": "Bộ Lao động - Thương binh và Xã hội",
                "valid_from": (today - timedelta(days=5 * 365)).isoformat(),
                "valid_until": (today + timedelta(days=2 * 365)).isoformat(),
            },
        },
        status=201,
    )
    employer, salary = ORDERS[market]
    order = await post(
        api,
        "/job-orders",
        {
            "enterprise_id": enterprise["enterprise_id"],
            "country": market,
            "employer": employer,
            "sector": "electronics",
            "positions": 2,
            "salary": salary,
            "contract_term_months": 24,
            "requirements": {"gender": "female", "min_age": 18, "max_age": 40},
            "deadline": (today + timedelta(days=60)).isoformat(),
        },
        status=201,
    )
    placement = await post(
        api, f"/job-orders/{order['job_order_id']}/placements", {"worker_id": worker}, status=201
    )
    pid: str = placement["placement_id"]
    left_at = datetime.combine(departed_on, datetime.min.time(), VIETNAM).replace(hour=6)
    steps: list[tuple[str, Json]] = [
        ("selection", {}),
        ("contract", {"signed_on": (departed_on - timedelta(days=60)).isoformat(),
                      "contract_start": departed_on.isoformat(),
                      "contract_end": (departed_on + timedelta(days=730)).isoformat()}),
        ("visa-application", {"applied_on": (departed_on - timedelta(days=45)).isoformat()}),
        ("visa-grant", {"granted_on": (departed_on - timedelta(days=10)).isoformat()}),
        ("departure", {"departed_at": left_at.isoformat()}),
    ]  # fmt: skip
    for step, body in steps:
        placement = await post(api, f"/placements/{pid}/{step}", body)
    assert placement["state"] == "departed", placement
    await seen(
        stack.aftercare,
        f"/workers/{worker}/case",
        lambda c: c["summary"]["placement_id"] == pid and c["summary"]["stage"] == "abroad",
        f"aftercare follows the worker in {market}",
    )
    return pid


async def _come_home(stack: Stack, worker: str, placement: str, on: date) -> None:
    returned = await post(
        stack.aftercare,
        f"/workers/{worker}/return",
        {"returned_on": on.isoformat(), "reason": "contract_completed"},
    )
    assert returned["placement_id"] == placement
    await seen(
        stack.aftercare, f"/workers/{worker}/case", case_stage("returned"), "aftercare: home"
    )
    await seen(
        stack.deployment, f"/workers/{worker}", lambda c: not c["abroad"], "deployment: home"
    )


def _steps(market_departure: str) -> list[str]:
    return [
        "worker.enrolled",
        "worker.assessed",
        "worker.certified",
        "worker.enrolled",
        "worker.assessed",
        "worker.certified",
        "worker.trained",
        "placement.shortlisted",
        "placement.selected",
        "placement.contract-signed",
        "placement.visa-applied",
        "placement.visa-granted",
        market_departure,
        "worker.returned",
    ]


async def _both_journeys_on_the_timeline(stack: Stack, worker: str, japan: str, korea: str) -> None:
    def both_home(items: list[Json]) -> bool:
        return [i["type"] for i in items].count("worker.returned") == 2

    timeline = await seen(
        stack.aftercare, f"/workers/{worker}/timeline", both_home, "both journeys on the timeline"
    )
    first = [i["type"] for i in timeline if i["journey"] == 1]
    second = [i["type"] for i in timeline if i["journey"] == 2]
    assert {i["journey"] for i in timeline} == {1, 2}
    assert first == ["worker.registered", *_steps("worker.departed")], first
    # journey 2 starts at intake; training may announce markets still valid (Japan) at once
    assert second[0] == "worker.journey-started", second
    assert [t for t in second[1:] if t != "worker.trained"] == [
        t for t in _steps("worker.departed") if t != "worker.trained"
    ], second
    assert "worker.trained" in second
    times = [datetime.fromisoformat(i["time"]) for i in timeline]
    assert times == sorted(times)
    summaries = [i["summary"] for i in timeline]
    assert "Journey 2 started at intake (province 14, commune 03814)" in summaries
    assert any(s.startswith("Departed for JP") for s in summaries)
    assert any(s.startswith("Departed for KR") for s in summaries)
    assert not any("Vì Thị Duyên" in s for s in summaries)

    case = ok(await stack.aftercare.get(f"/workers/{worker}/case"))
    journeys = [(j["number"], j["stage"], j["departure"]["placement_id"]) for j in case["journeys"]]
    assert journeys == [(1, "returned", japan), (2, "returned", korea)]
    placements = ok(await stack.deployment.get(f"/workers/{worker}/placements"))
    assert sorted((p["journey"], p["placement_id"]) for p in placements) == [
        (1, japan),
        (2, korea),
    ]


async def _both_departures_counted(
    reports: httpx.AsyncClient, worker: str, japan: str, korea: str, today: date
) -> None:
    params = {"from": (today - timedelta(days=1000)).isoformat(), "to": today.isoformat()}

    async def counted() -> Any:
        response = await reports.get("/provinces/14/figures", params=params)
        if response.status_code != 200:
            return None
        figures = {f["id"]: f for f in response.json()["figures"]}
        total = figures.get("departures")
        return figures if total is not None and total["value"] == 2 else None

    figures = await eventually(counted, "reporting counts both departures")
    assert figures["departures.journey.1"]["value"] == 1
    assert figures["departures.journey.2"]["value"] == 1
    assert figures["departures.market.JP"]["value"] == 1
    assert figures["departures.market.KR"]["value"] == 1
    assert figures["returns"]["value"] == 2
    for number, placement in ((1, japan), (2, korea)):
        evidence = ok(
            await reports.get(
                f"/provinces/14/figures/departures.journey.{number}/events", params=params
            )
        )
        assert [e["details"]["placement_id"] for e in evidence["events"]] == [placement]
        assert {e["worker_id"] for e in evidence["events"]} == {worker}


# -- the second life: a transfer between communes ---------------------------------------------

RECEIVING = {"province_code": CHIENG_LAO["province_code"], "commune_code": "03646"}
SENDER = auth_headers(
    Role.COMMUNE_OFFICER,
    "cb-chienglao",
    province_code=CHIENG_LAO["province_code"],
    commune_code="03814",
)
RECEIVER = auth_headers(
    Role.COMMUNE_OFFICER,
    "cb-receiving",
    province_code=CHIENG_LAO["province_code"],
    commune_code="03646",
)
COUNTED = ("registrations", "consultations")


async def test_a_worker_registered_in_one_commune_is_transferred_to_another(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    """Registered and consulted in Chiềng Lao, the worker's family moves: Chiềng Lao requests
    a transfer from tomorrow, the receiving commune accepts, and the case, its scope and every
    service's view move with it. The monthly reports run before and after the transfer agree
    with a count kept by this test: this month stays Chiềng Lao's."""
    reporting_app = service_app(
        "reporting", settings_env("reporting", unique, kafka_bootstrap, mongodb_url)
    )
    async with (
        running_stack(unique, kafka_bootstrap, mongodb_url) as stack,
        in_process(reporting_app) as reporting,
    ):
        today = datetime.now(VIETNAM).date()
        worker = await _register_and_consult(stack, today)
        expected = {  # the independent count: what this test did, and where
            CHIENG_LAO["commune_code"]: {"registrations": 1, "consultations": 1},
            RECEIVING["commune_code"]: {"registrations": 0, "consultations": 0},
        }
        months = sorted({f"{today:%Y-%m}", f"{today + timedelta(days=1):%Y-%m}"})

        async def reported_before() -> Json | None:
            found = await _monthly(reporting, months[0], CHIENG_LAO["commune_code"])
            counted = all(found[figure] == 1 for figure in COUNTED)
            return found if counted else None

        await eventually(reported_before, "reporting counts the registration and consultation", 60)
        before_transfer = datetime.now(UTC)
        before = {
            (month, commune): await _monthly(reporting, month, commune, before_transfer)
            for month in months
            for commune in expected
        }

        effective = today + timedelta(days=1)
        await _transfer(stack, worker, effective)
        await _every_service_moved(stack, worker)
        await _timeline_shows_the_move(stack, worker)

        async def reporting_knows_the_move() -> bool:
            response = await reporting.get("/facts/count")
            return bool(response.status_code == 200 and response.json()["facts"] >= 4)

        await eventually(reporting_knows_the_move, "reporting holds the transfer", 60)
        for month in months:
            for commune, counts in expected.items():
                now_counted = await _monthly(reporting, month, commune)
                then_counted = await _monthly(reporting, month, commune, before_transfer)
                independent = counts if month == f"{today:%Y-%m}" else dict.fromkeys(COUNTED, 0)
                assert now_counted == independent, (month, commune)
                assert before[(month, commune)] == independent, (month, commune)
                assert then_counted == independent, (month, commune)
            province = await _monthly(reporting, month, None)
            assert province == {
                name: sum(c[name] for c in expected.values()) if month == months[0] else 0
                for name in COUNTED
            }


async def _register_and_consult(stack: Stack, today: date) -> str:
    born = date(1997, 9, 3)
    body = {
        "full_name": "Cầm Văn Toàn",
        "date_of_birth": born.isoformat(),
        "gender": "male",
        "national_id": cccd(born, "male", province="014", serial=418820),
        "phone": "0912 418 820",
        "ethnicity": "Thái",
        "ethnic_minority": True,
        "household_status": "near_poor",
        "locality": CHIENG_LAO,
        "education": "lower_secondary",
        "desired_markets": ["KR"],
        "desired_sectors": ["mechanics"],
        "family_contact": {"name": "Cầm Thị Ơn", "relationship": "mother", "phone": "0987 418 821"},
        "consent": {"recorded_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()},
    }
    worker: str = (await post(stack.intake, "/workers", body, status=201))["worker_id"]
    consultation = {
        "held_on": today.isoformat(),
        "channel": "centre_visit",
        "topics": ["markets"],
        "markets_discussed": ["KR"],
        "outcome": "wants_to_go",
    }
    await post(stack.intake, f"/workers/{worker}/consultations", consultation, status=201)
    await seen(
        stack.aftercare,
        f"/workers/{worker}/case",
        lambda case: case["summary"]["commune_code"] == CHIENG_LAO["commune_code"],
        "aftercare knows the worker",
    )
    return worker


async def _transfer(stack: Stack, worker: str, effective: date) -> None:
    request = {
        "to_locality": RECEIVING,
        "effective_date": effective.isoformat(),
        "reason": "the family moved to the receiving commune",
    }
    path = f"/workers/{worker}/transfers"
    requested = ok(await stack.intake.post(path, json=request, headers=SENDER), 201)
    accept = f"{path}/{requested['transfer_id']}/accept"
    assert (await stack.intake.post(accept, json={}, headers=SENDER)).status_code == 404
    accepted = ok(await stack.intake.post(accept, json={}, headers=RECEIVER))
    assert accepted["status"] == "accepted"
    assert accepted["effective_date"] == effective.isoformat()
    record = ok(await stack.intake.get(f"/workers/{worker}", headers=RECEIVER))
    assert record["locality"]["commune_code"] == RECEIVING["commune_code"]
    assert (await stack.intake.get(f"/workers/{worker}", headers=SENDER)).status_code == 404


async def _every_service_moved(stack: Stack, worker: str) -> None:
    commune = RECEIVING["commune_code"]
    await seen(
        stack.aftercare,
        f"/workers/{worker}/case",
        lambda case: case["summary"]["commune_code"] == commune,
        "aftercare moved the case",
    )
    await seen(
        stack.training,
        f"/workers/{worker}/training",
        lambda trainee: trainee["commune_code"] == commune,
        "training moved the trainee",
    )


async def _timeline_shows_the_move(stack: Stack, worker: str) -> None:
    steps = [
        ("intake", "worker.registered"),
        ("intake", "worker.consulted"),
        ("intake", "worker.transfer-requested"),
        ("intake", "worker.transfer-accepted"),
        ("intake", "worker.corrected"),
    ]
    timeline = await seen(
        stack.aftercare,
        f"/workers/{worker}/timeline",
        lambda items: len(items) >= len(steps),
        "the move on aftercare's timeline",
    )
    assert [(i["source"], i["type"]) for i in timeline] == steps
    assert timeline[3]["summary"].startswith(
        f"Transfer accepted: commune {RECEIVING['commune_code']} holds the case from"
    )


async def _monthly(
    reporting: httpx.AsyncClient, month: str, commune: str | None, as_of: datetime | None = None
) -> Json:
    """The counted figures of a monthly report, province or one commune, as of a moment."""
    params: dict[str, str] = {}
    if commune is not None:
        params["commune"] = commune
    if as_of is not None:
        params["as_of"] = as_of.isoformat()
    report = ok(
        await reporting.get(
            f"/provinces/{CHIENG_LAO['province_code']}/reports/monthly/{month}", params=params
        )
    )
    values = {f["id"]: f["value"] for f in report["figures"]}
    return {name: values.get(name, 0) for name in COUNTED}
