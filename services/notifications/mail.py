"""E-mail and SMS to officers about new alerts: Jinja2 templates in Vietnamese (English second),
mail sent over SMTP, SMS through the gateway (``sms``); each alert to each officer once by each
means. Only a case link and a reason, nothing personal."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

import aiosmtplib
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from services.notifications import store
from services.notifications.domain.contacts import OfficerContact
from shared.logging import get_logger
from shared.persistence import Document

if TYPE_CHECKING:
    from services.notifications.sms import SmsChannel

log = get_logger(__name__)
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=StrictUndefined,
    autoescape=False,  # noqa: S701 - plain-text mail, no HTML
    keep_trailing_newline=True,
)
KIND_VI = {
    "no_contact": "mất liên lạc với người lao động ở nước ngoài",
    "contract_ending": "hợp đồng sắp kết thúc",
    "incident_overdue": "sự vụ quá hạn hoặc đã chuyển cấp",
    "licence_withdrawn": "doanh nghiệp đưa đi bị đình chỉ hoặc thu hồi giấy phép",
    "loan_without_departure": "đã giải ngân khoản vay nhưng chưa xuất cảnh",
    "no_reintegration_plan": "đã về nước nhưng chưa có kế hoạch tái hòa nhập",
}
KIND_EN = {
    "no_contact": "no contact with a worker abroad",
    "contract_ending": "contract ending",
    "incident_overdue": "incident overdue or escalated",
    "licence_withdrawn": "sending enterprise's licence suspended or revoked",
    "loan_without_departure": "loan disbursed, no departure",
    "no_reintegration_plan": "back home, no reintegration plan",
}


@dataclass(frozen=True)
class SmtpServer:
    """Where mail goes out, and from whom."""

    host: str
    port: int
    sender: str
    links: str


def compose(alert: Document, contact: OfficerContact, server: SmtpServer) -> EmailMessage:
    """Returns the e-mail telling an officer about a raised alert, in the officer's language."""
    data = alert
    kind = str(data["kind"])
    values = {
        "kind_vi": KIND_VI.get(kind, kind),
        "kind_en": KIND_EN.get(kind, kind),
        "worker_id": data["worker_id"],
        "reason": data["reason"],
        "raised_at": data["raised_at"],
        "case_link": f"{server.links}/workers/{data['worker_id']}",
        "alert_link": f"{server.links}/alerts/{data['alert_id']}",
    }
    text = TEMPLATES.get_template(f"alert_raised.{contact.language}.txt").render(values)
    subject, _, body = text.lstrip("\n").partition("\n")
    message = EmailMessage()
    message["From"] = server.sender
    message["To"] = contact.email
    message["Subject"] = subject
    message.set_content(body)
    return message


class Mailer:
    """Sends each new alert to the officers whose scope holds its worker: an e-mail to those
    who gave an address, an SMS to those who gave a phone. An insert of ``<event>~<officer>``
    (one collection per means) makes each go once across replicas."""

    def __init__(
        self,
        contacts: store.Contacts,
        feed: store.Feed,
        server: SmtpServer | None,
        texts: SmsChannel | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.contacts = contacts
        self.feed = feed
        self.server = server
        self.texts = texts
        self.clock = clock or (lambda: datetime.now(UTC))

    async def send_new(self) -> int:
        """Mails and texts the alerts raised since the last round; returns how many mails and
        SMS went out."""
        if self.server is None and self.texts is None:
            return 0
        sent = 0
        for event in await self.feed.unmailed():
            failed = False
            if event["event_type"] == "alert.raised":
                alert = json.loads(event["body"])["data"]
                place = (alert.get("province_code"), alert.get("commune_code"))
                for contact in await self.contacts.reaching(*place):
                    for done in await self._reach(event["event_id"], alert, contact):
                        sent += done
                        failed = failed or not done
            if not failed:  # else the next round tries the officers not reached again
                await self.feed.mailed(event["_id"], int(event["version"]))
        return sent

    async def _reach(self, event_id: str, alert: Document, contact: OfficerContact) -> list[int]:
        outcomes = []
        mails = self.server is not None and bool(contact.email)
        if mails and await self.contacts.claim_mail(event_id, contact.subject):
            outcomes.append(await self._send(event_id, alert, contact))
        texts = self.texts is not None and bool(contact.phone)
        if texts and await self.contacts.claim_sms(event_id, contact.subject):
            outcomes.append(await self._text(event_id, alert, contact))
        return outcomes

    async def run_periodically(self, interval_s: float) -> None:
        """Mails and texts new alerts every ``interval_s``, until cancelled."""
        try:
            while True:
                try:
                    await self.send_new()
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # the store is away: try again next round
                    log.warning("alert mail round failed", error=type(exc).__name__)
                await asyncio.sleep(interval_s)
        finally:
            if self.texts is not None:
                await self.texts.close()

    async def _text(self, event_id: str, alert: Document, contact: OfficerContact) -> int:
        assert self.texts is not None
        reference = f"{event_id}~{contact.subject}"
        attempt = await self.texts.send(alert, contact, reference, self.clock())
        if attempt.error is None:
            log.info("alert texted", alert_kind=alert["kind"])
            return 1
        log.warning("alert SMS not sent", error=attempt.error, alert_kind=alert["kind"])
        with contextlib.suppress(Exception):
            await self.contacts.release_sms(event_id, contact.subject)
        return 0

    async def _send(self, event_id: str, alert: Document, contact: OfficerContact) -> int:
        assert self.server is not None
        message = compose(alert, contact, self.server)
        try:
            await aiosmtplib.send(
                message, hostname=self.server.host, port=self.server.port, timeout=10
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            log.warning("alert mail not sent", error=type(exc).__name__, alert_kind=alert["kind"])
            with contextlib.suppress(Exception):
                await self.contacts.release_mail(event_id, contact.subject)
            return 0
        log.info("alert mailed", alert_kind=alert["kind"])
        return 1
