"""Alert e-mails to a real SMTP server (aiosmtpd in the test process): in the officer's
language, to the officers whose area holds the worker, once each, with nothing personal."""

from __future__ import annotations

import asyncio
import email
import email.header
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from shared.auth import Role
from tests.aftercare.support import FAMILY_PHONE, PHONE, eventually
from tests.notifications.support import Publisher, utc_now
from tests.support.auth import token_for
from tests.support.services import free_port, in_process, service_app, settings_env


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def headers(role: Role, subject: str, **claims: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(role, subject, **claims)}"}


async def test_officers_get_one_mail_per_alert_in_their_language(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings = {
        "no_contact_days": "0",
        "rules_interval_s": "0.2",
        "webhook_interval_s": "0.1",
        "smtp_host": "127.0.0.1",
        "smtp_port": str(port),
    }
    env = settings_env("notifications", unique, kafka_bootstrap, mongodb_url, **settings)
    commune = headers(Role.COMMUNE_OFFICER, "lan", province_code="14", commune_code="04036")
    elsewhere = headers(Role.COMMUNE_OFFICER, "minh", province_code="14", commune_code="04040")
    province = headers(Role.AFTERCARE_OFFICER, "hoa", province_code="14")
    try:
        async with (
            in_process(service_app("notifications", env)) as api,
            Publisher(kafka_bootstrap, unique) as publisher,
        ):
            for who, address, language in (
                (commune, "lan@xa.gov.vn", "vi"),
                (elsewhere, "minh@xa.gov.vn", "vi"),
                (province, "hoa@tinh.gov.vn", "en"),
            ):
                body = {"email": address, "language": language}
                answer = await api.put("/contacts/me", json=body, headers=who)
                assert answer.status_code == 200, answer.text
            mine = (await api.get("/contacts/me", headers=commune)).json()
            assert mine["email"] == "lan@xa.gov.vn"
            assert mine["commune_code"] == "04036"
            bad = await api.put("/contacts/me", json={"email": "not-an-address"}, headers=commune)
            assert bad.status_code == 422

            await publisher.send_abroad("w-mail", utc_now(), commune_code="04036")

            async def two_mails() -> bool:
                return len(inbox.messages) >= 2

            await eventually(two_mails, 60)
            await asyncio.sleep(1.0)  # more rounds, on both loops: nothing more may go
    finally:
        controller.stop()

    by_address = {m["To"]: m for m in inbox.messages}
    assert sorted(by_address) == ["hoa@tinh.gov.vn", "lan@xa.gov.vn"]  # not the other commune
    assert len(inbox.messages) == 2  # once each
    vi, en = by_address["lan@xa.gov.vn"], by_address["hoa@tinh.gov.vn"]
    assert "Cảnh báo" in str(email.header.make_header(email.header.decode_header(vi["Subject"])))
    assert en["Subject"].startswith("[Homeward] Alert: no contact")
    for message in inbox.messages:
        payload = message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        text = payload.decode()
        assert "/workers/w-mail" in text
        assert "no contact for" in text
        for personal in ("Đinh Thị Linh", PHONE, FAMILY_PHONE):
            assert personal not in text
