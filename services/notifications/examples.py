"""Examples the OpenAPI document shows for notifications' requests and answers: an alert about
a worker in Japan not heard from, and a province's webhook (made-up data)."""

from __future__ import annotations

from typing import Any

from pydantic.config import JsonDict

WORKER = "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11"
ALERT: JsonDict = {
    "alert_id": "al-no_contact-9b0c6f2e", "kind": "no_contact", "worker_id": WORKER,
    "reason": "không liên lạc được 52 ngày (ngưỡng 45 ngày)", "province_code": "51",
    "commune_code": "21307", "recipients": ["cb-hau-can-51"], "status": "acknowledged",
    "raised_at": "2026-09-01T00:05:00Z", "acknowledged_by": "cb-hau-can-51",
    "acknowledged_at": "2026-09-01T02:10:00Z", "resolution": None, "resolution_reason": None,
    "resolved_by": None, "resolved_at": None,
}  # fmt: skip
ACKNOWLEDGE_ALERT: JsonDict = {}
RESOLVE_ALERT: JsonDict = {"reason": "Đã gọi được cho người lao động qua Zalo, vẫn khỏe"}
SET_CONTACT: JsonDict = {"email": "hau-can@sldtbxh.quangngai.example", "phone": "0905 111 222",
                         "language": "vi"}  # fmt: skip
OFFICER_CONTACT: JsonDict = {
    **SET_CONTACT, "subject": "cb-hau-can-51", "role": "aftercare_officer",
    "province_code": "51", "commune_code": None,
}  # fmt: skip
CREATE_SUBSCRIPTION: JsonDict = {
    "url": "https://ho-so.quangngai.example/homeward/webhook",
    "event_types": ["alert.raised", "alert.resolved"], "alert_kinds": ["no_contact"],
    "province_codes": ["51"], "secret": None,
}  # fmt: skip
SUBSCRIPTION: JsonDict = {
    "subscription_id": "sub-51-hoso", "url": CREATE_SUBSCRIPTION["url"],
    "event_types": CREATE_SUBSCRIPTION["event_types"], "alert_kinds": ["no_contact"],
    "province_codes": ["51"], "status": "active", "failing_since": None,
    "created_by": "integration-quangngai", "created_at": "2026-01-15T03:00:00Z",
}  # fmt: skip
NEW_SUBSCRIPTION: JsonDict = {**SUBSCRIPTION, "secret": "whsec_4f8b2c1d9e0a7b6c5d4e3f2a1b0c9d8e"}
DELIVERY: JsonDict = {
    "delivery_id": "dl-0c1d", "subscription_id": "sub-51-hoso",
    "event_id": "5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "event_type": "alert.raised",
    "worker_id": WORKER, "order": "00000000000000000042",
    "body": "{\"type\":\"alert.raised\"}", "state": "delivered",
    "attempts": [{"at": "2026-05-28T17:00:02Z", "status": 200, "error": None,
                  "duration_ms": 84}],
    "created_at": "2026-05-28T17:00:01Z", "next_attempt_at": "2026-05-28T17:00:01Z",
}  # fmt: skip
DELIVERY_LIST: JsonDict = {"deliveries": [DELIVERY]}
RULE_TABLE: JsonDict = {
    "rules": [
        {"kind": "no_contact", "watches": "a worker abroad not contacted for N days",
         "parameter": "no_contact_days", "days": 45},
        {"kind": "incident_overdue", "watches": "an incident past its deadline, or escalated",
         "parameter": None, "days": None},
    ]
}  # fmt: skip


def shown(*examples: JsonDict) -> dict[str, Any]:
    """Returns the ``json_schema_extra`` that shows the examples on a model's schema."""
    return {"examples": list(examples)}
