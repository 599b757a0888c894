"""Registration over HTTP against the real broker and store: 201, 409 (races too), 422."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from services.intake.service.workers import TAKEN_HERE
from tests.intake.samples import SON_LINH, cccd
from tests.intake.support import NAMES, intake_app, person
from tests.support.auth import TEST_SUBJECT
from tests.support.problems import detail_and_members, field_errors
from tests.support.services import in_process


async def test_register_then_read(kafka_bootstrap, mongodb_url, unique, store_client) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        body = person(0)
        created = await api.post("/workers", json=body)
        assert created.status_code == 201, created.text
        view = created.json()
        assert view["full_name"] == "Đinh Thị Linh"
        assert view["status"] == "registered"
        assert view["revision"] == 1
        assert view["phone"] == "+84912000000"
        assert view["family_contact"]["phone"] == "+84987000000"
        assert view["national_id_masked"] == "*********" + body["national_id"][-3:]
        assert view["ethnicity"] == "Hrê"
        assert view["locality"] == SON_LINH
        assert view["consent"]["recorded_by"] == TEST_SUBJECT  # the token's, not the body's
        assert view["registered_by"] == TEST_SUBJECT
        assert body["national_id"] not in created.text

        fetched = await api.get(f"/workers/{view['worker_id']}")
        assert fetched.status_code == 200
        assert fetched.json() == view

        stored = await store_client[f"{unique}_intake"]["workers"].find_one(
            {"_id": view["worker_id"]}
        )
        assert stored["national_id"] == body["national_id"]
        assert stored["name_folded"] == "dinh thi linh"

        missing = await api.get("/workers/nobody")
        assert missing.status_code == 404


async def test_same_national_id_is_409_naming_the_existing_case(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        first = await api.post("/workers", json=person(1))
        assert first.status_code == 201
        again = person(1, full_name="Phạm Ngọc Hùng", phone="0362 123 456")
        second = await api.post("/workers", json=again)
        assert second.status_code == 409
        assert detail_and_members(second.json()) == {
            "detail": TAKEN_HERE,
            "new_journey": f"/workers/{first.json()['worker_id']}/journeys",
            "worker_id": first.json()["worker_id"],
        }
        assert again["national_id"] not in second.text
        assert await store_client[f"{unique}_intake"]["workers"].count_documents({}) == 1


async def test_racing_registrations_open_one_case(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        body = person(2)
        answers = await asyncio.gather(*(api.post("/workers", json=body) for _ in range(8)))
        codes = sorted(a.status_code for a in answers)
        assert codes == [201] + [409] * 7
        winner = next(a for a in answers if a.status_code == 201).json()["worker_id"]
        assert {a.json()["worker_id"] for a in answers if a.status_code == 409} == {winner}
        assert await store_client[f"{unique}_intake"]["workers"].count_documents({}) == 1


async def test_a_retried_request_gets_the_first_answer(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        headers = {"Idempotency-Key": "commune-officer-retry-0001"}
        body = person(3)
        first = await api.post("/workers", json=body, headers=headers)
        retry = await api.post("/workers", json=body, headers=headers)
        assert first.status_code == retry.status_code == 201
        assert retry.json()["worker_id"] == first.json()["worker_id"]


def _birth_in_future(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "date_of_birth": "2099-01-01", "national_id": cccd("2099-01-01", "female")}


BAD_INPUTS = [
    pytest.param(
        lambda b: {**b, "national_id": cccd("2001-04-12", "female")},
        ["body", "date_of_birth"],
        "contradicts the national ID",
        id="cccd-contradicts-birth-date",
    ),
    pytest.param(
        lambda b: {**b, "gender": "male"},
        ["body", "gender"],
        "contradicts the national ID",
        id="cccd-contradicts-gender",
    ),
    pytest.param(
        _birth_in_future, ["body", "date_of_birth"], "is in the future", id="future-birth"
    ),
    pytest.param(
        lambda b: {**b, "date_of_birth": "2010-05-05", "national_id": cccd("2010-05-05", "female")},
        ["body", "date_of_birth"],
        "18 or older",
        id="minor",
    ),
    pytest.param(
        lambda b: {**b, "locality": {**b["locality"], "commune_code": "99999"}},
        ["body", "locality", "commune_code"],
        "is not a commune or ward code",
        id="unknown-commune",
    ),
    pytest.param(
        lambda b: {**b, "locality": {**b["locality"], "province_code": "14"}},
        ["body", "locality", "commune_code"],
        "is not in the province",
        id="commune-outside-province",
    ),
    pytest.param(
        lambda b: {**b, "locality": {**b["locality"], "former_district_code": "999"}},
        ["body", "locality", "former_district_code"],
        "is not a district code",
        id="unknown-former-district",
    ),
    pytest.param(
        lambda b: {**b, "national_id": "123456789"},
        ["body", "national_id"],
        "CMND",
        id="old-identity-card",
    ),
    pytest.param(
        lambda b: {**b, "phone": "0201 234 567"},
        ["body", "phone"],
        "unknown network prefix",
        id="unknown-mobile-prefix",
    ),
    pytest.param(
        lambda b: {**b, "ethnicity": "Kinh"},
        ["body", "ethnic_minority"],
        "contradicts the ethnic group",
        id="minority-flag-contradicts-ethnicity",
    ),
    pytest.param(
        lambda b: {k: v for k, v in b.items() if k != "consent"},
        ["body", "consent"],
        "is required",
        id="no-consent",
    ),
]


@pytest.mark.parametrize(("mutate", "loc", "reason"), BAD_INPUTS)
async def test_bad_input_is_422_naming_the_field_and_writes_nothing(
    kafka_bootstrap, mongodb_url, unique, store_client, mutate, loc, reason
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        body = mutate(person(4))
        response = await api.post("/workers", json=body)
        assert response.status_code == 422, response.text
        details = field_errors(response.json())
        assert loc in [d["loc"] for d in details]
        assert any(reason in d["msg"] for d in details if d["loc"] == loc)
        assert body.get("national_id", "-") not in response.text
        assert "912 000004" not in response.text
        database = store_client[f"{unique}_intake"]
        assert await database["workers"].count_documents({}) == 0
        assert await database["duplicate_reviews"].count_documents({}) == 0


def _spelled(number: str, separator: str, group: int = 3) -> str:
    return separator.join(number[i : i + group] for i in range(0, len(number), group))


async def test_a_national_id_in_any_spelling_is_stored_as_12_digits_and_is_one_case(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        body = person(2)
        number = body["national_id"]
        spaced = _spelled(number, " ", 4)  # as the card prints it: 0511 9812 3456
        created = await api.post("/workers", json={**body, "national_id": spaced})
        assert created.status_code == 201, created.text
        worker_id = created.json()["worker_id"]
        stored = await store_client[f"{unique}_intake"]["workers"].find_one({"_id": worker_id})
        assert stored["national_id"] == number
        assert created.json()["national_id_masked"] == "*********" + number[-3:]

        wide = number.translate({ord(str(n)): chr(0xFF10 + n) for n in range(10)})
        for spelling in (_spelled(number, "."), _spelled(number, "-"), wide, number):
            again = {**body, "national_id": spelling, "full_name": "Phạm Thị Hoa"}
            second = await api.post("/workers", json=again)
            assert second.status_code == 409, (spelling, second.text)
            assert second.json()["worker_id"] == worker_id
            assert number[3:] not in second.text

        twin = person(2 + len(NAMES), date_of_birth=body["date_of_birth"])  # same gender
        other = await api.post("/workers", json=twin)
        assert other.status_code == 201, other.text
        corrected = await api.patch(
            f"/workers/{other.json()['worker_id']}",
            json={"national_id": _spelled(number, "."), "reason": "a typo"},
        )
        assert corrected.status_code == 409, corrected.text
        assert corrected.json()["worker_id"] == worker_id
        assert await store_client[f"{unique}_intake"]["workers"].count_documents({}) == 2
