"""An erasure reaches intake's side records, on the real broker and store: the stored import
files holding the worker's row, their name in duplicate reviews, the answers kept for retried
requests, and what their approvals asked. The raw documents are scanned afterwards for the
name, phone, national ID and family contact, as typed and as stored."""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from services.intake.domain.names import fold_name
from shared.auth import Role
from tests.intake.samples import SON_LINH, cccd
from tests.intake.support import eventually, intake_app, person
from tests.privacy.test_keyed_lookups import keyed_with_the_key_stores_key
from tests.support.auth import auth_headers
from tests.support.problems import error_text
from tests.support.services import in_process

PROVINCE, COMMUNE = SON_LINH["province_code"], SON_LINH["commune_code"]
MAKER = auth_headers(
    Role.COMMUNE_OFFICER, "cb-sonlinh-01", province_code=PROVINCE, commune_code=COMMUNE
)
MANAGER = auth_headers(Role.PROVINCIAL_MANAGER, "qlt-quangngai-01", province_code=PROVINCE)
SIDE_RECORDS = ("import_files", "import_rows", "import_jobs", "duplicate_reviews",
                "review_decisions", "idempotency_keys", "approvals")  # fmt: skip
HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "phone", "Dân tộc",
          "household_status", "province_code", "commune_code", "former_province_code",
          "former_district_code", "former_commune_code", "consent"]  # fmt: skip


def _file(*bodies: dict[str, Any], consent: str = "có") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for body in bodies:
        year, month, day = body["date_of_birth"].split("-")
        place = body["locality"]
        writer.writerow(
            [body["full_name"], f"{day}/{month}/{year}",
             "nữ" if body["gender"] == "female" else "nam", body["national_id"], body["phone"],
             "Kinh", "hộ nghèo", place["province_code"], place["commune_code"],
             place["former_province_code"], place["former_district_code"],
             place["former_commune_code"], consent]
        )  # fmt: skip
    return out.getvalue().encode("utf-8-sig")


def _personal(body: dict[str, Any], *more: str) -> list[str]:
    """Her personal values, as typed and as the services store them."""
    contact = body["family_contact"]
    values = [body["full_name"], fold_name(body["full_name"]), body["national_id"],
              contact["name"], *more]  # fmt: skip
    for phone in (body["phone"], contact["phone"]):
        digits = phone.replace(" ", "")
        values += [phone, digits, "+84" + digits[1:]]
    return values


async def _raw(client: AsyncMongoClient[dict[str, Any]], unique: str) -> dict[str, str]:
    """Every document of intake's side records, as stored (files decoded), by collection."""
    database = client[f"{unique}_intake"]
    found = {}
    for name in SIDE_RECORDS:
        documents = await database[name].find().to_list()
        text = str(documents)
        for document in documents:
            if isinstance(document.get("content"), bytes):
                text += document["content"].decode("utf-8", errors="replace")
        found[name] = text
    return found


def _holding(raw: dict[str, str], values: list[str]) -> dict[str, list[str]]:
    return {name: [v for v in values if v in text] for name, text in raw.items() if any(
        v in text for v in values)}  # fmt: skip


async def _imported(api: httpx.AsyncClient, content: bytes) -> dict[str, Any]:
    submitted = await api.post("/imports", files={"file": ("xa-son-linh.csv", content, "text/csv")})
    assert submitted.status_code == 202, submitted.text

    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await api.get(f"/imports/{submitted.json()['job_id']}")).json()
        return job if job["status"] in ("completed", "failed") else None

    job = await eventually(done, timeout_s=60)
    assert job is not None
    assert job["status"] == "completed", job
    return job


async def test_an_erasure_leaves_her_data_in_no_side_record(
    kafka_bootstrap: str,
    mongodb_url: str,
    unique: str,
    store_client: AsyncMongoClient[dict[str, Any]],
) -> None:
    her = person(2)
    new_id = cccd(her["date_of_birth"], her["gender"], serial=999042)
    reason = f"{her['full_name']} và người kia khác cha mẹ, đã xem sổ hộ khẩu"
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        registered = await api.post("/workers", json=her, headers={"Idempotency-Key": "reg-her-1"})
        assert registered.status_code == 201, registered.text
        worker = registered.json()["worker_id"]
        # a commune's file holding her row again (refused as her duplicate) and someone else's
        job = await _imported(api, _file(her, person(3)))
        assert (job["duplicate"], job["created"]) == (1, 1)
        # another file whose only row of hers was rejected (so it registered nobody)
        rejected = await _imported(api, _file(her, person(4), consent="không"))
        assert rejected["rejected"] == 2, rejected
        rows = store_client[f"{unique}_intake"]["import_rows"]
        [kept_hash] = await rows.distinct("national_key", {"job_id": rejected["job_id"],
                                                          "row": 2})  # fmt: skip
        assert kept_hash != hashlib.sha256(her["national_id"].encode()).hexdigest()
        assert her["national_id"] not in kept_hash
        # someone alike, a review decided with a reason naming her
        twin = {**person(2), "national_id": cccd(her["date_of_birth"], her["gender"], serial=1)}
        assert (await api.post("/workers", json=twin)).status_code == 201
        [review] = (await api.get("/duplicates")).json()["items"]
        await keyed_with_the_key_stores_key(store_client, unique, review["review_id"])
        decided = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={"decision": "different_people", "reason": reason},
        )
        assert decided.status_code == 200, decided.text
        # a correction of her national ID waiting for a second person
        asked = await api.patch(f"/workers/{worker}", json={"national_id": new_id}, headers=MAKER)
        assert asked.status_code == 202, asked.text

        values = _personal(her, new_id)
        before = _holding(await _raw(store_client, unique), values)
        assert set(before) >= {"import_files", "duplicate_reviews", "idempotency_keys",
                               "approvals"}, before  # fmt: skip

        # an import of the file still running: deleting the file would stop its other rows
        jobs = store_client[f"{unique}_intake"]["import_jobs"]
        digest = hashlib.sha256(_file(her, person(3))).hexdigest()
        await jobs.insert_one({"_id": "running-again", "sha256": digest, "status": "running"})
        refused = await api.post(
            f"/workers/{worker}/erasure", json={"grounds": "worker_request"}, headers=MANAGER
        )
        assert refused.status_code == 409, refused.text
        assert "import" in error_text(refused.json())
        assert (await api.get(f"/workers/{worker}")).json()["full_name"] == her["full_name"]
        await jobs.update_one({"_id": "running-again"}, {"$set": {"status": "completed"}})

        erased = await api.post(
            f"/workers/{worker}/erasure", json={"grounds": "worker_request"}, headers=MANAGER
        )
        assert erased.status_code == 200, erased.text
        after = await _raw(store_client, unique)
        assert _holding(after, values) == {}
        assert "import_rows" in after
        assert worker in after["import_rows"]  # the row's outcome stays, by id
        assert kept_hash not in after["import_rows"]  # nothing ties a row to her any more
        assert await rows.count_documents({"national_key": {"$exists": True}}) == 2
        assert "stale" in after["approvals"]  # the waiting correction can no longer apply

        # the registration retried with its key after the erasure restores nothing
        again = await api.post("/workers", json=her, headers={"Idempotency-Key": "reg-her-1"})
        assert again.status_code in (200, 201, 409), again.text
        assert her["phone"] not in again.text
        assert _holding(await _raw(store_client, unique), values) == {}
        shown = (await api.get(f"/workers/{worker}")).json()
        assert shown["full_name"] == ""
