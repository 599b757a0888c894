"""What aftercare's write logs keep of an erased worker: every change stays (its ids, codes and
dates), with every personal field of its events and every officer's text withheld."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from services.aftercare.domain.incidents import Incident, without_text
from shared.privacy.personal import withheld_data


def _without_personal(events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Timeline entries or outbox entries (each a ``type`` and its ``data``), withheld."""
    return [{**e, "data": withheld_data(str(e.get("type")), dict(e.get("data") or {}))}
            for e in events]  # fmt: skip


def forgotten_case_change(change: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fields of a case's change to write once its worker is erased: its timeline entries
    and waiting events without their personal fields; None if nothing is left to withhold."""
    fields: dict[str, Any] = {}
    for name in ("entries", "outbox"):
        held = list(change.get(name) or [])
        kept = _without_personal(held)
        if kept != held:
            fields[name] = kept
    return fields or None


def forgotten_incident_change(change: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fields of an incident's change to write once its worker is erased: the incident
    without the description, status notes and follow-up actions, and its waiting events
    without their personal fields; None if nothing is left to withhold."""
    fields: dict[str, Any] = {}
    incident = change.get("incident")
    if isinstance(incident, Mapping):
        kept = without_text(Incident.model_validate(incident)).model_dump(mode="json")
        if kept != dict(incident):
            fields["incident"] = kept
    held = list(change.get("outbox") or [])
    events = _without_personal(held)
    if events != held:
        fields["outbox"] = events
    return fields or None
