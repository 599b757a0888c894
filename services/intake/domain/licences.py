"""The licence register as intake knows it, from deployment's ``enterprise.licence-changed``:
which sender could send workers on which day, for migrating cases already abroad.

Every change is kept with its day, so a departure years ago is checked against the licence
of that day, not today's: a licence revoked after a worker left did not make the departure
unlawful, and a renewal does not erase the earlier term.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from shared.contracts.deployment import EnterpriseLicenceChanged, LicenceChange

VIETNAM = timezone(timedelta(hours=7))
TERM_CHANGES = (LicenceChange.GRANTED, LicenceChange.RENEWED)


@dataclass(frozen=True)
class LicenceTerm:
    """One term of a sender's licence."""

    valid_from: date
    valid_until: date


@dataclass(frozen=True)
class SenderLicence:
    """A sender as the licence register knows it: its terms and status changes over time."""

    enterprise_id: str
    licence_number: str
    terms: tuple[LicenceTerm, ...]
    statuses: tuple[tuple[date, str], ...]
    """(effective day, status) of each change, in the order they were made."""


def licence_problem(sender: SenderLicence | None, on: date) -> str | None:
    """Returns why the register does not let this sender send a worker on ``on``, or None."""
    if sender is None:
        return "is not in the licence register: register the sender in deployment first"
    if not any(term.valid_from <= on <= term.valid_until for term in sender.terms):
        return f"was not valid on {on.isoformat()}"
    in_force = [status for day, status in sender.statuses if day <= on]
    if in_force and in_force[-1] != "active":
        return f"was {in_force[-1]} on {on.isoformat()}"
    return None


def with_licence_change(
    state: dict[str, Any] | None, event: EnterpriseLicenceChanged
) -> dict[str, Any]:
    """Returns the register's entry with one change added; any arrival order gives the same
    entry (changes are kept sorted by when they were made; the latest names the licence)."""
    changes = [c for c in (state or {}).get("changes", []) if c["changed_at"] != _utc(event)]
    changes.append(
        {
            "changed_at": _utc(event),
            "change": event.change.value,
            "licence_number": event.licence_number,
            "status": event.status.value,
            "valid_from": event.valid_from.isoformat(),
            "valid_until": event.valid_until.isoformat(),
            "effective_on": (
                event.valid_from
                if event.change is LicenceChange.GRANTED
                else event.changed_at.astimezone(VIETNAM).date()
            ).isoformat(),
        }
    )
    changes.sort(key=lambda c: c["changed_at"])
    return {
        "licence_number": changes[-1]["licence_number"],
        "changes": changes,
        "terms": [
            {"valid_from": c["valid_from"], "valid_until": c["valid_until"]}
            for c in changes
            if c["change"] in TERM_CHANGES
        ],
        "statuses": [
            {"on": c["effective_on"], "status": c["status"]}
            for c in changes
            if c["change"] != LicenceChange.RENEWED
        ],
    }


def sender_licence(document: dict[str, Any]) -> SenderLicence:
    """Returns a stored register entry as a sender's licence."""
    return SenderLicence(
        enterprise_id=document["_id"],
        licence_number=document["licence_number"],
        terms=tuple(
            LicenceTerm(date.fromisoformat(t["valid_from"]), date.fromisoformat(t["valid_until"]))
            for t in document.get("terms", [])
        ),
        statuses=tuple(
            (date.fromisoformat(s["on"]), s["status"]) for s in document.get("statuses", [])
        ),
    )


def _utc(event: EnterpriseLicenceChanged) -> str:
    moment: datetime = event.changed_at
    return moment.astimezone(UTC).isoformat()
