"""The notifications service on the real broker and store: events from the other services'
topics raise alerts, each person's inbox holds what their scope holds, and the alert events
reach homeward.notifications.events."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx

from shared.auth import Role
from shared.contracts.deployment import LicenceStatus
from tests.aftercare.support import eventually
from tests.notifications.support import Publisher, notification_events, utc_now
from tests.support.auth import token_for
from tests.support.services import in_process, service_app, settings_env

SETTINGS = {"no_contact_days": "0", "rules_interval_s": "0.2"}


def as_role(role: Role, **claims: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(role, f'{role.value}-1', **claims)}"}


COMMUNE = as_role(Role.COMMUNE_OFFICER, province_code="14", commune_code="04036")
PROVINCE = as_role(Role.AFTERCARE_OFFICER, province_code="14")
OTHER_PROVINCE = as_role(Role.AFTERCARE_OFFICER, province_code="01")
ENTERPRISE = as_role(Role.ENTERPRISE, enterprise_id="enterprise-1")


async def alerts(api: httpx.AsyncClient, headers: dict[str, str], **query: str) -> list[Any]:
    response = await api.get("/alerts", params=query, headers=headers)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


async def test_alerts_reach_the_inboxes_whose_scope_holds_the_worker(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    env = settings_env("notifications", unique, kafka_bootstrap, mongodb_url, **SETTINGS)
    async with (
        in_process(service_app("notifications", env)) as api,
        Publisher(kafka_bootstrap, unique) as publisher,
    ):
        now = utc_now()
        await publisher.send_abroad("w-here", now, commune_code="04036")
        await publisher.send_abroad("w-there", now, commune_code="04040")

        async def both() -> list[Any] | None:
            found = await alerts(api, PROVINCE, kind="no_contact")
            return found if len(found) == 2 else None

        await eventually(both)
        mine = await alerts(api, COMMUNE)
        assert [a["worker_id"] for a in mine] == ["w-here"]
        assert await alerts(api, OTHER_PROVINCE) == []
        assert (await api.get("/alerts", headers=ENTERPRISE)).status_code == 403
        there = next(a for a in await alerts(api, PROVINCE) if a["worker_id"] == "w-there")
        path = f"/alerts/{there['alert_id']}"
        assert (await api.get(path, headers=COMMUNE)).status_code == 404  # out of scope
        assert (await api.get(path, headers=PROVINCE)).status_code == 200

        alert_id = mine[0]["alert_id"]
        answer = await api.post(f"/alerts/{alert_id}/acknowledgement", json={}, headers=COMMUNE)
        assert answer.status_code == 200, answer.text
        assert answer.json()["acknowledged_by"] == "commune_officer-1"
        answer = await api.post(f"/alerts/{alert_id}/resolution", json={}, headers=COMMUNE)
        assert answer.status_code == 422
        assert "reason" in answer.text
        body = {"reason": "reached the family by phone"}
        answer = await api.post(f"/alerts/{alert_id}/resolution", json=body, headers=COMMUNE)
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "resolved"
        again = await api.post(f"/alerts/{alert_id}/resolution", json=body, headers=COMMUNE)
        assert again.status_code == 409

        await publisher.licence(LicenceStatus.SUSPENDED, utc_now())

        async def licence_alerts() -> list[Any] | None:
            found = await alerts(api, PROVINCE, kind="licence_withdrawn", status="open")
            return found if len(found) == 2 else None

        found = await eventually(licence_alerts)
        assert all("Công ty Sông Đà" in a["reason"] for a in found)
        await publisher.licence(LicenceStatus.ACTIVE, utc_now())

        async def licence_resolved() -> bool:
            return not await alerts(api, PROVINCE, kind="licence_withdrawn", status="open")

        await eventually(licence_resolved)
        rules = (await api.get("/alert-rules", headers=PROVINCE)).json()["rules"]
        assert {r["kind"] for r in rules} >= {"no_contact", "licence_withdrawn"}

    def complete(events: list[tuple[str, dict[str, Any]]]) -> bool:
        counts = Counter(t for t, _ in events)
        return counts["alert.resolved"] >= 3 and counts["alert.acknowledged"] >= 1

    events = await notification_events(kafka_bootstrap, unique, complete)
    raised = Counter(d["alert_id"] for t, d in events if t == "alert.raised")
    assert len(raised) == 4
    assert set(raised.values()) == {1}
    resolved = [d for t, d in events if t == "alert.resolved"]
    assert {d["resolution"] for d in resolved} == {"by_hand", "cause_gone"}
