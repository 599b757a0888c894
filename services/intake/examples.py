"""Examples the OpenAPI document shows for intake's requests and answers: Đinh Thị Linh of Sơn
Tịnh, Quảng Ngãi, on her way to Japan (made-up data, no real person)."""

from __future__ import annotations

from typing import Any

from pydantic.config import JsonDict

WORKER = "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11"
OFFICER = "cb-son-linh"
HOME: JsonDict = {
    "province_code": "51", "commune_code": "21307", "former_province_code": "51",
    "former_district_code": "529", "former_commune_code": "21304",
}  # fmt: skip
NEW_HOME: JsonDict = {"province_code": "51", "commune_code": "21028"}
COLLATERAL: JsonDict = {
    "kind": "land_use_rights", "description": "Giấy chứng nhận quyền sử dụng đất thửa số 112",
    "value_vnd": 250_000_000,
}  # fmt: skip
APPLY_FOR_LOAN: JsonDict = {
    "amount_vnd": 100_000_000, "purpose": "Chi phí đi làm việc tại Nhật Bản (phí dịch vụ, vé)",
    "cost_of_going_vnd": 120_000_000, "market": "JP", "collateral": COLLATERAL,
}  # fmt: skip
LOAN: JsonDict = {
    **APPLY_FOR_LOAN, "loan_id": "ln-1a2b3c", "worker_id": WORKER, "status": "approved",
    "rejection_reason": None, "requested_at": "2026-03-10T02:00:00Z",
    "history": [
        {"status": "requested", "by": OFFICER, "at": "2026-03-10T02:00:00Z", "reason": None},
        {"status": "approved", "by": "nhcsxh-son-tinh", "at": "2026-03-17T03:00:00Z",
         "reason": "Đủ điều kiện vay ưu đãi"},
    ],
}  # fmt: skip
CHANGE_LOAN: JsonDict = {"reason": "Đủ điều kiện vay ưu đãi"}
RECORD_CONSULTATION: JsonDict = {
    "held_on": "2026-02-14", "channel": "commune_conference",
    "topics": ["markets", "costs", "preferential_loans"], "markets_discussed": ["JP", "KR"],
    "outcome": "wants_to_go", "notes": "Muốn làm chế biến thực phẩm tại Nhật Bản",
}  # fmt: skip
CONSULTATION: JsonDict = {
    **RECORD_CONSULTATION, "officer": OFFICER, "consultation_id": "cs-77e1", "worker_id": WORKER,
    "recorded_at": "2026-02-14T09:00:00Z",
}  # fmt: skip
REQUEST_TRANSFER: JsonDict = {
    "to_locality": NEW_HOME, "effective_date": "2026-04-01",
    "reason": "Gia đình chuyển về sống tại phường mới",
}  # fmt: skip
TRANSFER: JsonDict = {
    **REQUEST_TRANSFER, "transfer_id": "tr-2f0c", "worker_id": WORKER, "from_locality": HOME,
    "status": "accepted", "needs_approval": False, "approved_by": None,
    "requested_by": OFFICER, "requested_at": "2026-03-25T02:00:00Z",
    "decided_by": "cb-truong-quang-trong", "decided_at": "2026-03-27T02:00:00Z",
    "refusal_reason": None,
}  # fmt: skip
ACCEPT_TRANSFER: JsonDict = {}
REFUSE_TRANSFER: JsonDict = {"reason": "Địa chỉ mới không thuộc phường này"}
TRANSFER_LISTING: JsonDict = {
    "transfer_id": "tr-2f0c", "worker_id": WORKER, "from_locality": HOME,
    "to_locality": NEW_HOME, "effective_date": "2026-04-01", "needs_approval": False,
    "status": "requested", "requested_by": OFFICER, "requested_at": "2026-03-25T02:00:00Z",
    "decided_by": None, "decided_at": None,
}  # fmt: skip
REFER_WORKER: JsonDict = {
    "agency": "job_centre", "agency_name": "Trung tâm Dịch vụ việc làm tỉnh Quảng Ngãi",
    "reason": "Cần tư vấn việc làm trong nước trong khi chờ đơn hàng",
}  # fmt: skip
REFERRAL: JsonDict = {
    **REFER_WORKER, "referral_id": "rf-90ab", "worker_id": WORKER, "referred_by": OFFICER,
    "referred_at": "2026-03-02T02:00:00Z", "outcome": "served",
    "outcome_note": "Đã được giới thiệu việc làm tạm thời", "outcome_by": OFFICER,
    "outcome_at": "2026-03-20T02:00:00Z",
}  # fmt: skip
RECORD_REFERRAL_OUTCOME: JsonDict = {
    "outcome": "served", "note": "Đã được giới thiệu việc làm tạm thời",
}  # fmt: skip
CORRECT_WORKER: JsonDict = {
    "reason": "Sửa số điện thoại theo đề nghị của người lao động", "phone": "0905 123 456",
}  # fmt: skip
GIVE_CONSENT: JsonDict = {"purposes": ["training", "placement"], "notice_version": "2026-01"}
WITHDRAW_CONSENT: JsonDict = {
    "purposes": ["placement"], "reason": "Tạm dừng tìm việc vì lý do sức khỏe",
}  # fmt: skip
START_JOURNEY: JsonDict = {"desired_markets": ["KR"], "desired_sectors": ["agriculture"]}
REOPEN_WORKER: JsonDict = {"reason": "Người lao động muốn tiếp tục hồ sơ"}
WITHDRAW_WORKER: JsonDict = {"reason": "Người lao động không còn nhu cầu đi làm việc"}

TWIN = "4e1d2a7c-8b3f-4c60-9a15-6d7e8f9a0b12"
REVIEW: JsonDict = {
    "review_id": "rv-3c8e1f", "worker_ids": [WORKER, TWIN], "more_records": 0, "score": 92,
    "candidates": [
        {"worker_id": TWIN, "matched_with": WORKER, "score": 92,
         "reasons": ["tên khác 1 chữ cái", "cùng ngày sinh", "cùng xã"]},
    ],
    "status": "same_person", "flagged_at": "2026-02-21T03:00:00Z", "decided_by": OFFICER,
    "decided_at": "2026-02-22T08:00:00Z",
    "reason": "Cùng số CCCD trên bản chụp, đăng ký hai lần tại hai hội nghị tư vấn",
    "survivor_id": WORKER, "merged_ids": [TWIN], "merge_completed": True,
}  # fmt: skip
DECIDE_REVIEW: JsonDict = {
    "decision": "same_person", "reason": REVIEW["reason"], "survivor_id": WORKER,
    "merged_ids": [TWIN],
}  # fmt: skip
IMPORT_JOB: JsonDict = {
    "job_id": "im-51-0a9d", "filename": "dang-ky-son-tinh-thang-3.xlsx", "format": "xlsx",
    "kind": "registrations", "status": "completed", "imported_by": OFFICER, "total_rows": 48,
    "processed_rows": 48, "created": 45, "already_imported": 1, "duplicate": 1, "rejected": 1,
    "submitted_at": "2026-03-05T02:00:00Z", "finished_at": "2026-03-05T02:00:41Z",
    "error": None, "results_url": "/imports/im-51-0a9d/results.csv",
}  # fmt: skip
IMPORT_ROW: JsonDict = {
    "row": 7, "outcome": "rejected", "worker_id": None, "duplicate_of": None,
    "likely_duplicates": [],
    "problems": [{"column": "date_of_birth", "reason": "Ngày sinh không hợp lệ: 31/02/2001"}],
}  # fmt: skip
ELIGIBILITY: JsonDict = {
    "worker_id": WORKER, "assessed_on": "2026-03-01",
    "rules": [
        {"rule": "adult_age", "outcome": "met", "reason": "Đủ 18 tuổi"},
        {"rule": "preferential_loan", "outcome": "met",
         "reason": "Thuộc hộ cận nghèo của xã, được vay vốn ưu đãi"},
    ],
    "support": {"subproject2": True, "training_cost_support": True,
                "preferential_loan": True, "reasons": []},
}  # fmt: skip
REVISION: JsonDict = {
    "number": 2, "by": OFFICER, "at": "2026-03-03T04:00:00Z", "reason": CORRECT_WORKER["reason"],
    "changes": [{"field": "phone", "old": "***789", "new": "***456"}],
}  # fmt: skip


def shown(*examples: JsonDict) -> dict[str, Any]:
    """Returns the ``json_schema_extra`` that shows the examples on a model's schema."""
    return {"examples": list(examples)}
