"""The duplicate finder through the API: typing mistakes found, the queue by score, and what a
hostile or careless caller cannot do to it."""

from __future__ import annotations

from typing import Any

from services.intake.domain.duplicates import MAX_MEMBERS
from shared.auth.principal import Role
from tests.intake.samples import HOAN_KIEM, cccd
from tests.intake.support import intake_app, person
from tests.support.auth import auth_headers
from tests.support.problems import error_locations
from tests.support.services import in_process

QUANG_NGAI_CENTRE = auth_headers(Role.CENTRE_STAFF, "cb-centre-51", province_code="51")


def _twin(n: int, serial: int, **changes: Any) -> dict:
    """person(n) registered again with another national ID and the changes given."""
    body = person(n)
    return {
        **body,
        "national_id": cccd(body["date_of_birth"], body["gender"], serial=serial),
        **changes,
    }


def _swapped(born: str) -> str:
    return f"{born[:4]}-{born[8:10]}-{born[5:7]}"


async def test_typing_mistakes_are_flagged_and_the_likeliest_group_comes_first(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        linh = (await api.post("/workers", json=person(0))).json()["worker_id"]
        typo = {
            "full_name": "Dinh Thi Lihn",  # no accents, two letters swapped
            "date_of_birth": _swapped(person(0)["date_of_birth"]),
            "locality": {"province_code": "51", "commune_code": "21211"},
        }
        again = (await api.post("/workers", json=_twin(0, 610001, **typo))).json()
        assert again["likely_duplicates"] == [linh]
        huy = (await api.post("/workers", json=person(1))).json()["worker_id"]
        huy_again = (await api.post("/workers", json=_twin(1, 610002))).json()
        assert huy_again["likely_duplicates"] == [huy]

        queue = (await api.get("/duplicates", headers=QUANG_NGAI_CENTRE)).json()["items"]
        assert [r["worker_ids"] for r in queue] == [
            [huy, huy_again["worker_id"]],
            [linh, again["worker_id"]],
        ]
        assert [r["score"] for r in queue] == [100, 65]
        [match] = queue[1]["candidates"]
        assert (match["worker_id"], match["matched_with"]) == (linh, again["worker_id"])
        assert match["reasons"] == [
            "names 1 letter apart",
            "birth day and month swapped",
            "another commune of the same province",
        ]
        assert "duplicate_key" not in queue[0]
        assert all("linh" not in reason.lower() for reason in match["reasons"])


async def test_huge_names_and_control_characters_are_refused_before_the_finder(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        for name in ("Đinh " * 2_000, "Đinh\x00Thị\x07Linh", "Đinh\u202eThị Linh"):
            answer = await api.post("/workers", json={**person(2), "full_name": name})
            assert answer.status_code == 422, answer.text
            assert error_locations(answer.json())[0][-1] == "full_name"
        search = await api.get("/workers", params={"name": "a" * 10_000})
        assert search.status_code == 422
        assert error_locations(search.json())[0] == ("query", "name")
        control = await api.get("/workers", params={"name": "Đinh\x00\x07"})
        assert control.status_code in (200, 422), control.text
        assert (await api.get("/duplicates")).json()["items"] == []


async def test_a_merge_outside_the_area_into_itself_or_into_a_merged_record_is_refused(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        ids = [
            (await api.post("/workers", json=body)).json()["worker_id"]
            for body in (person(3), _twin(3, 620001), _twin(3, 620002))
        ]
        [review] = (await api.get("/duplicates")).json()["items"]
        assert review["worker_ids"] == ids
        url = f"/duplicates/{review['review_id']}/decision"

        itself = await api.post(
            url,
            json={"decision": "same_person", "reason": "r", "survivor_id": ids[0],
                  "merged_ids": [ids[0]]},
        )  # fmt: skip
        assert itself.status_code == 422, itself.text
        assert error_locations(itself.json())[0][-1] == "merged_ids"

        # The third moved to Hà Nội after it was flagged: Quảng Ngãi's centre cannot merge it.
        moved = await api.patch(f"/workers/{ids[2]}", json={"locality": HOAN_KIEM})
        assert moved.status_code == 200, moved.text
        outside = await api.post(
            url, json={"decision": "same_person", "reason": "r"}, headers=QUANG_NGAI_CENTRE
        )
        assert outside.status_code == 403, outside.text
        assert (await api.get(f"/duplicates/{review['review_id']}")).json()["status"] == "pending"
        assert (await api.get(f"/workers/{ids[1]}")).json()["status"] == "registered"

        # The national office merges the second into the first, leaving the third.
        merged = await api.post(
            url, json={"decision": "same_person", "reason": "r", "merged_ids": [ids[1]]}
        )
        assert merged.status_code == 200, merged.text

        # A later group naming the merged record as the survivor: 409, nothing written.
        fourth = (await api.post("/workers", json=_twin(3, 620003))).json()["worker_id"]
        [following] = (await api.get("/duplicates")).json()["items"]
        assert following["worker_ids"] == [ids[0], fourth]
        into_merged = await api.post(
            f"/duplicates/{following['review_id']}/decision",
            json={"decision": "same_person", "reason": "r", "survivor_id": ids[1]},
        )
        assert into_merged.status_code == 422, into_merged.text  # not a member of this group
        again = await api.post(url, json={"decision": "same_person", "reason": "r"})
        assert again.status_code == 409

        # The survivor merged away meanwhile (by a pair review an earlier release stored):
        # a clear 409 naming where it went, and the review stays pending.
        workers = store_client[f"{unique}_intake"]["workers"]
        await workers.update_one(
            {"_id": ids[0]}, {"$set": {"status": "merged", "merged_into": "w-elsewhere"}}
        )
        gone = await api.post(
            f"/duplicates/{following['review_id']}/decision",
            json={"decision": "same_person", "reason": "r"},
        )
        assert gone.status_code == 409, gone.text
        assert gone.json()["survivor_id"] == "w-elsewhere"
        still = (await api.get(f"/duplicates/{following['review_id']}")).json()
        assert still["status"] == "pending"
        assert len(still["worker_ids"]) <= MAX_MEMBERS
