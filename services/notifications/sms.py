"""SMS to officers about new alerts, through an HTTP gateway: a webhook (signed as every
delivery is, Standard Webhooks) whose body has the provider's shape. Only a case link and a
reason go into the text, never a worker's name, phone or family contact."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from services.notifications.domain.contacts import OfficerContact
from services.notifications.domain.webhooks import Attempt
from services.notifications.mail import KIND_EN, KIND_VI, TEMPLATES
from services.notifications.sender import Sender
from shared.persistence import Document


@dataclass(frozen=True)
class SmsGateway:
    """Where SMS go out: the gateway's URL, the secret its deliveries are signed with, an
    optional API token, the brand name shown as sender, and where the staff tools live."""

    url: str
    secret: str
    sender_id: str
    links: str
    token: str | None = None


def sms_text(alert: Document, contact: OfficerContact, links: str) -> str:
    """Returns the SMS telling an officer about a raised alert, in the officer's language."""
    kind = str(alert["kind"])
    values = {
        "kind_vi": KIND_VI.get(kind, kind),
        "kind_en": KIND_EN.get(kind, kind),
        "worker_id": alert["worker_id"],
        "reason": alert["reason"],
        "case_link": f"{links}/workers/{alert['worker_id']}",
    }
    text = TEMPLATES.get_template(f"alert_raised.{contact.language}.sms").render(values)
    return " ".join(text.split())


def provider_body(gateway: SmsGateway, phone: str, text: str, reference: str) -> str:
    """Returns the gateway's request body: the shape the provider takes (brand-name sender,
    number without ``+``, Unicode text, our reference to deduplicate on)."""
    body = {
        "from": gateway.sender_id,
        "to": phone.removeprefix("+"),
        "text": text,
        "type": "unicode",
        "client_ref": reference,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


class SmsChannel:
    """Sends alert SMS through one gateway, over the checked HTTP client."""

    def __init__(self, sender: Sender, gateway: SmsGateway) -> None:
        self.sender = sender
        self.gateway = gateway

    async def send(
        self, alert: Document, contact: OfficerContact, reference: str, now: datetime
    ) -> Attempt:
        """Posts one SMS to the gateway; returns the attempt (a 2xx answer is a success).
        ``reference`` is the delivery's ``webhook-id`` and ``client_ref``, the same on a retry."""
        assert contact.phone is not None
        text = sms_text(alert, contact, self.gateway.links)
        body = provider_body(self.gateway, contact.phone, text, reference)
        token = {"authorization": f"Bearer {self.gateway.token}"} if self.gateway.token else None
        return await self.sender.send(
            self.gateway.url, self.gateway.secret, reference, body, now, token
        )

    async def close(self) -> None:
        await self.sender.close()
