"""Training's event subscribers: intake's events folded into the candidates view."""

from __future__ import annotations

from shared.consumer import ProjectionError, ReceivedEvent, ViewChange
from shared.contracts.intake import (
    WorkerCorrected,
    WorkerRegistered,
    WorkerReopened,
    WorkerWithdrawn,
)
from shared.events.topics import Topic
from shared.store import Document

CANDIDATES = "candidates"


class CandidateProjection:
    """Who may enrol: registered workers and whether they withdrew, from intake's events.

    Converges whatever the arrival order: each fact is kept with the sequence that set it, and
    a fact only replaces one with a lower sequence.
    """

    name = "candidates"

    def __init__(self, topic_prefix: str = "") -> None:
        self.output_topic = topic_prefix + Topic.TRAINING

    def view_id(self, event: ReceivedEvent) -> str | None:
        return event.envelope.subject

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        view: Document = dict(state or {"worker_id": event.envelope.subject})
        sequence = event.envelope.sequence
        payload = event.payload
        if isinstance(payload, WorkerRegistered | WorkerCorrected):
            if sequence > view.get("profile_sequence", 0):
                view["profile_sequence"] = sequence
                view["full_name"] = payload.full_name
                view["province_code"] = payload.locality.province_code
                view["commune_code"] = payload.locality.commune_code
                view["training_cost_support"] = payload.support.training_cost_support
            view["registered"] = True
        elif isinstance(payload, WorkerWithdrawn | WorkerReopened):
            if sequence > view.get("status_sequence", 0):
                view["status_sequence"] = sequence
                view["withdrawn"] = isinstance(payload, WorkerWithdrawn)
        else:
            raise ProjectionError(f"training does not read {event.envelope.type}")
        return ViewChange(view)
