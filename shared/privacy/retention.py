"""How long each kind of record is kept, and what happens to it then: the retention table.

Pure: the table and the cut-off arithmetic. ``shared.privacy.retention_job`` enforces it
(``homeward retention run [--dry-run]``); ``tools.privacy_doc`` prints it in docs/privacy.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from shared.events.topics import DEAD_LETTER_RETENTION_DAYS


class Disposal(StrEnum):
    """What the retention job does with a record past its period."""

    DELETE = "delete"
    """The record is deleted from its collection."""
    ERASE = "erase"
    """The worker's personal data is handed to the erasure path (their data key deleted,
    views de-identified); counts in reports stay."""
    TOPIC = "topic retention"
    """The broker deletes records older than the period: the job sets the topic's
    ``retention.ms``."""
    KEEP = "kept"
    """Kept for the programme's life; personal fields are sealed with the worker's data key,
    so an erasure makes them unreadable."""


@dataclass(frozen=True)
class RetentionRule:
    """One kind of record: where it lives, how long it is kept, counted from what, and why."""

    record: str
    service: str
    where: str
    days: int | None
    counted_from: str
    disposal: Disposal
    personal: bool
    why: str

    def cutoff(self, now: datetime) -> datetime | None:
        """Records whose ``counted_from`` moment is before this are past their period."""
        return None if self.days is None else now - timedelta(days=self.days)

    @property
    def period(self) -> str:
        """The period in words: ``30 days``, ``5 years``, or ``kept``."""
        if self.days is None:
            return "kept"
        if self.days % 365 == 0:
            years = self.days // 365
            return f"{years} year{'s' * (years > 1)}"
        return f"{self.days} days"


EVERY_SERVICE = "every service"
YEAR = 365
AUDIT_YEARS = 5

RETENTION: tuple[RetentionRule, ...] = (
    RetentionRule(
        "import files (spreadsheets as uploaded)",
        "intake",
        "import_files",
        30,
        "the last import of the file finished",
        Disposal.DELETE,
        True,
        "national IDs and phones of whole communes; once every row is registered or refused "
        "the file only shows what was sent, and the job's row results say that",
    ),
    RetentionRule(
        "import row results",
        "intake",
        "import_rows",
        180,
        "the import finished",
        Disposal.DELETE,
        True,
        "the officer's list of rows to fix; a registered row lives on in the worker's record; "
        "each row keeps a keyed hash (HMAC) of its national ID, so that erasing the person "
        "finds the file even of a rejected row, and the erasure drops it",
    ),
    RetentionRule(
        "idempotency keys and their stored answers",
        EVERY_SERVICE,
        "idempotency_keys",
        30,
        "the key was first used",
        Disposal.DELETE,
        True,
        "a client retries within minutes; a stored answer may echo a worker's record",
    ),
    RetentionRule(
        "dead letters",
        EVERY_SERVICE,
        "<topic>.dlq",
        DEAD_LETTER_RETENTION_DAYS,
        "the letter was written",
        Disposal.TOPIC,
        True,
        "time to replay or discard a refused event (docs/operations.md); the original stays "
        "on its topic",
    ),
    RetentionRule(
        "webhook deliveries",
        "notifications",
        "webhook_deliveries",
        90,
        "the delivery was created",
        Disposal.DELETE,
        False,
        "proof a subscriber was told; alerts name no person",
    ),
    RetentionRule(
        "audit entries",
        EVERY_SERVICE,
        "audit",
        AUDIT_YEARS * YEAR,
        "the request",
        Disposal.DELETE,
        False,
        "who read or changed a worker's record: the processing log the law asks for, and what "
        "a breach notification is built from",
    ),
    RetentionRule(
        "emergency access grants",
        EVERY_SERVICE,
        "emergency_access",
        AUDIT_YEARS * YEAR,
        "the grant",
        Disposal.DELETE,
        False,
        "reviewed with the audit entries they explain",
    ),
    RetentionRule(
        "closed aftercare cases",
        "aftercare",
        "cases",
        5 * YEAR,
        "the case closed",
        Disposal.ERASE,
        True,
        "a returned worker's follow-up is over; reports keep their counts from de-identified facts",
    ),
    RetentionRule(
        "withdrawn cases of workers never sent abroad",
        "intake",
        "workers",
        2 * YEAR,
        "the worker withdrew",
        Disposal.ERASE,
        True,
        "the law asks that the data of people not recruited be deleted once its purpose is over",
    ),
    RetentionRule(
        "events on the topics",
        EVERY_SERVICE,
        "homeward.<service>.events",
        None,
        "the event",
        Disposal.KEEP,
        True,
        "the system of record every view is rebuilt from; personal fields are sealed per "
        "worker, so an erasure reaches every copy",
    ),
)


def rule_for(where: str, service: str | None = None) -> RetentionRule:
    """The rule of a collection or topic (of one service, or one every service keeps)."""
    for rule in RETENTION:
        if rule.where == where and service in (None, rule.service, EVERY_SERVICE):
            return rule
    raise KeyError(where)
