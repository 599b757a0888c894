"""The event catalogue names notifications as a consumer of every event it reads."""

from __future__ import annotations

import shared.contracts  # noqa: F401 - registers every payload
from services.notifications.handlers import (
    LicenceProjection,
    WebhookFeedProjection,
    WorkerFactsProjection,
)
from shared.events.catalogue import CATALOGUE


def test_every_event_notifications_reads_lists_it_as_a_consumer() -> None:
    read = (WorkerFactsProjection, LicenceProjection, WebhookFeedProjection)
    types = sorted({t for projection in read for t in projection.event_types})
    assert len(types) >= 17
    missing = [t for t in types if "notifications" not in CATALOGUE.current(t).consumers]
    assert missing == []
