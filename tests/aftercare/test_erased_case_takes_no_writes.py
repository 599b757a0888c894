"""An erased worker's case takes no new entries, on the real store: the erasure job forgets
what the write logs held when it ran and never looks at the worker again, so a check-in, an
incident or a change of one written afterwards would keep its notes for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.aftercare import store
from services.aftercare.app import aftercare_service
from services.aftercare.domain import checkins, incidents
from shared.errors import ConflictError
from shared.persistence import Update
from shared.persistence.kinds import kind_of
from shared.persistence.stores import open_store
from shared.privacy.erasure_pass import erasure_mark
from tests.aftercare.builders import abroad

NOW = datetime.now(UTC)
DAY = timedelta(days=1)
ERASED = {"erased": True, **erasure_mark(True)}
"""What the case view's projection writes on hearing ``worker.erased``."""
NOTE = "Chị Hoa nói chủ nhà giữ hộ chiếu, gọi lại số 0987 654 321."


async def test_no_check_in_incident_or_incident_change_is_written_after_erasure(
    store_client: AsyncMongoClient[dict[str, Any]], unique: str
) -> None:
    database = store_client[f"{unique}_aftercare"]
    on = open_store(database, kind_of(database))
    await store.prepare(on)
    service = aftercare_service(on, "test.")
    case = abroad("w-erased", NOW - 100 * DAY, (NOW + 300 * DAY).date())
    await on.collection(store.CASES).insert(
        {"_id": "w-erased", "version": 1, **store.case_state(case)}
    )
    report = incidents.ReportIncident.model_validate(
        {"category": "injury_or_illness", "severity": "high", "description": "Bị thương ở tay.",
         "reported_by": "officer-1"}
    )  # fmt: skip
    incident = await service.report_incident("w-erased", report, "inc-before")
    await on.collection(store.CASES).put("w-erased", Update(set=ERASED))
    assert await service.forget_erased() == ["w-erased"]

    check_in = checkins.RecordCheckIn.model_validate(
        {"contact": "family", "channel": "phone", "wellbeing": "concerns", "notes": NOTE,
         "contacted_at": NOW - DAY, "recorded_by": "officer-1"}
    )  # fmt: skip
    with pytest.raises(ConflictError, match="erased"):
        await service.record_check_in("w-erased", check_in, "ci-after")
    with pytest.raises(ConflictError, match="erased"):
        await service.report_incident("w-erased", report, "inc-after")
    moved = incidents.ChangeIncidentStatus.model_validate(
        {"status": "in_progress", "note": NOTE, "changed_by": "officer-2"}
    )
    with pytest.raises(ConflictError, match="erased"):
        await service.change_incident_status(incident.incident_id, moved)
    written = await database[store.CASE_WRITES].find().to_list()
    written += await database[store.INCIDENT_WRITES].find().to_list()
    assert written
    assert NOTE not in str(written)


async def test_one_workers_unreadable_change_leaves_the_others_forgotten(
    store_client: AsyncMongoClient[dict[str, Any]], unique: str
) -> None:
    """A change the job cannot read (an incident stored in a shape no longer valid) stops
    only its own worker: the others are forgotten on the same pass."""
    database = store_client[f"{unique}_aftercare"]
    on = open_store(database, kind_of(database))
    await store.prepare(on)
    service = aftercare_service(on, "test.")
    check_in = checkins.RecordCheckIn.model_validate(
        {"contact": "family", "channel": "phone", "wellbeing": "concerns", "notes": NOTE,
         "contacted_at": NOW - DAY, "recorded_by": "officer-1"}
    )  # fmt: skip
    for worker in ("w-0-unreadable", "w-1"):
        case = abroad(worker, NOW - 100 * DAY, (NOW + 300 * DAY).date())
        await on.collection(store.CASES).insert(
            {"_id": worker, "version": 1, **store.case_state(case)}
        )
        await service.record_check_in(worker, check_in, f"ci-{worker}")
        await on.collection(store.CASES).put(worker, Update(set=ERASED))
    await database[store.INCIDENT_WRITES].insert_one(
        {"_id": "old-shape", "worker_id": "w-0-unreadable", "incident": {"ticket": 7}}
    )

    assert await service.forget_erased() == ["w-1"]
    written = await database[store.CASE_WRITES].find({"worker_id": "w-1"}).to_list()
    assert written
    assert NOTE not in str(written)
