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

OFFICER = "cb-hau-can-51"
DEPARTED_AT = "2024-04-10T01:00:00Z"
CONTRACT_ENDING: JsonDict = {
    "worker_id": WORKER, "full_name": "Đinh Thị Linh", "province_code": "51",
    "commune_code": "21307", "placement_id": PLACEMENT, "country": "JP",
    "employer": "Công ty TNHH Thực phẩm Hokuriku", "expected_return": "2027-04-09",
    "days_left": 60,
}  # fmt: skip
CONTACT_GAP: JsonDict = {
    "worker_id": WORKER, "full_name": "Đinh Thị Linh", "province_code": "51",
    "commune_code": "21307", "country": "JP", "last_contact_at": "2026-07-11T12:00:00Z",
    "silent_since": "2026-07-11T12:00:00Z", "days_without_contact": 52,
    "latest_wellbeing": "concerns",
}  # fmt: skip
ESCALATED: JsonDict = {
    "worker_id": WORKER, "incident_id": "inc-3f9a2b", "ticket": "HW-2026-000123",
    "level": "province", "category": "unpaid_wages", "severity": "high", "status": "open",
    "province_code": "51", "commune_code": "21307", "reported_at": "2026-09-08T02:00:00Z",
    "missed_deadline": "2026-09-09T02:00:00Z", "escalated_at": "2026-09-09T02:05:00Z",
}  # fmt: skip
REMITTANCE_TOTAL: JsonDict = {
    "worker_id": None, "province_code": "51", "commune_code": "21307", "month": "2026-08",
    "count": 41, "total_vnd": 1_230_000_000,
}  # fmt: skip
RECORD_CHECK_IN: JsonDict = {
    "contact": "worker", "channel": "zalo", "wellbeing": "good",
    "contacted_at": "2026-09-20T12:00:00Z",
    "notes": "Công việc ổn định, đã nhận đủ lương tháng 8",
}  # fmt: skip
CHECKED_IN: JsonDict = {
    **RECORD_CHECK_IN, "worker_id": WORKER, "placement_id": PLACEMENT, "check_in_id": "ci-5a71",
    "recorded_by": OFFICER, "recorded_at": "2026-09-20T12:10:00Z",
}  # fmt: skip
CHECK_INS_PAGE: JsonDict = {"items": [CHECKED_IN], "next_cursor": "Y2ktNWE3MQ"}
"""A page with more after it: FastAPI drops a null ``next_cursor`` from a route's example."""
EXTEND_CONTRACT: JsonDict = {
    "new_end": "2028-04-09", "reason": "Chuyển sang kỹ năng đặc định số 1, gia hạn hai năm",
}  # fmt: skip
CONTRACT_EXTENDED: JsonDict = {
    "worker_id": WORKER, "placement_id": PLACEMENT, "previous_end": "2027-04-09",
    "new_end": "2028-04-09", "reason": EXTEND_CONTRACT["reason"], "extended_by": OFFICER,
    "extended_at": "2027-02-01T02:00:00Z",
}  # fmt: skip
REPORT_MISSING: JsonDict = {
    "kind": "missing", "last_contact_at": "2026-07-11T12:00:00Z",
    "steps_taken": ["Gọi điện và nhắn Zalo nhiều lần", "Liên hệ nghiệp đoàn và công ty tiếp nhận"],
}  # fmt: skip
REPORTED_MISSING: JsonDict = {
    **REPORT_MISSING, "worker_id": WORKER, "placement_id": PLACEMENT, "reported_by": OFFICER,
    "reported_at": "2026-09-01T03:00:00Z",
}  # fmt: skip
RESUME_CONTACT: JsonDict = {
    "contacted_at": "2026-09-10T11:00:00Z", "notes": "Người lao động đổi số điện thoại, vẫn khỏe",
}  # fmt: skip
CONTACT_RESUMED: JsonDict = {
    **RESUME_CONTACT, "worker_id": WORKER, "placement_id": PLACEMENT, "recorded_by": OFFICER,
    "recorded_at": "2026-09-10T11:30:00Z",
}  # fmt: skip
RECORD_DEATH: JsonDict = {
    "died_on": "2026-10-02",
    "repatriation": {"arrangement": "ashes", "expected_on": "2026-10-20",
                     "cost_bearers": ["employer", "insurance"]},
    "family_support": ["insurance_claim", "overseas_employment_fund", "counselling"],
}  # fmt: skip
DIED_ABROAD: JsonDict = {
    **RECORD_DEATH, "worker_id": WORKER, "placement_id": PLACEMENT, "recorded_by": OFFICER,
    "recorded_at": "2026-10-03T02:00:00Z",
}  # fmt: skip
RECORD_RETURN: JsonDict = {"returned_on": "2027-04-12", "reason": "contract_completed"}
RETURNED: JsonDict = {
    **RECORD_RETURN, "worker_id": WORKER, "recorded_at": "2027-04-13T02:00:00Z",
    "placement_id": PLACEMENT, "recorded_by": OFFICER,
}  # fmt: skip
PLAN_REINTEGRATION: JsonDict = {
    "skills_gained": ["chế biến thủy sản", "an toàn vệ sinh thực phẩm"],
    "language_level": "JLPT-N3", "savings_vnd": 350_000_000, "plans": ["business"],
    "notes": "Muốn mở cơ sở chế biến hải sản khô tại quê",
}  # fmt: skip
REINTEGRATION_PLANNED: JsonDict = {
    **PLAN_REINTEGRATION, "worker_id": WORKER, "placement_id": PLACEMENT,
    "assessed_by": OFFICER, "assessed_at": "2027-04-20T02:00:00Z",
}  # fmt: skip
REFER_WORKER: JsonDict = {
    "kind": "credit", "organisation": "Ngân hàng Chính sách xã hội huyện Sơn Tịnh",
    "notes": "Vay vốn khởi nghiệp cho người lao động về nước",
}  # fmt: skip
REFERRED: JsonDict = {
    **REFER_WORKER, "worker_id": WORKER, "placement_id": PLACEMENT, "referral_id": "rr-0b6d",
    "referred_by": OFFICER, "referred_at": "2027-04-22T02:00:00Z",
}  # fmt: skip
RECORD_OUTCOME: JsonDict = {
    "outcome": "business_started", "notes": "Đã mở cơ sở chế biến với 3 lao động địa phương",
}  # fmt: skip
OUTCOME_RECORDED: JsonDict = {
    **RECORD_OUTCOME, "worker_id": WORKER, "placement_id": PLACEMENT, "recorded_by": OFFICER,
    "recorded_at": "2027-10-01T02:00:00Z",
}  # fmt: skip
CLOSE_CASE: JsonDict = {"reason": "reintegrated", "notes": "Ổn định sinh kế sau sáu tháng về nước"}
CASE_CLOSED: JsonDict = {
    **CLOSE_CASE, "worker_id": WORKER, "placement_id": PLACEMENT, "closed_by": OFFICER,
    "closed_at": "2027-10-15T02:00:00Z",
}  # fmt: skip
CONTACTS: JsonDict = {
    "worker_id": WORKER, "phone": "+81 80 0000 1234",
    "family_contact": {"name": "Đinh Văn Hùng", "relationship": "bố", "phone": "0905 000 111"},
}  # fmt: skip
REPORT_REMITTANCE: JsonDict = {
    "amount": 150_000, "currency": "JPY", "amount_vnd": 25_500_000, "sent_on": "2026-08-28",
}  # fmt: skip
REMITTANCE: JsonDict = {
    **REPORT_REMITTANCE, "remittance_id": "rm-7c30", "worker_id": WORKER,
    "placement_id": PLACEMENT, "province_code": "51", "commune_code": "21307",
    "reported_by": OFFICER, "reported_at": "2026-09-01T03:00:00Z",
}  # fmt: skip
WORKER_REMITTANCES: JsonDict = {
    "worker_id": WORKER, "count": 1, "total_vnd": 25_500_000, "remittances": [REMITTANCE],
}  # fmt: skip
DEPARTURE: JsonDict = {
    "worker_id": WORKER, "placement_id": PLACEMENT, "country": "JP",
    "employer": CONTRACT_ENDING["employer"], "sector": "food_processing",
    "enterprise_id": "dn-xkld-51-01", "job_order_id": "jo-jp-2024-017",
    "contract_start": "2024-04-10", "contract_end": "2027-04-09", "monthly_salary": 180_000,
    "salary_currency": "JPY", "monthly_salary_vnd": 30_600_000, "departed_at": DEPARTED_AT,
    "journey": 1,
}  # fmt: skip
CASE: JsonDict = {
    "worker_id": WORKER,
    "summary": {
        "worker_id": WORKER, "merged_into": None, "full_name": "Đinh Thị Linh",
        "province_code": "51", "commune_code": "21307", "journeys": 1, "journey": 1,
        "stage": "abroad", "withdrawn": False, "placement_id": PLACEMENT, "country": "JP",
        "employer": CONTRACT_ENDING["employer"], "departed_at": DEPARTED_AT,
        "expected_return": "2027-04-09", "last_contact_at": CHECKED_IN["contacted_at"],
        "latest_wellbeing": "good", "open_incidents": 1, "remittance_count": 1,
        "remitted_vnd": 25_500_000, "missing_kind": None, "missing_since": None,
        "died_on": None, "closed_at": None, "aftercare_consented": True,
        "reintegration_planned": False,
    },
    "journeys": [
        {"number": 1, "stage": "abroad", "withdrawn": False,
         "started_at": "2026-01-05T02:00:00Z", "registered_at": "2026-01-05T02:00:00Z",
         "trained_markets": ["JP"], "visa_refusals": [], "departure": DEPARTURE,
         "expected_return": "2027-04-09", "employer_changes": [], "extensions": [],
         "check_ins": [CHECKED_IN], "last_contact_at": CHECKED_IN["contacted_at"],
         "latest_wellbeing": "good", "remittance_count": 1, "remitted_vnd": 25_500_000,
         "incidents": [
             {"incident_id": "inc-3f9a2b", "ticket": "HW-2026-000123",
              "category": "unpaid_wages", "severity": "high", "status": "in_progress",
              "escalated_to": None, "reported_at": "2026-09-08T02:00:00Z"},
         ],
         "missing": None, "missing_reports": [], "contact_resumptions": [], "death": None,
         "returned": None, "assessment": None, "referrals": [], "outcome": None,
         "closure": None},
    ],
}  # fmt: skip


def shown(*examples: JsonDict) -> dict[str, Any]:
    """Returns the ``json_schema_extra`` that shows the examples on a model's schema."""
    return {"examples": list(examples)}


def answer(example: JsonDict | list[JsonDict]) -> dict[str, Any]:
    """Returns the entry of a route's ``responses`` that shows an example of its JSON answer."""
    return {"content": {"application/json": {"example": example}}}
