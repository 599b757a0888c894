"""Examples the OpenAPI document shows for aftercare's requests and answers: a worker from
Quảng Ngãi in Japan whose wages are late (made-up data)."""

from __future__ import annotations

from typing import Any

from pydantic.config import JsonDict

WORKER = "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11"
PLACEMENT = "pl-7d41c0aa"
REPORT_INCIDENT: JsonDict = {
    "category": "unpaid_wages", "severity": "high",
    "description": "Người lao động báo công ty chậm trả lương hai tháng (tháng 7 và tháng 8)",
    "occurred_on": "2026-09-05", "reported_at": None, "assignee": "cb-hau-can-51",
}  # fmt: skip
INCIDENT: JsonDict = {
    "incident_id": "inc-3f9a2b", "ticket": "HW-2026-000123", "worker_id": WORKER,
    "placement_id": PLACEMENT, "province_code": "51", "commune_code": "21307",
    "category": "unpaid_wages", "severity": "high",
    "description": REPORT_INCIDENT["description"], "occurred_on": "2026-09-05",
    "status": "in_progress", "assignee": "cb-hau-can-51", "reported_by": "cb-hau-can-51",
    "reported_at": "2026-09-08T02:00:00Z", "respond_by": "2026-09-09T02:00:00Z",
    "resolve_by": "2026-09-22T02:00:00Z", "responded_at": "2026-09-08T07:30:00Z",
    "resolved_at": None, "closed_at": None,
    "history": [
        {"from_status": "open", "to_status": "in_progress", "changed_by": "cb-hau-can-51",
         "changed_at": "2026-09-08T07:30:00Z",
         "note": "Đã liên hệ doanh nghiệp phái cử và nghiệp đoàn"},
    ],
    "follow_ups": [
        {"action_id": "fu-1", "action": "Gọi lại cho người lao động sau khi doanh nghiệp trả lời",
         "due_on": "2026-09-12", "recorded_by": "cb-hau-can-51",
         "recorded_at": "2026-09-08T07:35:00Z"},
    ],
    "escalations": [],
}  # fmt: skip
ASSIGN_INCIDENT: JsonDict = {"assignee": "cb-hau-can-51"}
CHANGE_STATUS: JsonDict = {
    "status": "resolved", "note": "Công ty đã trả đủ lương hai tháng ngày 15/9",
}  # fmt: skip
RECORD_FOLLOW_UP: JsonDict = {
    "action": "Gọi lại cho người lao động sau khi doanh nghiệp trả lời", "due_on": "2026-09-12",
}  # fmt: skip


def shown(*examples: JsonDict) -> dict[str, Any]:
    """Returns the ``json_schema_extra`` that shows the examples on a model's schema."""
    return {"examples": list(examples)}
