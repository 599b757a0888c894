"""Alert SMS through the HTTP gateway adapter, to a real receiver (uvicorn on loopback) that
verifies each request's Standard Webhooks signature as the gateway would: to the officers
whose area holds the worker and who gave a phone, once each (a refused one tried again), in
the provider's shape, with a case link and a reason and nothing personal. And the contact
settings' boundary: only the caller's own settings, only well-formed values."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from services.notifications.app import NotificationsSettings, sms_channel
from services.notifications.domain.contacts import OfficerContact, officer_phone
from shared.auth import Role
from tests.aftercare.support import FAMILY_PHONE, PHONE, eventually
from tests.notifications.receiver import Receiver, receiving
from tests.notifications.support import Publisher, utc_now
from tests.notifications.test_webhooks import new_secret
from tests.support.auth import token_for
from tests.support.problems import error_locations
from tests.support.services import in_process, service_app, settings_env

LAN, MINH, HOA = "0912 000 111", "0912 000 222", "+84 912 000 333"


def headers(role: Role, subject: str, **claims: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(role, subject, **claims)}"}


COMMUNE = headers(Role.COMMUNE_OFFICER, "lan", province_code="14", commune_code="04036")
ELSEWHERE = headers(Role.COMMUNE_OFFICER, "minh", province_code="14", commune_code="04040")
PROVINCE = headers(Role.AFTERCARE_OFFICER, "hoa", province_code="14")


def settings(gateway: Receiver, **more: str) -> dict[str, str]:
    return {
        "no_contact_days": "0",
        "rules_interval_s": "0.2",
        "webhook_interval_s": "0.1",
        "sms_gateway_url": gateway.url,
        "sms_gateway_secret": gateway.secret,
        "sms_gateway_token": "gateway-api-token",
        "links_base_url": "https://homeward.test",
        **more,
    }


async def test_officers_get_one_sms_per_alert_through_the_gateway(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    gateway = Receiver(new_secret(), fail_first=1)
    async with receiving(gateway):
        env = settings_env(
            "notifications", unique, kafka_bootstrap, mongodb_url, **settings(gateway)
        )
        async with (
            in_process(service_app("notifications", env)) as api,
            Publisher(kafka_bootstrap, unique) as publisher,
        ):
            for who, phone, language in (
                (COMMUNE, LAN, "vi"),
                (ELSEWHERE, MINH, "vi"),
                (PROVINCE, HOA, "en"),
            ):
                answer = await api.put("/contacts/me", json={"phone": phone, "language": language},
                                       headers=who)  # fmt: skip
                assert answer.status_code == 200, answer.text
            mine = (await api.get("/contacts/me", headers=COMMUNE)).json()
            assert mine["phone"] == "+84912000111"
            assert mine["email"] is None

            await publisher.send_abroad("w-sms", utc_now(), commune_code="04036")

            async def two_sms() -> bool:
                return len(gateway.received) >= 2

            await eventually(two_sms, 60)
            await asyncio.sleep(1.0)  # more rounds: nothing more may go

    assert gateway.answers[0] == 503  # the first was refused, and sent again
    assert 401 not in gateway.answers  # every request was signed with the gateway's secret
    by_number = {m["to"]: m for m in gateway.received}
    assert sorted(by_number) == ["84912000111", "84912000333"]  # not the other commune's
    assert len(gateway.received) == 2  # once each
    vi, en = by_number["84912000111"], by_number["84912000333"]
    assert vi["from"] == "HOMEWARD"
    assert vi["type"] == "unicode"
    assert vi["client_ref"].endswith("~lan")
    assert vi["text"].startswith("Homeward - Cảnh báo: mất liên lạc")
    assert en["text"].startswith("Homeward alert: no contact")
    for sms in gateway.received:
        assert "https://homeward.test/workers/w-sms" in sms["text"]
        assert "no contact for" in sms["text"]  # the reason
        for personal in ("Đinh Thị Linh", "Đinh Văn Hùng", PHONE, FAMILY_PHONE):
            assert personal not in sms["text"]


async def test_a_gateway_without_a_secret_is_refused_at_start() -> None:
    env = {"NOTIFICATIONS_SMS_GATEWAY_URL": "https://sms.example.vn/send"}
    with pytest.raises(ValueError, match="SMS_GATEWAY_SECRET"):
        service_app("notifications", env)


@pytest.mark.parametrize(
    "typed",
    ["0912 345 678", "0912.345.678", "+84912345678", "+1 202 555 0100", "0312-345-678"],
)
def test_officer_phones_are_kept_in_one_form(typed: str) -> None:
    assert officer_phone(typed).startswith("+")
    assert officer_phone(typed).removeprefix("+").isdigit()


async def test_contact_settings_are_the_callers_own_and_well_formed(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    env = settings_env("notifications", unique, kafka_bootstrap, mongodb_url)
    refused: list[tuple[dict[str, Any], str]] = [
        ({"phone": "0912 345 67"}, "phone"),  # too short
        ({"phone": "0112345678"}, "phone"),  # no Vietnamese mobile prefix
        ({"phone": "+84 912 345 678 999 999"}, "phone"),  # too long for E.164
        ({"phone": "call me"}, "phone"),
        ({"phone": "0912345678<script>"}, "phone"),
        ({"phone": "9" * 40}, "phone"),  # past the field's cap
        ({"phone": 912345678}, "phone"),  # a number, not text
        ({"email": "lan@xa.gov.vn\r\nBcc: all@x.vn"}, "email"),  # header injection
        ({"language": "fr"}, "language"),
        ({"subject": "hoa", "phone": "0912345678"}, "subject"),  # another officer's settings
        ({"province_code": "01"}, "province_code"),  # the area comes from the token
        ({"commune_code": "04040"}, "commune_code"),
        ({"role": "aftercare_officer"}, "role"),
    ]
    async with in_process(service_app("notifications", env)) as api:
        for body, field in refused:
            answer = await api.put("/contacts/me", json=body, headers=COMMUNE)
            assert answer.status_code == 422, (body, answer.text)
            assert error_locations(answer.json())[0][-1] == field, (body, answer.text)
            assert "0912" not in answer.text  # a refusal never repeats the number
        assert (await api.get("/contacts/me", headers=COMMUNE)).json()["phone"] is None

        # Each officer sets and reads only their own: there is no route to anyone else's.
        ok = await api.put("/contacts/me", json={"phone": LAN}, headers=COMMUNE)
        assert ok.status_code == 200, ok.text
        assert (await api.get("/contacts/me", headers=PROVINCE)).json()["phone"] is None
        for method, path in (("GET", "/contacts/lan"), ("PUT", "/contacts/lan")):
            answer = await api.request(method, path, json={"phone": HOA}, headers=PROVINCE)
            assert answer.status_code in (404, 405), (path, answer.text)
        assert (await api.get("/contacts/me", headers=COMMUNE)).json()["phone"] == "+84912000111"

        # Roles with no inbox keep no contact settings here.
        worker = headers(Role.ENTERPRISE, "ent-1", enterprise_id="enterprise-1")
        answer = await api.put("/contacts/me", json={"phone": LAN}, headers=worker)
        assert answer.status_code == 403, answer.text
        anonymous = httpx.Headers({"Authorization": ""})
        assert (await api.get("/contacts/me", headers=anonymous)).status_code == 401


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://10.20.0.5/sms", "refused: resolves to a private or reserved address"),
        ("https://169.254.169.254/latest", "refused: resolves to a private or reserved address"),
        ("http://sms.example.vn/send", "refused: must use https"),
        ("https://user:pw@sms.example.vn/send", "refused: must not carry credentials"),
    ],
)
async def test_a_gateway_where_sms_may_not_go_is_refused(url: str, why: str) -> None:
    settings = NotificationsSettings(
        environment="test", sms_gateway_url=url, sms_gateway_secret=new_secret()
    )
    channel = sms_channel(settings)
    assert channel is not None
    alert = {"kind": "no_contact", "worker_id": "w-1", "reason": "no contact for 46 days"}
    contact = OfficerContact(subject="lan", role="commune_officer", phone="+84912000111")
    attempt = await channel.send(alert, contact, "event~lan", utc_now())
    await channel.close()
    assert attempt.status is None
    assert attempt.error is not None
    assert attempt.error.startswith(why)
