"""Search and list: filters, accent-insensitive names, cursor pagination that stays stable."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from services.intake.domain.registration import VIETNAM_TIME
from tests.intake.samples import HOAN_KIEM, SIN_THAU
from tests.intake.support import intake_app, person
from tests.support.problems import error_locations
from tests.support.services import in_process


async def _ids(api, **params) -> list[str]:
    response = await api.get("/workers", params=params)
    assert response.status_code == 200, response.text
    return [w["full_name"] for w in response.json()["items"]]


async def test_filters_and_name_search(kafka_bootstrap, mongodb_url, unique, store_client) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        linh = (await api.post("/workers", json=person(0))).json()  # Đinh Thị Linh, Sơn Linh, poor
        await api.post(
            "/workers",
            json=person(1, household_status="near_poor", desired_markets=["KR"], ethnicity=None),
        )  # Phạm Ngọc Huy
        await api.post(
            "/workers",
            json=person(
                2,
                locality=HOAN_KIEM,
                ethnicity="Kinh",
                ethnic_minority=False,
                household_status="other",
                desired_markets=["DE", "JP"],
            ),
        )  # Nguyễn Ngọc Toàn
        sung = (
            await api.post("/workers", json=person(5, locality=SIN_THAU, ethnicity="Mông"))
        ).json()
        await api.post(f"/workers/{sung['worker_id']}/withdraw", json={"reason": "r"})

        assert await _ids(api, name="dinh thi linh") == ["Đinh Thị Linh"]
        assert await _ids(api, name="ĐINH") == ["Đinh Thị Linh"]
        assert await _ids(api, name="D") == ["Đinh Thị Linh"]
        assert await _ids(api, name="thi li") == ["Đinh Thị Linh"]
        assert await _ids(api, name="ngoc") == ["Nguyễn Ngọc Toàn", "Phạm Ngọc Huy"]
        assert await _ids(api, name="nguyễn ngoc") == ["Nguyễn Ngọc Toàn"]
        assert await _ids(api, name="dinh van") == []

        assert await _ids(api, province_code="51") == ["Phạm Ngọc Huy", "Đinh Thị Linh"]
        assert await _ids(api, province_code="1") == ["Nguyễn Ngọc Toàn"]
        assert await _ids(api, commune_code="70") == ["Nguyễn Ngọc Toàn"]
        assert await _ids(api, household_status="near_poor") == ["Phạm Ngọc Huy"]
        assert await _ids(api, market="JP") == ["Giàng A Sùng", "Nguyễn Ngọc Toàn", "Đinh Thị Linh"]
        assert await _ids(api, market="KR") == ["Phạm Ngọc Huy"]
        assert await _ids(api, status="withdrawn") == ["Giàng A Sùng"]
        assert "Giàng A Sùng" in await _ids(api)

        today = datetime.now(VIETNAM_TIME).date()
        assert (
            len(await _ids(api, registered_from=today.isoformat(), registered_to=today.isoformat()))
            == 4
        )
        assert await _ids(api, registered_from=(today + timedelta(days=1)).isoformat()) == []
        assert await _ids(api, registered_to=(today - timedelta(days=1)).isoformat()) == []

        summary = (await api.get("/workers", params={"name": "linh"})).json()["items"][0]
        assert summary["worker_id"] == linh["worker_id"]
        assert "phone" not in summary
        assert "national_id_masked" not in summary

        for bad in (
            {"province_code": "x1"},
            {"limit": 0},
            {"market": "XX"},
            {"cursor": "not-a-cursor"},
        ):
            response = await api.get("/workers", params=bad)
            assert response.status_code == 422, bad


async def test_cursor_pages_stay_stable_while_records_are_added(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        for n in range(5):
            assert (await api.post("/workers", json=person(n))).status_code == 201
        first = (await api.get("/workers", params={"limit": 2})).json()
        assert len(first["items"]) == 2
        seen = [w["worker_id"] for w in first["items"]]
        for n in range(5, 8):  # newer records arrive while the officer pages
            assert (await api.post("/workers", json=person(n))).status_code == 201
        cursor = first["next_cursor"]
        while cursor:
            page = (await api.get("/workers", params={"limit": 2, "cursor": cursor})).json()
            seen += [w["worker_id"] for w in page["items"]]
            cursor = page["next_cursor"]
        assert len(seen) == len(set(seen)) == 5
        everything = (await api.get("/workers", params={"limit": 200})).json()
        assert everything["next_cursor"] is None
        all_ids = [w["worker_id"] for w in everything["items"]]
        assert len(all_ids) == 8
        assert all_ids[3:] == seen  # the five originals, oldest last, none skipped or repeated
        times = [datetime.fromisoformat(w["registered_at"]) for w in everything["items"]]
        assert times == sorted(times, reverse=True)


@pytest.mark.parametrize(
    "params", [{"registered_to": "9999-12-31"}, {"registered_from": "0001-01-01"}], ids=str
)
async def test_a_search_day_outside_the_calendar_is_a_422_naming_it(
    kafka_bootstrap, mongodb_url, unique, params
) -> None:
    """The day after 9999-12-31, and 0001-01-01 00:00 in Vietnam, have no stored instant."""
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        response = await api.get("/workers", params=params)
        assert response.status_code == 422, response.text
        assert error_locations(response.json())[0] == ("query", next(iter(params)))


async def test_a_consent_time_with_no_utc_instant_is_a_422(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        body = person(1, consent={"recorded_at": "0001-01-01T00:00:00+14:00"})
        response = await api.post("/workers", json=body)
        assert response.status_code == 422, response.text
        assert error_locations(response.json())[0] == ("body", "consent", "recorded_at")
