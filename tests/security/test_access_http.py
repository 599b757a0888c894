"""Authentication, scope, emergency access, the audit trail and request limits, through HTTP.

Intake runs in-process on the real broker and store; the caller is whoever the token says.
"""

from __future__ import annotations

from typing import Any

import httpx

from shared.auth import Role
from tests.intake.samples import HOAN_KIEM, SIN_THAU, SON_LINH
from tests.intake.support import person
from tests.support.auth import auth_headers, token_for
from tests.support.problems import error_locations
from tests.support.services import in_process, service_app, settings_env

SON_LINH_OFFICER = auth_headers(
    Role.COMMUNE_OFFICER, "officer-son-linh", province_code="51", commune_code="21307"
)
AUDITOR = auth_headers(Role.AUDITOR, "auditor-1")


def _app(unique: str, kafka: str, mongo: str, **auth: str) -> Any:
    env = settings_env("intake", unique, kafka, mongo)
    env.update({f"AUTH_{name.upper()}": value for name, value in auth.items()})
    return service_app("intake", env)


async def _register(api: httpx.AsyncClient, n: int, locality: dict[str, str]) -> str:
    response = await api.post("/workers", json=person(n, locality=dict(locality)))
    assert response.status_code == 201, response.text
    worker_id: str = response.json()["worker_id"]
    return worker_id


async def test_no_token_or_a_bad_one_is_401_and_health_stays_open(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(_app(unique, kafka_bootstrap, mongodb_url)) as api:
        anonymous = {"Authorization": ""}
        for path in ("/healthz", "/readyz", "/openapi.json", "/asyncapi.json"):
            assert (await api.get(path, headers=anonymous)).status_code == 200, path
        refused = await api.get("/workers", headers=anonymous)
        assert refused.status_code == 401
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
        garbage = await api.get("/workers", headers={"Authorization": "Bearer abc.def.ghi"})
        assert garbage.status_code == 401
        basic = await api.get("/workers", headers={"Authorization": "Basic dXNlcjpwYXNz"})
        assert basic.status_code == 401
        body = person(1)
        unregistered = await api.post("/workers", json=body, headers=anonymous)
        assert unregistered.status_code == 401
        assert body["national_id"] not in unregistered.text
        assert (await api.get("/workers")).json()["items"] == []  # nothing was written


async def test_a_commune_officer_works_only_in_their_commune(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(_app(unique, kafka_bootstrap, mongodb_url)) as api:
        mine = await _register(api, 1, SON_LINH)
        theirs = await _register(api, 2, SIN_THAU)

        assert (await api.get(f"/workers/{mine}", headers=SON_LINH_OFFICER)).status_code == 200
        hidden = await api.get(f"/workers/{theirs}", headers=SON_LINH_OFFICER)
        missing = await api.get("/workers/no-such-worker", headers=SON_LINH_OFFICER)
        assert hidden.status_code == missing.status_code == 404  # existence does not leak
        assert hidden.json().keys() == missing.json().keys()

        change = {"phone": "0912 000 111", "reason": "typo"}
        patched = await api.patch(f"/workers/{theirs}", json=change, headers=SON_LINH_OFFICER)
        assert patched.status_code == 404
        assert (await api.get(f"/workers/{theirs}")).json()["revision"] == 1

        elsewhere = await api.post(
            "/workers", json=person(3, locality=dict(HOAN_KIEM)), headers=SON_LINH_OFFICER
        )
        assert elsewhere.status_code == 403
        assert "national_id" not in elsewhere.text

        page = (await api.get("/workers", headers=SON_LINH_OFFICER)).json()
        assert [w["worker_id"] for w in page["items"]] == [mine]
        assert "national_id" not in page["items"][0]
        assert "phone" not in page["items"][0]

        banker = auth_headers(Role.BANK_OFFICER, province_code="51")
        forbidden = await api.get(f"/workers/{mine}", headers=banker)
        assert forbidden.status_code == 403
        assert (await api.get(f"/workers/{mine}/loans", headers=banker)).status_code == 200


async def test_emergency_access_is_limited_audited_and_listed_for_review(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(_app(unique, kafka_bootstrap, mongodb_url)) as api:
        theirs = await _register(api, 4, SIN_THAU)
        path = f"/workers/{theirs}"
        assert (await api.get(path, headers=SON_LINH_OFFICER)).status_code == 404

        too_short = await api.post(
            "/emergency-access",
            json={"worker_id": theirs, "reason": "need"},
            headers=SON_LINH_OFFICER,
        )
        assert too_short.status_code == 422
        assert error_locations(too_short.json())[0] == ("body", "reason")
        reason = "worker called from abroad, family unreachable, home commune closed"
        grant = await api.post(
            "/emergency-access",
            json={"worker_id": theirs, "reason": reason, "minutes": 30},
            headers=SON_LINH_OFFICER,
        )
        assert grant.status_code == 201, grant.text
        assert grant.json()["subject"] == "officer-son-linh"

        opened = await api.get(path, headers=SON_LINH_OFFICER)
        assert opened.status_code == 200
        other_officer = auth_headers(
            Role.COMMUNE_OFFICER, "officer-2", province_code="51", commune_code="21307"
        )
        assert (await api.get(path, headers=other_officer)).status_code == 404  # not theirs

        review = (await api.get("/emergency-access", headers=AUDITOR)).json()["items"]
        assert [(g["worker_id"], g["reason"]) for g in review] == [(theirs, reason)]
        assert (await api.get("/emergency-access", headers=SON_LINH_OFFICER)).status_code == 403

        trail = await api.get("/audit", params={"worker_id": theirs}, headers=AUDITOR)
        assert trail.status_code == 200
        entries = trail.json()["items"]
        by_action = {(e["action"], e["emergency"], e["status"]) for e in entries}
        assert ("worker.read", True, 200) in by_action
        assert ("access.emergency", False, 201) in by_action
        assert ("worker.register", False, 201) in by_action
        read = next(e for e in entries if e["action"] == "worker.read" and e["emergency"])
        assert read["subject"] == "officer-son-linh"
        assert read["role"] == "commune_officer"
        assert read["client"]
        assert read["service"] == "intake"
        registered_body = person(4, locality=dict(SIN_THAU))
        assert registered_body["national_id"] not in trail.text
        assert (await api.get("/audit", headers=SON_LINH_OFFICER)).status_code == 403

        by_user = await api.get("/audit", params={"subject": "officer-son-linh"}, headers=AUDITOR)
        assert {e["subject"] for e in by_user.json()["items"]} == {"officer-son-linh"}
        first = entries[-1]["at"]
        later = await api.get("/audit", params={"since": first, "limit": 1}, headers=AUDITOR)
        assert len(later.json()["items"]) == 1
        assert later.json()["next_cursor"]


async def test_bodies_over_the_limit_are_413_and_expensive_endpoints_are_rate_limited(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = _app(
        unique,
        kafka_bootstrap,
        mongodb_url,
        max_body_bytes="4096",
        expensive_rate_limit="3/minute",
    )
    async with in_process(app) as api:
        huge = person(5)
        huge["education"] = "x" * 10_000
        too_big = await api.post("/workers", json=huge)
        assert too_big.status_code == 413
        assert (await api.get("/workers")).json()["items"] == []

        searcher = {
            "Authorization": f"Bearer {token_for(Role.CENTRE_STAFF, 's', province_code='51')}"
        }
        answers = [(await api.get("/workers", headers=searcher)).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        other = auth_headers(Role.CENTRE_STAFF, "someone-else", province_code="51")
        assert (await api.get("/workers", headers=other)).status_code == 200  # per caller

        too_many = await api.get("/workers", params={"limit": 201})
        assert too_many.status_code == 422
        assert error_locations(too_many.json())[0] == ("query", "limit")
