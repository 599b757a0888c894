"""Scope on every record a request touches: the ids a body names, the items a list returns, and
where a change leaves its record. Each service runs in-process on the real broker and store."""

from __future__ import annotations

from typing import Any

from shared.auth import Role
from tests.intake.samples import HOAN_KIEM, SON_LINH
from tests.intake.support import person
from tests.support.auth import auth_headers
from tests.support.services import in_process, service_app, settings_env

SON_LINH_OFFICER = auth_headers(
    Role.COMMUNE_OFFICER, "officer-son-linh", province_code="51", commune_code="21307"
)
QUANG_NGAI_CENTRE = auth_headers(Role.CENTRE_STAFF, "centre-quang-ngai", province_code="51")
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
            return {"corrected_by": "officer", "reason": "moved", "locality": locality}

        # the finding: a Sơn Linh officer moved a worker to Phường Hoàn Kiếm and got 200
        away = await api.patch(path, json=move(dict(HOAN_KIEM)), headers=SON_LINH_OFFICER)
        assert away.status_code == 403, away.text
        assert "locality" in away.json()["detail"]
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
