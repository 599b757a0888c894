"""Emergency access has limits that hold: length, number a day, reads only, revocable, real workers.

Intake runs in-process on the real broker and store; the caller is whoever the token says.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import httpx
import pytest

from shared.auth import Role
from tests.intake.samples import SIN_THAU
from tests.intake.support import person
from tests.support.auth import auth_headers
from tests.support.problems import error_locations, error_text
from tests.support.services import in_process, service_app, settings_env

OFFICER = auth_headers(Role.COMMUNE_OFFICER, "officer-a", province_code="51", commune_code="21307")
OTHER_OFFICER = auth_headers(
    Role.COMMUNE_OFFICER, "officer-b", province_code="51", commune_code="21307"
)
AUDITOR = auth_headers(Role.AUDITOR, "auditor-1")
REASON = "worker called from abroad, family unreachable, home commune closed"


def _app(unique: str, kafka: str, mongo: str, **auth: str) -> Any:
    env = settings_env("intake", unique, kafka, mongo)
    env.update({f"AUTH_{name.upper()}": value for name, value in auth.items()})
    return service_app("intake", env)


async def _worker_elsewhere(api: httpx.AsyncClient, n: int) -> str:
    response = await api.post("/workers", json=person(n, locality=dict(SIN_THAU)))
    assert response.status_code == 201, response.text
    worker_id: str = response.json()["worker_id"]
    return worker_id


def _grant(worker_id: str, **fields: Any) -> dict[str, Any]:
    return {"worker_id": worker_id, "reason": REASON, **fields}


async def test_the_setting_is_the_longest_grant_and_its_default(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = _app(unique, kafka_bootstrap, mongodb_url, emergency_access_minutes="30")
    async with in_process(app) as api:
        theirs = await _worker_elsewhere(api, 1)
        longer = await api.post(
            "/emergency-access", json=_grant(theirs, minutes=31), headers=OFFICER
        )
        assert longer.status_code == 422, longer.text
        assert error_locations(longer.json())[0] == ("body", "minutes")
        assert "30" in longer.json()["errors"][0]["message"]

        default = await api.post("/emergency-access", json=_grant(theirs), headers=OFFICER)
        assert default.status_code == 201, default.text
        granted = default.json()
        lasts = datetime.fromisoformat(granted["expires_at"]) - datetime.fromisoformat(
            granted["granted_at"]
        )
        assert lasts.total_seconds() == 30 * 60


async def test_an_officer_opens_at_most_the_days_number_even_all_at_once(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = _app(unique, kafka_bootstrap, mongodb_url, emergency_access_per_day="2")
    async with in_process(app) as api:
        workers = [await _worker_elsewhere(api, n) for n in range(1, 5)]
        answers = await asyncio.gather(
            *(api.post("/emergency-access", json=_grant(w), headers=OFFICER) for w in workers)
        )
        assert sorted(a.status_code for a in answers) == [201, 201, 429, 429]
        refused = next(a for a in answers if a.status_code == 429)
        assert "2 emergency accesses a day" in error_text(refused.json())
        # another officer has their own day
        other = await api.post("/emergency-access", json=_grant(workers[0]), headers=OTHER_OFFICER)
        assert other.status_code == 201
        review = (await api.get("/emergency-access", headers=AUDITOR)).json()["items"]
        assert len(review) == 3


async def test_a_grant_opens_reads_only_and_can_be_revoked(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(_app(unique, kafka_bootstrap, mongodb_url)) as api:
        theirs = await _worker_elsewhere(api, 1)
        path = f"/workers/{theirs}"
        grant = (await api.post("/emergency-access", json=_grant(theirs), headers=OFFICER)).json()

        assert (await api.get(path, headers=OFFICER)).status_code == 200
        change = await api.patch(path, json={"education": "college"}, headers=OFFICER)
        assert change.status_code == 403, change.text
        assert "reading only" in error_text(change.json())
        assert (await api.get(path)).json()["revision"] == 1

        mine = f"/emergency-access/{grant['id']}"
        assert (await api.delete(mine, headers=OTHER_OFFICER)).status_code == 404  # not theirs
        revoked = await api.delete(mine, headers=OFFICER)
        assert revoked.status_code == 200, revoked.text
        assert revoked.json()["revoked_by"] == "officer-a"
        assert (await api.get(path, headers=OFFICER)).status_code == 404

        again = (await api.post("/emergency-access", json=_grant(theirs), headers=OFFICER)).json()
        by_auditor = await api.delete(f"/emergency-access/{again['id']}", headers=AUDITOR)
        assert by_auditor.status_code == 200
        assert by_auditor.json()["revoked_by"] == "auditor-1"
        assert (await api.get(path, headers=OFFICER)).status_code == 404

        trail = (await api.get("/audit", params={"worker_id": theirs}, headers=AUDITOR)).json()
        revocations = [e for e in trail["items"] if e["action"] == "access.revoke"]
        assert sorted(e["subject"] for e in revocations) == ["auditor-1", "officer-a"]
        assert (await api.delete("/emergency-access/nothing", headers=AUDITOR)).status_code == 404


async def test_a_grant_names_a_worker_the_service_keeps(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(_app(unique, kafka_bootstrap, mongodb_url)) as api:
        theirs = await _worker_elsewhere(api, 1)
        missing = await api.post(
            "/emergency-access", json=_grant("no-such-worker"), headers=OFFICER
        )
        hidden = await api.get(f"/workers/{theirs}", headers=OFFICER)
        assert missing.status_code == hidden.status_code == 404
        assert missing.json().keys() == hidden.json().keys()
        assert (await api.get("/emergency-access", headers=AUDITOR)).json()["items"] == []


@pytest.mark.parametrize(
    ("path", "parameter"),
    [("/audit", "since"), ("/audit", "until"), ("/emergency-access", "since")],
)
async def test_an_instant_with_no_utc_datetime_is_a_422_naming_it(
    kafka_bootstrap, mongodb_url, unique, path, parameter
) -> None:
    """Year 9999 behind UTC, or year 1 ahead of it, is year 10000 or 0 once stored."""
    app = service_app("training", settings_env("training", unique, kafka_bootstrap, mongodb_url))
    async with in_process(app, raise_app_exceptions=False) as api:
        for moment in ("9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+14:00"):
            response = await api.get(path, params={parameter: moment})
            assert response.status_code == 422, (moment, response.text)
            assert error_locations(response.json())[0] == ("query", parameter)
