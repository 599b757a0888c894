"""Examples the OpenAPI document shows for training's requests and answers: a Japanese course
at a Quảng Ngãi language centre and a worker who passes it (made-up data)."""

from __future__ import annotations

from typing import Any

from pydantic.config import JsonDict

WORKER = "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11"
PROVIDER = "pv-51-nhat-ngu-sakura"
COURSE = "c-jp-n4-2026-03"
ENROLMENT = "en-5c2e91"
REGISTER_PROVIDER: JsonDict = {
    "name": "Trung tâm Nhật ngữ Sakura Quảng Ngãi", "province_code": "51",
    "kinds": ["language", "orientation"], "licence_number": "51/GCN-GDNN-2023",
}  # fmt: skip
PROVIDER_VIEW: JsonDict = {**REGISTER_PROVIDER, "provider_id": PROVIDER, "active": True}
SCHEDULE_COURSE: JsonDict = {
    "provider_id": PROVIDER, "title": "Tiếng Nhật N4 cho điều dưỡng và chế biến thực phẩm",
    "kind": "language", "language": "ja", "target_level": "JLPT-N4", "market": "JP",
    "sector": "food_processing", "hours": 480,
    "sessions": [
        {"session_id": "s01", "on": "2026-03-02", "topic": "Bảng chữ cái Hiragana"},
        {"session_id": "s02", "on": "2026-03-04", "topic": "Chào hỏi nơi làm việc"},
    ],
    "capacity": 30, "cost_vnd": 9_600_000, "pass_mark": 90.0, "max_score": 180.0,
    "min_attendance_percent": 80,
}  # fmt: skip
COURSE_VIEW: JsonDict = {
    **SCHEDULE_COURSE, "course_id": COURSE, "seats_taken": 12, "starts_on": "2026-03-02",
    "ends_on": "2026-03-04", "seats_left": 18,
}  # fmt: skip
ENROL_WORKER: JsonDict = {"worker_id": WORKER}
CERTIFICATE: JsonDict = {
    "number": "SKR-51/2026/0031", "course_id": COURSE, "kind": "language",
    "issued_on": "2026-05-29", "language_level": "JLPT-N4", "language": "ja",
    "provider_id": PROVIDER,
}  # fmt: skip
ENROLMENT_VIEW: JsonDict = {
    "enrolment_id": ENROLMENT, "worker_id": WORKER, "course_id": COURSE, "provider_id": PROVIDER,
    "status": "enrolled", "enrolled_at": "2026-02-20T02:00:00Z",
    "support": {"eligible": True, "supported_vnd": 4_000_000, "worker_pays_vnd": 5_600_000},
    "attendance": [
        {"session_id": "s01", "present": True, "recorded_at": "2026-03-02T10:00:00Z"},
    ],
    "attended_percent": 100.0, "passed_on": None, "closed_at": None, "drop_out_reason": None,
    "certificate": None,
}  # fmt: skip
MARK_ATTENDANCE: JsonDict = {"present": True}
DROP_OUT: JsonDict = {"reason": "family"}
ISSUE_CERTIFICATE: JsonDict = {"number": "SKR-51/2026/0031", "issued_on": "2026-05-29"}
ASSESS_WORKER: JsonDict = {
    "kind": "final", "enrolment_id": ENROLMENT, "market": None,
    "assessor": "Nguyễn Thị Mai (giáo viên)", "score": 126, "max_score": None,
    "pass_mark": None, "assessed_on": "2026-05-25",
}  # fmt: skip
ASSESSMENT_VIEW: JsonDict = {
    "assessment_id": "as-81d0", "kind": "final", "enrolment_id": ENROLMENT, "course_id": COURSE,
    "market": None, "assessor": ASSESS_WORKER["assessor"], "score": 126.0, "max_score": 180.0,
    "pass_mark": 90.0, "passed": True, "assessed_on": "2026-05-25",
    "recorded_at": "2026-05-25T09:00:00Z",
}  # fmt: skip

SEAT_HOLDER: JsonDict = {"enrolment_id": ENROLMENT, "worker_id": WORKER}
TRAINEE_VIEW: JsonDict = {
    "worker_id": WORKER, "registered": True, "withdrawn": False, "active": True, "journey": 1,
    "merged_into": None, "training_cost_support": True, "province_code": "51",
    "commune_code": "21307", "enrolments": [ENROLMENT_VIEW], "assessments": [ASSESSMENT_VIEW],
    "announcements": [],
}  # fmt: skip
READINESS_VIEW: JsonDict = {
    "worker_id": WORKER, "active": True,
    "markets": [
        {"market": "JP", "met": True, "announced": True, "language": "ja",
         "language_level": "JLPT-N4",
         "requirements": [
             {"code": "language", "description": "Tiếng Nhật từ trình độ N4 trở lên", "met": True,
              "certificate_numbers": ["SKR-51/2026/0031"], "assessment_ids": []},
         ]},
    ],
}  # fmt: skip
MARKET_REQUIREMENTS: JsonDict = {
    "market": "JP",
    "requirements": [
        {"code": "language", "description": "Tiếng Nhật từ trình độ N4 trở lên",
         "evidence": "language_course", "language": "ja", "min_levels": ["JLPT-N4"],
         "for_market": False},
        {"code": "orientation", "description": "Khoá bồi dưỡng kiến thức cần thiết về Nhật Bản",
         "evidence": "orientation_course", "language": None, "min_levels": [],
         "for_market": True},
    ],
}  # fmt: skip


def shown(*examples: JsonDict) -> dict[str, Any]:
    """Returns the ``json_schema_extra`` that shows the examples on a model's schema."""
    return {"examples": list(examples)}


def answer(example: JsonDict) -> dict[str, Any]:
    """Returns the entry of a route's ``responses`` that shows an example of its JSON answer."""
    return {"content": {"application/json": {"example": example}}}
