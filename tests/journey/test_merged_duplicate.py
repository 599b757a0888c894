"""A duplicate record trained and placed, then merged into the survivor through the approval
queue: every service moves the duplicate's records onto the survivor (issue 23, part 6), as
processes on the real broker and store.

Lò Thị Xuân is registered twice in Chiềng Lao, the second time with her national ID mistyped.
The second record is trained for Japan (two certificates) and sent to Japan. A centre officer
asks to merge the two; another approves. Through each service's API nothing stays on the dead
record, the survivor holds it all, and the figures count her once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from shared.auth import Role
from tests.intake.samples import cccd
from tests.journey.stack import Stack, eventually, running_stack
from tests.journey.test_journey import CHIENG_LAO, ok, post, seen
from tests.journey.test_whole_life import VIETNAM, _place_and_send, _train
from tests.support.auth import auth_headers
from tests.support.services import in_process, service_app, settings_env

Json = dict[str, Any]
PROVINCE = CHIENG_LAO["province_code"]
MAKER = auth_headers(Role.CENTRE_STAFF, "ttdvvl-sonla-01", province_code=PROVINCE)
CHECKER = auth_headers(Role.CENTRE_STAFF, "ttdvvl-sonla-02", province_code=PROVINCE)


async def test_a_merge_moves_the_duplicates_training_placement_and_case_everywhere(
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
        survivor, duplicate = await _registered_twice(stack)
        await _train(stack, duplicate, "JP", 1)
        placement = await _place_and_send(stack, duplicate, "JP", today - timedelta(days=3))
        await _merged_through_the_queue(stack, survivor, duplicate)

        await _training_moved(stack, survivor, duplicate)
        await _placement_moved(stack, survivor, duplicate, placement)
        await _case_moved(stack, survivor, duplicate, placement)
        await _counted_once(reports, survivor, placement, today)


async def _registered_twice(stack: Stack) -> tuple[str, str]:
    born = date(1999, 2, 14)
    body = {
        "full_name": "Lò Thị Xuân",
        "date_of_birth": born.isoformat(),
        "gender": "female",
        "national_id": cccd(born, "female", province="014", serial=520331),
        "ethnicity": "Thái",
        "ethnic_minority": True,
        "household_status": "poor",
        "locality": CHIENG_LAO,
        "desired_markets": ["JP"],
        "desired_sectors": ["electronics"],
        "consent": {"recorded_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()},
    }
    first = await post(stack.intake, "/workers", body, status=201)
    mistyped = {**body, "national_id": cccd(born, "female", province="014", serial=520313)}
    second = await post(stack.intake, "/workers", mistyped, status=201)
    assert second["likely_duplicates"] == [first["worker_id"]]
    return first["worker_id"], second["worker_id"]


async def _merged_through_the_queue(stack: Stack, survivor: str, duplicate: str) -> None:
    [review] = [
        r
        for r in ok(await stack.intake.get("/duplicates"))
        if sorted(r["worker_ids"]) == sorted([survivor, duplicate])
    ]
    asked = await stack.intake.post(
        f"/duplicates/{review['review_id']}/decision",
        json={
            "decision": "same_person",
            "reason": "one card, its number mistyped at the second registration",
            "survivor_id": survivor,
        },
        headers=MAKER,
    )
    approval = ok(asked, 202)
    assert approval["actions"] == ["workers.merge"]
    approve = f"/approvals/{approval['approval_id']}/approve"
    assert (await stack.intake.post(approve, json={}, headers=MAKER)).status_code == 403
    ok(await stack.intake.post(approve, json={}, headers=CHECKER))
    dead = ok(await stack.intake.get(f"/workers/{duplicate}"))
    assert (dead["status"], dead["merged_into"]) == ("merged", survivor)


async def _training_moved(stack: Stack, survivor: str, duplicate: str) -> None:
    held = await seen(
        stack.training,
        f"/workers/{survivor}/training",
        lambda t: (
            len(t["enrolments"]) == 2 and any(a["market"] == "JP" for a in t["announcements"])
        ),
        "training moves both enrolments and announces the survivor for Japan",
    )
    assert sorted(e["certificate"]["number"] for e in held["enrolments"]) == [
        "SL-JP-1-0",
        "SL-JP-1-1",
    ]
    assert len(held["assessments"]) == 2
    dead = ok(await stack.training.get(f"/workers/{duplicate}/training"))
    assert (dead["merged_into"], dead["enrolments"], dead["assessments"]) == (survivor, [], [])
    assert all(a["revoked_at"] is not None for a in dead["announcements"])
    for enrolment in held["enrolments"]:
        assert enrolment["worker_id"] == survivor
        course = enrolment["course_id"]
        holders = ok(await stack.training.get(f"/courses/{course}/enrolments"))
        assert [h["worker_id"] for h in holders] == [survivor]


async def _placement_moved(stack: Stack, survivor: str, duplicate: str, placement: str) -> None:
    api = stack.deployment
    candidate = await seen(
        api, f"/workers/{survivor}", lambda c: c["abroad"], "deployment: the survivor is abroad"
    )
    assert any(t["market"] == "JP" for t in candidate["training"])
    dead = ok(await api.get(f"/workers/{duplicate}"))
    assert not dead["abroad"]
    assert [p["placement_id"] for p in ok(await api.get(f"/workers/{survivor}/placements"))] == [
        placement
    ]
    assert ok(await api.get(f"/workers/{duplicate}/placements")) == []
    assert ok(await api.get(f"/placements/{placement}"))["worker_id"] == survivor
    # The placement's next change is written under the survivor, and so is its event.
    today = datetime.now(VIETNAM).date()
    changed = await post(
        api,
        f"/placements/{placement}/employer-change",
        {
            "employer": "Gifu Seimitsu K.K.",
            "sector": "mechanics",
            "salary": {"amount": 200000, "currency": "JPY", "vnd_equivalent": 34_000_000},
            "changed_on": today.isoformat(),
            "contract_end": (today + timedelta(days=700)).isoformat(),
            "reason": "the first employer's factory closed",
        },
    )
    assert (changed["worker_id"], changed["employer"]) == (survivor, "Gifu Seimitsu K.K.")


async def _case_moved(stack: Stack, survivor: str, duplicate: str, placement: str) -> None:
    case = await seen(
        stack.aftercare,
        f"/workers/{survivor}/case",
        lambda c: c["summary"]["placement_id"] == placement and c["summary"]["stage"] == "abroad",
        "aftercare: the survivor's case is abroad",
    )
    assert case["worker_id"] == survivor
    timeline = await seen(
        stack.aftercare,
        f"/workers/{survivor}/timeline",
        lambda items: "worker.employer-changed" in [i["type"] for i in items],
        "aftercare: the employer change after the merge is on the survivor's timeline",
    )
    types = [i["type"] for i in timeline]
    assert {"worker.certified", "worker.departed", "worker.trained"} <= set(types)
    dead = ok(await stack.aftercare.get(f"/workers/{duplicate}/case"))
    assert dead["summary"]["merged_into"] == survivor
    assert dead["summary"]["placement_id"] is None
    left = ok(await stack.aftercare.get(f"/workers/{duplicate}/timeline"))
    assert {i["source"] for i in left} == {"intake"}, left


async def _counted_once(
    reports: httpx.AsyncClient, survivor: str, placement: str, today: date
) -> None:
    params = {"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()}

    async def counted() -> Any:
        response = await reports.get(f"/provinces/{PROVINCE}/figures", params=params)
        if response.status_code != 200:
            return None
        figures = {f["id"]: f for f in response.json()["figures"]}
        merged = figures.get("registrations", {}).get("value") == 1
        return figures if merged and figures.get("departures", {}).get("value") == 1 else None

    figures = await eventually(counted, "reporting counts the person once", 60)
    assert figures["trained.market.JP"]["value"] == 1
    assert figures["employer_changes"]["value"] == 1
    evidence = ok(
        await reports.get(f"/provinces/{PROVINCE}/figures/departures/events", params=params)
    )
    assert [(e["worker_id"], e["details"]["placement_id"]) for e in evidence["events"]] == [
        (survivor, placement)
    ]
