"""One worker's whole journey through the four services, as processes on the real stack.

Lò Thị Huyền, a Thái woman from a poor household in Chiềng Lao (Sơn La; former Hua Trai
commune of Mường La district), registers, is consulted, borrows from the Social Policy Bank,
learns Japanese, is placed with an electronics employer in Aichi, leaves, is followed while
abroad (a check-in, a remittance, an injury), has her contract extended, comes home early,
is helped to start a business, and her case closes. Every step goes through a service's public
HTTP API; every other service's view is read back through its own API once the events land.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import httpx

from tests.intake.samples import cccd
from tests.journey.stack import Stack, eventually, running_stack
from tests.support.pages import unpaged

VIETNAM = timezone(timedelta(hours=7))
OFFICER = "cb-sonla-chienglao-01"
CENTRE = "ttdvvl-sonla-02"
CHIENG_LAO = {
    "province_code": "14",
    "commune_code": "03814",
    "former_province_code": "14",
    "former_district_code": "120",
    "former_commune_code": "03817",
}
Json = dict[str, Any]
KEY = "journey-lo-thi-huyen"
"""Prefix of this journey's Idempotency-Keys (the test has its own databases)."""


def ok(response: httpx.Response, status: int = 200) -> Any:
    """Returns the JSON body (a list page's items) after checking the status (the body is in
    the failure message)."""
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    return unpaged(response.json())


async def post(
    api: httpx.AsyncClient, path: str, body: Json, *, key: str | None = None, status: int = 200
) -> Any:
    """POSTs a body (with an Idempotency-Key if given) and returns the answer's JSON."""
    headers = {"Idempotency-Key": key} if key else {}
    return ok(await api.post(path, json=body, headers=headers), status)


async def seen(api: httpx.AsyncClient, path: str, holds: Callable[[Any], bool], what: str) -> Any:
    """Polls a GET until its body satisfies ``holds``: views follow the events a moment later."""

    async def check() -> Any:
        response = await api.get(path)
        if response.status_code != 200:
            return None
        body = unpaged(response.json())
        return (body,) if holds(body) else None  # a tuple: an empty list is an answer too

    (body,) = await eventually(check, what)
    return body


def case_stage(stage: str) -> Callable[[Any], bool]:
    return lambda case: case["summary"]["stage"] == stage


async def test_one_worker_from_registration_to_closed_case(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with running_stack(unique, kafka_bootstrap, mongodb_url) as stack:
        worker = await _register(stack)
        await _consult_and_lend(stack, worker)
        await _train(stack, worker)
        placement = await _place_and_send(stack, worker)
        await _follow_abroad(stack, worker, placement)
        await _extend_contract(stack, worker, placement)
        await _return_and_reintegrate(stack, worker)
        await _whole_timeline(stack, worker)


# -- intake ----------------------------------------------------------------------------------


async def _register(stack: Stack) -> str:
    born = date(1999, 4, 12)
    national_id = cccd(born, "female", province="014", serial=305417)
    body = {
        "full_name": "Lò Thị Huyền",
        "date_of_birth": born.isoformat(),
        "gender": "female",
        "national_id": national_id,
        "phone": "0912 305 417",
        "ethnicity": "Thái",
        "ethnic_minority": True,
        "household_status": "poor",
        "locality": CHIENG_LAO,
        "education": "upper_secondary",
        "desired_markets": ["JP"],
        "desired_sectors": ["electronics"],
        "family_contact": {"name": "Lò Văn Pắn", "relationship": "father", "phone": "0987 305 418"},
        "consent": {
            "recorded_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        },
    }
    registered = await post(stack.intake, "/workers", body, key=f"{KEY}-reg", status=201)
    worker: str = registered["worker_id"]
    again = await post(stack.intake, "/workers", body, key=f"{KEY}-reg", status=201)
    assert again["worker_id"] == worker, "a retried registration must not create a second case"
    assert registered["status"] == "registered"
    assert registered["national_id_masked"] == "*********" + national_id[-3:]
    assert national_id not in (await stack.intake.get(f"/workers/{worker}")).text

    found = ok(await stack.intake.get("/workers", params={"name": "lo thi huyen"}))
    assert [w["worker_id"] for w in found] == [worker]

    trainee = await seen(
        stack.training, f"/workers/{worker}/training", lambda t: t["registered"], "training knows"
    )
    assert trainee["training_cost_support"]
    assert trainee["commune_code"] == "03814"
    candidate = await seen(
        stack.deployment, f"/workers/{worker}", lambda c: c["registered"], "deployment knows"
    )
    assert candidate["full_name"] == "Lò Thị Huyền"
    assert not candidate["abroad"]
    case = await seen(
        stack.aftercare, f"/workers/{worker}/case", case_stage("registered"), "aftercare knows"
    )
    assert case["summary"]["commune_code"] == "03814"
    return worker


async def _consult_and_lend(stack: Stack, worker: str) -> None:
    today = datetime.now(VIETNAM).date()
    consultation = {
        "held_on": (today - timedelta(days=90)).isoformat(),
        "channel": "commune_conference",
        "topics": ["markets", "costs", "preferential_loans", "safe_migration"],
        "markets_discussed": ["JP", "TW"],
        "outcome": "wants_to_go",
    }
    await post(
        stack.intake,
        f"/workers/{worker}/consultations",
        consultation,
        key=f"{KEY}-consult",
        status=201,
    )
    history = ok(await stack.intake.get(f"/workers/{worker}/consultations"))
    assert [c["outcome"] for c in history] == ["wants_to_go"]

    eligibility = ok(await stack.intake.get(f"/workers/{worker}/eligibility"))
    assert eligibility["support"]["preferential_loan"], eligibility

    application = {
        "amount_vnd": 80_000_000,
        "purpose": "phí dịch vụ, vé máy bay và học tiếng Nhật",
        "cost_of_going_vnd": 95_000_000,
        "market": "JP",
    }
    loan = await post(
        stack.intake, f"/workers/{worker}/loans", application, key=f"{KEY}-loan", status=201
    )
    assert loan["status"] == "requested"
    base = f"/workers/{worker}/loans/{loan['loan_id']}"
    bank: dict[str, str] = {}
    assert (await post(stack.intake, f"{base}/approve", bank))["status"] == "approved"
    assert (await post(stack.intake, f"{base}/disburse", bank))["status"] == "disbursed"
    loan = ok(await stack.intake.get(base))
    assert [step["status"] for step in loan["history"]] == ["requested", "approved", "disbursed"]
    await seen(
        stack.aftercare,
        f"/workers/{worker}/timeline",
        lambda items: "loan.disbursed" in {i["type"] for i in items},
        "aftercare hears of the loan",
    )


# -- training --------------------------------------------------------------------------------


async def _train(stack: Stack, worker: str) -> None:
    api = stack.training
    provider = await post(
        api,
        "/providers",
        {
            "name": "Trung tâm Dịch vụ việc làm tỉnh Sơn La",
            "province_code": "14",
            "kinds": ["language", "orientation"],
            "licence_number": "45/GCN-SLĐTBXH",
        },
        key=f"{KEY}-provider",
        status=201,
    )
    today = datetime.now(UTC).date()  # training counts days in UTC
    sessions = [
        {"session_id": f"s{n}", "on": (today - timedelta(days=7 * (3 - n))).isoformat()}
        for n in range(4)
    ]
    common = {
        "provider_id": provider["provider_id"],
        "market": "JP",
        "sessions": sessions,
        "capacity": 25,
        "pass_mark": 60,
        "min_attendance_percent": 75,
    }
    japanese = await post(
        api,
        "/courses",
        {
            **common,
            "title": "Tiếng Nhật N4",
            "kind": "language",
            "language": "ja",
            "target_level": "JLPT-N4",
            "hours": 480,
            "cost_vnd": 12_000_000,
        },
        key=f"{KEY}-course-ja",
        status=201,
    )
    orientation = await post(
        api,
        "/courses",
        {**common, "title": "Giáo dục định hướng Nhật Bản", "kind": "orientation", "hours": 74,
         "cost_vnd": 1_500_000},
        key=f"{KEY}-course-or",
        status=201,
    )  # fmt: skip

    enrolments = {}
    for course in (japanese, orientation):
        enrolment = await post(
            api,
            f"/courses/{course['course_id']}/enrolments",
            {"worker_id": worker},
            key=f"{KEY}-enrol-{course['kind']}",
            status=201,
        )
        assert enrolment["support"] == {
            "eligible": True,
            "supported_vnd": course["cost_vnd"],
            "worker_pays_vnd": 0,
        }
        enrolments[course["kind"]] = enrolment["enrolment_id"]
        holders = ok(await api.get(f"/courses/{course['course_id']}/enrolments"))
        assert [h["worker_id"] for h in holders] == [worker]

    for course, number in ((japanese, "SL-JA-N4-2025-0117"), (orientation, "SL-OR-JP-2025-0117")):
        enrolment = enrolments[course["kind"]]
        base = f"/workers/{worker}/enrolments/{enrolment}"
        for session in sessions:
            marked = ok(
                await api.put(f"{base}/attendance/{session['session_id']}", json={"present": True})
            )
        assert marked["attended_percent"] == 100.0
        assessment = await post(
            api,
            f"/workers/{worker}/assessments",
            {
                "kind": "final",
                "enrolment_id": enrolment,
                "assessor": "Trung tâm Dịch vụ việc làm tỉnh Sơn La",
                "score": 82,
                "assessed_on": today.isoformat(),
            },
            key=f"{KEY}-final-{course['kind']}",
            status=201,
        )
        assert assessment["passed"]
        certificate = await post(
            api, f"{base}/certificate", {"number": number, "issued_on": today.isoformat()},
            status=201,
        )  # fmt: skip
        assert certificate["number"] == number

    readiness = ok(await api.get(f"/workers/{worker}/readiness"))
    japan = next(m for m in readiness["markets"] if m["market"] == "JP")
    assert japan["met"], japan
    assert japan["announced"], japan
    assert japan["language_level"] == "JLPT-N4"
    record = ok(await api.get(f"/workers/{worker}/training"))
    assert [a["market"] for a in record["announcements"]] == ["JP"]
    assert {e["status"] for e in record["enrolments"]} == {"passed"}

    candidate = await seen(
        stack.deployment,
        f"/workers/{worker}",
        lambda c: any(t["market"] == "JP" for t in c["training"]),
        "deployment hears worker.trained",
    )
    assert candidate["training"][0]["language_level"] == "JLPT-N4"
    await seen(
        stack.aftercare, f"/workers/{worker}/case", case_stage("trained"), "aftercare: trained"
    )


# -- deployment ------------------------------------------------------------------------------


async def _place_and_send(stack: Stack, worker: str) -> Json:
    api = stack.deployment
    today = datetime.now(VIETNAM).date()  # deployment counts days in Vietnam
    enterprise = await post(
        api,
        "/enterprises",
        {
            "name": "Công ty CP Cung ứng Nhân lực Quốc tế Tây Bắc",
            "kind": "labour_supply_enterprise",
            "licence": {
                "number": "214/LĐTBXH-GP",
                "issuing_authority": "Bộ Lao động - Thương binh và Xã hội",
                "valid_from": (today - timedelta(days=3 * 365)).isoformat(),
                "valid_until": (today + timedelta(days=2 * 365)).isoformat(),
            },
        },
        key=f"{KEY}-enterprise",
        status=201,
    )
    assert enterprise["may_post_orders"], enterprise
    assert enterprise["may_send_workers"], enterprise
    order = await post(
        api,
        "/job-orders",
        {
            "enterprise_id": enterprise["enterprise_id"],
            "country": "JP",
            "employer": "Aichi Denshi K.K.",
            "sector": "electronics",
            "positions": 4,
            "salary": {"amount": 185_000, "currency": "JPY", "vnd_equivalent": 31_500_000},
            "contract_term_months": 36,
            "requirements": {"gender": "female", "min_age": 18, "max_age": 35,
                             "language_level": "JLPT-N4"},
            "deadline": (today + timedelta(days=60)).isoformat(),
        },
        key=f"{KEY}-order",
        status=201,
    )  # fmt: skip
    order_id = order["job_order_id"]
    assert order["status"] == "open"
    assert order["positions_left"] == 4

    matches = ok(await api.get(f"/job-orders/{order_id}/matches"))["matches"]
    assert [m["worker_id"] for m in matches] == [worker], matches
    assert matches[0]["fits"], matches[0]

    placement = await post(
        api,
        f"/job-orders/{order_id}/placements",
        {"worker_id": worker},
        key=f"{KEY}-shortlist",
        status=201,
    )
    pid = placement["placement_id"]
    assert placement["state"] == "shortlisted"

    # The worker left about 23 months ago on a 24-month contract that ends next month.
    departed_on = today - timedelta(days=700)
    steps: list[tuple[str, Json, str]] = [
        ("selection", {}, "selected"),
        (
            "contract",
            {
                "signed_on": (departed_on - timedelta(days=60)).isoformat(),
                "contract_start": departed_on.isoformat(),
                "contract_end": (departed_on + timedelta(days=730)).isoformat(),
            },
            "contract_signed",
        ),
        ("visa-application", {"applied_on": (departed_on - timedelta(days=45)).isoformat()},
         "visa_applied"),
        ("visa-grant", {"granted_on": (departed_on - timedelta(days=10)).isoformat()},
         "visa_granted"),
        ("departure", {"departed_at": datetime.combine(departed_on, datetime.min.time(),
                                                       VIETNAM).replace(hour=23).isoformat()},
         "departed"),
    ]  # fmt: skip
    for step, body, state in steps:
        placement = await post(api, f"/placements/{pid}/{step}", body)
        assert placement["state"] == state, placement
        assert placement["blocked_reason"] is None
        if state == "selected":
            assert ok(await api.get(f"/job-orders/{order_id}"))["filled"] == 1
    assert [s["state"] for s in placement["history"]] == [
        "shortlisted", "selected", "contract_signed", "visa_applied", "visa_granted", "departed",
    ]  # fmt: skip
    assert [p["placement_id"] for p in ok(await api.get(f"/workers/{worker}/placements"))] == [pid]
    await seen(api, f"/workers/{worker}", lambda c: c["abroad"], "deployment: worker abroad")

    case = await seen(
        stack.aftercare, f"/workers/{worker}/case", case_stage("abroad"), "aftercare opens a case"
    )
    summary = case["summary"]
    assert summary["placement_id"] == pid
    assert summary["country"] == "JP"
    assert summary["employer"] == "Aichi Denshi K.K."
    assert summary["expected_return"] == placement["contract_end"]
    ending = ok(
        await stack.aftercare.get("/cases/contracts-ending", params={"commune_code": "03814"})
    )
    assert [e["worker_id"] for e in ending] == [worker], ending
    # Intake keeps the registration; nothing downstream changes intake's record.
    assert ok(await stack.intake.get(f"/workers/{worker}"))["status"] == "registered"
    return placement


# -- aftercare -------------------------------------------------------------------------------


async def _follow_abroad(stack: Stack, worker: str, placement: Json) -> None:
    api = stack.aftercare
    departed_at = datetime.fromisoformat(placement["departed_at"])
    check_in = await post(
        api,
        f"/workers/{worker}/check-ins",
        {
            "contact": "worker",
            "channel": "zalo",
            "wellbeing": "good",
            "contacted_at": (departed_at + timedelta(days=30)).isoformat(),
            "notes": "Đã quen việc, ở ký túc xá cùng 3 bạn người Việt.",
        },
        key=f"{KEY}-check-in",
        status=201,
    )
    assert check_in["placement_id"] == placement["placement_id"]
    assert len(ok(await api.get(f"/workers/{worker}/check-ins"))) == 1

    sent_on = (departed_at + timedelta(days=60)).date()
    await post(
        api,
        f"/workers/{worker}/remittances",
        {
            "amount": 120_000,
            "currency": "JPY",
            "amount_vnd": 20_400_000,
            "sent_on": sent_on.isoformat(),
        },
        key=f"{KEY}-remittance",
        status=201,
    )
    remittances = ok(await api.get(f"/workers/{worker}/remittances"))
    assert (remittances["count"], remittances["total_vnd"]) == (1, 20_400_000)

    incident = await post(
        api,
        f"/workers/{worker}/incidents",
        {
            "category": "injury_or_illness",
            "severity": "high",
            "description": "Bị thương ở tay khi vận hành máy dập; công ty chưa làm bảo hiểm.",
            "occurred_on": (datetime.now(VIETNAM).date() - timedelta(days=3)).isoformat(),
        },
        key=f"{KEY}-incident",
        status=201,
    )
    ticket = incident["ticket"]
    assert incident["status"] == "open"
    assert ticket.startswith("HW-")
    queue = await seen(
        api, "/incidents/queue", lambda q: [i["ticket"] for i in q] == [ticket], "incident queued"
    )
    assert queue[0]["commune_code"] == "03814"
    await post(
        api,
        f"/incidents/{ticket}/assignment",
        {"assignee": CENTRE},
    )
    await post(api, f"/incidents/{ticket}/status", {"status": "in_progress"})
    await post(
        api,
        f"/incidents/{ticket}/follow-ups",
        {"action": "Gọi doanh nghiệp phái cử yêu cầu làm hồ sơ bảo hiểm tai nạn lao động."},
        key=f"{KEY}-follow-up",
        status=201,
    )  # fmt: skip
    resolved = await post(
        api,
        f"/incidents/{ticket}/status",
        {"status": "resolved", "note": "Bảo hiểm đã chi trả viện phí."},
    )
    assert resolved["status"] == "resolved"
    assert resolved["assignee"] == CENTRE
    assert len(resolved["follow_ups"]) == 1
    assert ok(await api.get(f"/incidents/{incident['incident_id']}"))["ticket"] == ticket

    case = await seen(
        api,
        f"/workers/{worker}/case",
        lambda c: c["summary"]["open_incidents"] == 0 and c["summary"]["remittance_count"] == 1,
        "aftercare's case: the remittance counted, the incident resolved",
    )
    assert case["summary"]["latest_wellbeing"] == "good"
    await seen(api, "/incidents/queue", lambda q: q == [], "the resolved incident leaves the queue")


async def _extend_contract(stack: Stack, worker: str, placement: Json) -> None:
    new_end = (date.fromisoformat(placement["contract_end"]) + timedelta(days=365)).isoformat()
    extended = await post(
        stack.aftercare,
        f"/workers/{worker}/contract-extensions",
        {"new_end": new_end, "reason": "employer renewed"},
        status=201,
    )
    assert extended["previous_end"] == placement["contract_end"]
    case = ok(await stack.aftercare.get(f"/workers/{worker}/case"))
    assert case["summary"]["expected_return"] == new_end
    moved = await seen(
        stack.deployment,
        f"/placements/{placement['placement_id']}",
        lambda p: p["contract_end"] == new_end,
        "deployment's placement shows the extended contract end",
    )
    assert moved["state"] == "departed"


async def _return_and_reintegrate(stack: Stack, worker: str) -> None:
    api = stack.aftercare
    returned = await post(
        api,
        f"/workers/{worker}/return",
        {
            "returned_on": datetime.now(VIETNAM).date().isoformat(),
            "reason": "early_termination",
        },
    )
    assert returned["reason"] == "early_termination"
    await seen(api, f"/workers/{worker}/case", case_stage("returned"), "aftercare: returned")
    await seen(
        stack.deployment, f"/workers/{worker}", lambda c: not c["abroad"], "deployment: home"
    )
    planned = await post(
        api,
        f"/workers/{worker}/reintegration/assessment",
        {
            "skills_gained": ["lắp ráp linh kiện điện tử", "tiếng Nhật giao tiếp"],
            "language_level": "JLPT-N3",
            "savings_vnd": 310_000_000,
            "plans": ["business"],
        },
    )
    assert planned["plans"] == ["business"]
    await post(
        api,
        f"/workers/{worker}/reintegration/referrals",
        {"kind": "credit", "organisation": "Ngân hàng Chính sách xã hội, PGD Mường La"},
        key=f"{KEY}-referral",
        status=201,
    )  # fmt: skip
    await post(
        api,
        f"/workers/{worker}/reintegration/outcome",
        {"outcome": "business_started", "notes": "Mở xưởng sửa chữa điện tử tại xã."},
    )  # fmt: skip
    closed = await post(api, f"/workers/{worker}/closure", {"reason": "reintegrated"})
    assert closed["reason"] == "reintegrated"
    case = await seen(api, f"/workers/{worker}/case", case_stage("closed"), "aftercare: closed")
    journey = case["journeys"][-1]
    assert len(case["journeys"]) == 1
    assert journey["outcome"]["outcome"] == "business_started"
    assert [r["kind"] for r in journey["referrals"]] == ["credit"]


# -- the whole journey, as aftercare tells it ------------------------------------------------

JOURNEY = [
    ("intake", "worker.registered"),
    ("intake", "worker.consulted"),
    ("intake", "loan.requested"),
    ("intake", "loan.approved"),
    ("intake", "loan.disbursed"),
    ("training", "worker.enrolled"),
    ("training", "worker.enrolled"),
    ("training", "worker.assessed"),
    ("training", "worker.certified"),
    ("training", "worker.assessed"),
    ("training", "worker.certified"),
    ("training", "worker.trained"),
    ("deployment", "placement.shortlisted"),
    ("deployment", "placement.selected"),
    ("deployment", "placement.contract-signed"),
    ("deployment", "placement.visa-applied"),
    ("deployment", "placement.visa-granted"),
    ("deployment", "worker.departed"),
    ("aftercare", "worker.checked-in"),
    ("aftercare", "remittance.reported"),
    ("aftercare", "incident.reported"),
    ("aftercare", "incident.assigned"),
    ("aftercare", "incident.status-changed"),
    ("aftercare", "incident.follow-up-recorded"),
    ("aftercare", "incident.status-changed"),
    ("aftercare", "contract.extended"),
    ("deployment", "placement.contract-end-changed"),
    ("aftercare", "worker.returned"),
    ("aftercare", "reintegration.planned"),
    ("aftercare", "reintegration.referred"),
    ("aftercare", "reintegration.outcome-recorded"),
    ("aftercare", "case.closed"),
]


async def _whole_timeline(stack: Stack, worker: str) -> None:
    timeline = await seen(
        stack.aftercare,
        f"/workers/{worker}/timeline",
        lambda items: len(items) >= len(JOURNEY),
        "every event of the journey on aftercare's timeline",
    )
    assert [(i["source"], i["type"]) for i in timeline] == JOURNEY
    times = [datetime.fromisoformat(i["time"]) for i in timeline]
    assert times == sorted(times)
    assert {i["journey"] for i in timeline} == {1}
    summaries = "\n".join(i["summary"] for i in timeline)
    assert "Lò Thị Huyền" not in summaries
    assert "0912" not in summaries
    assert timeline[0]["summary"].startswith("Registered at intake (province 14, commune 03814")
    assert timeline[-1]["summary"] == "Case closed: reintegrated"
