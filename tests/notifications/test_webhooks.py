"""Webhooks to real receivers (uvicorn on loopback) that verify signatures with the
``standardwebhooks`` package: delivery after failures, order per worker, a slow receiver not
holding up another, refused destinations, a forged signature refused."""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from services.notifications.sender import signed_headers
from tests.aftercare.support import eventually
from tests.notifications.receiver import Receiver, receiving
from tests.notifications.support import Publisher, utc_now
from tests.operations.support import cli_env, homeward, json_output
from tests.support.services import in_process, service_app, settings_env

SETTINGS = {
    "no_contact_days": "0",
    "rules_interval_s": "0.2",
    "webhook_interval_s": "0.1",
    "webhook_first_backoff_s": "0.2",
    "webhook_max_backoff_s": "0.5",
}
WORKERS = ("w-1", "w-2")


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


async def subscribe(api: httpx.AsyncClient, receiver: Receiver) -> str:
    body = {"url": receiver.url, "alert_kinds": ["no_contact"], "secret": receiver.secret}
    answer = await api.post("/webhooks", json=body)
    assert answer.status_code == 201, answer.text
    assert answer.json()["secret"] == receiver.secret
    subscription_id: str = answer.json()["subscription_id"]
    return subscription_id


async def test_deliveries_are_signed_retried_ordered_and_independent(
    kafka_bootstrap: str, mongodb_url: str, unique: str, tmp_path: Path
) -> None:
    env = settings_env("notifications", unique, kafka_bootstrap, mongodb_url, **SETTINGS)
    flaky = Receiver(new_secret(), fail_first=3)
    slow = Receiver(new_secret(), delay_s=2.0)
    async with (
        in_process(service_app("notifications", env)) as api,
        receiving(flaky),
        receiving(slow),
        Publisher(kafka_bootstrap, unique) as publisher,
    ):
        flaky_id = await subscribe(api, flaky)
        await subscribe(api, slow)
        listed = (await api.get("/webhooks")).json()["items"]
        assert len(listed) == 2
        assert all("secret" not in s for s in listed)
        now = utc_now()
        for worker in WORKERS:
            await publisher.send_abroad(worker, now)

        async def raised() -> list[Any] | None:
            found = (await api.get("/alerts")).json()["items"]
            return found if len(found) == 2 else None

        for alert in await eventually(raised, 60):
            path = f"/alerts/{alert['alert_id']}"
            assert (await api.post(f"{path}/acknowledgement", json={})).status_code == 200
            answer = await api.post(f"{path}/resolution", json={"reason": "family reached"})
            assert answer.status_code == 200

        async def flaky_has_all() -> bool:
            return len(flaky.received) == 6

        await eventually(flaky_has_all, 60)
        # The slow receiver takes 2 s an answer: 6 in order cannot have reached it yet.
        assert len(slow.received) < 6
        assert flaky.answers[:3] == [503, 503, 503]
        for worker in WORKERS:
            types = [e["type"] for e in flaky.received if e["data"]["worker_id"] == worker]
            assert types == ["alert.raised", "alert.acknowledged", "alert.resolved"]

        # A delivery is marked delivered just after its receiver answered: wait for the marks.
        async def all_delivered() -> bool:
            answer = await api.get(f"/webhooks/{flaky_id}/deliveries")
            return {d["state"] for d in answer.json()["items"]} == {"delivered"}

        await eventually(all_delivered, 30)
        deliveries = (await api.get(f"/webhooks/{flaky_id}/deliveries")).json()["items"]
        assert len(deliveries) == 6
        assert {d["state"] for d in deliveries} == {"delivered"}
        statuses = sorted(a["status"] for d in deliveries for a in d["attempts"])
        assert statuses == [204] * 6 + [503] * 3

        async def slow_has_all() -> bool:
            return len(slow.received) == 6

        await eventually(slow_has_all, 60)
        redo = await api.post(f"/webhooks/deliveries/{deliveries[0]['delivery_id']}/redo")
        assert redo.status_code == 200

        async def redone() -> bool:
            return len(flaky.received) == 7

        await eventually(redone, 30)

        metrics = (await api.get("/metrics")).text
        assert 'homeward_alerts_raised_total{kind="no_contact"} 2.0' in metrics
        assert 'homeward_webhook_attempts_total{outcome="retried"} 3.0' in metrics
        assert "homeward_webhook_oldest_undelivered_seconds" in metrics

    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    listed_alerts = json_output(await homeward(env, "notifications", "alerts", "--json"))
    assert {a["status"] for a in listed_alerts} == {"resolved"}
    assert len(listed_alerts) == 2
    subs = json_output(await homeward(env, "notifications", "subscriptions", "--json"))
    assert {s["status"] for s in subs} == {"active"}
    assert all("whsec" not in str(s) for s in subs)
    waiting = json_output(await homeward(env, "notifications", "deliveries", "--json"))
    assert waiting == []


async def test_private_and_plain_http_destinations_are_refused(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    env = settings_env("notifications", unique, kafka_bootstrap, mongodb_url)
    async with in_process(service_app("notifications", env)) as api:
        for url, why in (
            ("https://10.1.2.3/hook", "private"),
            ("https://192.168.0.10/hook", "private"),
            ("https://169.254.169.254/latest/meta-data", "private"),
            ("http://93.184.216.34/hook", "https"),
            ("ftp://127.0.0.1/hook", "https"),
        ):
            answer = await api.post("/webhooks", json={"url": url, "alert_kinds": ["no_contact"]})
            assert answer.status_code == 422, (url, answer.text)
            assert why in answer.text, answer.text
        assert (await api.get("/webhooks")).json()["items"] == []


async def test_a_forged_signature_is_refused_by_the_receiver() -> None:
    receiver = Receiver(new_secret())
    body = '{"type":"alert.raised","timestamp":"2026-01-01T00:00:00+00:00","data":{}}'
    now = datetime.now(UTC)
    async with receiving(receiver), httpx.AsyncClient() as client:
        forged = signed_headers(new_secret(), "msg_1", now, body)
        assert (await client.post(receiver.url, content=body, headers=forged)).status_code == 401
        genuine = signed_headers(receiver.secret, "msg_1", now, body)
        assert (await client.post(receiver.url, content=body, headers=genuine)).status_code == 204
    assert receiver.answers == [401, 204]
