"""Alerts on a worker's journey, with every service involved running on the real stack.

Intake, training, deployment and aftercare run as processes; notifications runs in the test
process so its clock can be set. Lò Thị Huyền registers, trains and leaves for Japan. The
notifications clock stands a day after her departure: nothing to say. It moves to 46 days after
it with no check-in (the rule's limit is 45): the commune officer's inbox gets a ``no_contact``
alert, an e-mail (a real SMTP server, aiosmtpd) and a system a signed webhook (a real receiver,
uvicorn on loopback, verifying with ``standardwebhooks``). A check-in recorded at aftercare
resolves the alert. Then deployment suspends her sending enterprise's licence, and a
``licence_withdrawn`` alert naming her reaches the same inbox and the same receiver.
"""

from __future__ import annotations

import asyncio
import email
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from pymongo import AsyncMongoClient

from services.notifications import store
from shared.auth import Role
from tests.journey.stack import eventually, running_stack
from tests.journey.test_journey import OFFICER, _place_and_send, _register, _train, ok, post
from tests.notifications.receiver import Receiver, receiving
from tests.notifications.support import utc_now
from tests.notifications.test_mail import Inbox
from tests.notifications.test_webhooks import new_secret
from tests.support.auth import token_for
from tests.support.services import free_port, in_process, service_app, settings_env

COMMUNE_OFFICER = {
    "Authorization": "Bearer "
    + token_for(Role.COMMUNE_OFFICER, OFFICER, province_code="14", commune_code="03814")
}
OFFICER_MAIL = "can-bo@chienglao.sonla.gov.vn"
LIMIT_DAYS = 45


class Clock:
    """Notifications' clock: real time shifted to stand where the test puts it."""

    def __init__(self, at: datetime) -> None:
        self.offset = at - utc_now()

    def __call__(self) -> datetime:
        return utc_now() + self.offset

    def move_to(self, at: datetime) -> None:
        self.offset = at - utc_now()


async def inbox(api: httpx.AsyncClient, **query: str) -> list[dict[str, Any]]:
    answer = await api.get("/alerts", params=query, headers=COMMUNE_OFFICER)
    items: list[dict[str, Any]] = ok(answer)
    return items


async def hooks_of(receiver: Receiver, kind: str, event_type: str) -> list[dict[str, Any]]:
    return [e for e in receiver.received if e["type"] == event_type and e["data"]["kind"] == kind]


async def test_silence_check_in_and_suspended_licence_reach_the_commune_officer(
    kafka_bootstrap: str,
    mongodb_url: str,
    unique: str,
    store_client: AsyncMongoClient[dict[str, Any]],
) -> None:
    mails = Inbox()
    smtp_port = free_port()
    smtp = Controller(mails, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    receiver = Receiver(new_secret())
    settings = {
        "no_contact_days": str(LIMIT_DAYS),
        "rules_interval_s": "0.2",
        "webhook_interval_s": "0.1",
        "smtp_host": "127.0.0.1",
        "smtp_port": str(smtp_port),
        "links_base_url": "https://homeward.test",
    }
    env = settings_env("notifications", unique, kafka_bootstrap, mongodb_url, **settings)
    app = service_app("notifications", env)
    # _place_and_send records a departure 700 days ago (Vietnam's date), at 23:00 there.
    clock = Clock(utc_now() - timedelta(days=699))
    app.state.service.clock = clock
    facts = store_client[f"{unique}_notifications"][store.WORKERS]
    try:
        async with (
            running_stack(unique, kafka_bootstrap, mongodb_url) as stack,
            receiving(receiver),
            in_process(app) as notifications,
        ):
            contact = {"email": OFFICER_MAIL, "language": "vi"}
            ok(await notifications.put("/contacts/me", json=contact, headers=COMMUNE_OFFICER))
            subscription = {
                "url": receiver.url,
                "alert_kinds": ["no_contact", "licence_withdrawn"],
                "province_codes": ["14"],
                "secret": receiver.secret,
            }
            ok(await notifications.post("/webhooks", json=subscription), 201)

            worker = await _register(stack)
            await _train(stack, worker)
            placement = await _place_and_send(stack, worker)
            departed_at = datetime.fromisoformat(placement["departed_at"])

            # A day after the departure: notifications knows she is abroad, and is silent.
            clock.move_to(departed_at + timedelta(days=1))

            async def abroad() -> bool:
                found = await facts.find_one({"_id": worker})
                return bool(found and found.get("abroad"))

            await eventually(abroad, "notifications hears of the departure", 60)
            await asyncio.sleep(1.0)  # several ticks of the rules job
            assert await inbox(notifications) == []

            # 46 days without a check-in.
            silent_until = departed_at + timedelta(days=LIMIT_DAYS + 1)
            clock.move_to(silent_until)
            raised = await eventually(
                lambda: inbox(notifications, kind="no_contact"), "the silence alert", 60
            )
            assert len(raised) == 1
            silence = raised[0]
            assert silence["worker_id"] == worker
            assert silence["status"] == "open"
            assert silence["commune_code"] == "03814"
            assert f"limit {LIMIT_DAYS}" in silence["reason"]

            async def mailed() -> list[email.message.Message]:
                return mails.messages

            await eventually(mailed, "the alert e-mail", 60)
            await eventually(
                lambda: hooks_of(receiver, "no_contact", "alert.raised"), "the webhook", 60
            )

            # A check-in resolves it.
            await post(
                stack.aftercare,
                f"/workers/{worker}/check-ins",
                {
                    "contact": "family",
                    "channel": "phone",
                    "wellbeing": "good",
                    "contacted_at": silent_until.isoformat(),
                },
                status=201,
            )
            resolved = await eventually(
                lambda: inbox(notifications, kind="no_contact", status="resolved"),
                "the silence alert resolved by the check-in",
                60,
            )
            assert resolved[0]["alert_id"] == silence["alert_id"]
            assert resolved[0]["resolution"] == "cause_gone"
            assert await inbox(notifications, kind="no_contact", status="open") == []
            await eventually(
                lambda: hooks_of(receiver, "no_contact", "alert.resolved"),
                "the resolution's webhook",
                60,
            )

            # Her sending enterprise's licence is suspended while she is abroad.
            suspension = {"reason": "ký quỹ không đủ theo quy định"}
            await post(
                stack.deployment,
                f"/enterprises/{placement['enterprise_id']}/licence/suspension",
                suspension,
            )
            licence = await eventually(
                lambda: inbox(notifications, kind="licence_withdrawn"), "the licence alert", 60
            )
            assert [a["worker_id"] for a in licence] == [worker]
            assert "Tây Bắc" in licence[0]["reason"]  # names the enterprise
            hooked = await eventually(
                lambda: hooks_of(receiver, "licence_withdrawn", "alert.raised"),
                "the licence webhook",
                60,
            )
            assert hooked[0]["data"]["worker_id"] == worker
    finally:
        smtp.stop()

    # Every webhook request was signed with the subscription's secret (the receiver verifies
    # each with standardwebhooks and would have answered 401), and none was refused.
    assert set(receiver.answers) == {204}
    no_contact_mails = [m for m in mails.messages if "mất liên lạc" in _subject(m)]
    assert [m["To"] for m in no_contact_mails] == [OFFICER_MAIL]
    text = _body(no_contact_mails[0])
    assert f"https://homeward.test/workers/{worker}" in text
    for personal in ("Lò Thị Huyền", "0912 305 417", "0987 305 418", "Lò Văn Pắn"):
        assert personal not in text
        assert all(personal not in str(e) for e in receiver.received)


def _subject(message: email.message.Message) -> str:
    header: Callable[..., Any] = email.header.make_header
    return str(header(email.header.decode_header(message["Subject"])))


def _body(message: email.message.Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()
