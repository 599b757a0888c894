"""Examples the OpenAPI document shows for deployment's requests and answers: a Quảng Ngãi
worker placed by a licensed sender with a food-processing employer in Japan (made-up data)."""

from __future__ import annotations

from typing import Any

from pydantic.config import JsonDict

WORKER = "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11"
ENTERPRISE = "ent-ttc-manpower"
JOB_ORDER = "jo-2026-0142"
PLACEMENT = "pl-7d41c0aa"
SALARY: JsonDict = {"amount": 185000, "currency": "JPY", "vnd_equivalent": 31_450_000}
LICENCE_TERMS: JsonDict = {
    "number": "152/LĐTBXH-GP",
    "issuing_authority": "Bộ Lao động - Thương binh và Xã hội",
    "valid_from": "2024-05-01",
    "valid_until": "2031-04-30",
}
REGISTER_ENTERPRISE: JsonDict = {
    "name": "Công ty Cổ phần Nhân lực TTC",
    "kind": "labour_supply_enterprise",
    "licence": LICENCE_TERMS,
}
ENTERPRISE_VIEW: JsonDict = {
    "enterprise_id": ENTERPRISE,
    "name": REGISTER_ENTERPRISE["name"],
    "kind": "labour_supply_enterprise",
    "licence": {**LICENCE_TERMS, "status": "active", "status_reason": None, "status_since": None},
    "history": [
        {"change": "granted", "number": LICENCE_TERMS["number"], "status": "active",
         "reason": None, "effective_on": "2024-05-01", "changed_at": "2026-01-05T02:00:00Z"},
    ],
    "may_post_orders": True,
    "may_send_workers": True,
    "licence_problem": None,
}  # fmt: skip
CHANGE_LICENCE: JsonDict = {"reason": "Chưa ký quỹ theo quy định"}
REQUIREMENTS: JsonDict = {
    "gender": None, "min_age": 18, "max_age": 35, "language_level": "N4", "certificates": [],
}  # fmt: skip
JOB_ORDER_TERMS: JsonDict = {
    "enterprise_id": ENTERPRISE, "country": "JP", "employer": "Công ty Thực phẩm Sakura (Aichi)",
    "sector": "food_processing", "positions": 12, "salary": SALARY, "contract_term_months": 36,
    "requirements": REQUIREMENTS, "deadline": "2026-06-30",
}  # fmt: skip
JOB_ORDER_VIEW: JsonDict = {
    **JOB_ORDER_TERMS, "job_order_id": JOB_ORDER, "filled": 3, "positions_left": 9,
    "status": "open", "close_reason": None, "posted_at": "2026-02-10T03:00:00Z",
    "closed_at": None, "recruiting_problem": None,
}  # fmt: skip
CLOSE_JOB_ORDER: JsonDict = {"reason": "filled"}
REASON: JsonDict = {
    "requirement": "language_level", "met": True, "required": True,
    "detail": "JLPT N4 meets the N4 asked",
}  # fmt: skip
ORDER_MATCHES: JsonDict = {
    "job_order_id": JOB_ORDER,
    "matches": [{"worker_id": WORKER, "full_name": "Đinh Thị Linh", "rank": 1, "fits": True,
                 "preferences_met": 2, "reasons": [REASON]}],
}  # fmt: skip
WORKER_MATCHES: JsonDict = {
    "worker_id": WORKER,
    "matches": [{"job_order_id": JOB_ORDER, "enterprise_id": ENTERPRISE, "country": "JP",
                 "employer": JOB_ORDER_TERMS["employer"], "rank": 1, "fits": True,
                 "preferences_met": 2, "reasons": [REASON]}],
}  # fmt: skip
CANDIDATE_VIEW: JsonDict = {
    "worker_id": WORKER, "registered": True, "full_name": "Đinh Thị Linh", "gender": "female",
    "date_of_birth": "1999-04-12", "desired_markets": ["JP"],
    "desired_sectors": ["food_processing"], "withdrawn": False, "abroad": False, "journey": 1,
    "missing": False, "died_on": None,
    "training": [{"market": "JP", "language_level": "N4", "certificates": ["cert-51-2026-0031"],
                  "trained_at": "2026-03-20T09:00:00Z"}],
    "imported_placement": None,
}  # fmt: skip
PLACEMENT_VIEW: JsonDict = {
    "placement_id": PLACEMENT, "worker_id": WORKER, "job_order_id": JOB_ORDER,
    "enterprise_id": ENTERPRISE, "country": "JP", "employer": JOB_ORDER_TERMS["employer"],
    "sector": "food_processing", "salary": SALARY, "journey": 1, "state": "visa_granted",
    "holds_position": True, "blocked_reason": None, "shortlisted_at": "2026-03-01T02:00:00Z",
    "selected_at": "2026-03-05T02:00:00Z", "signed_on": "2026-03-12",
    "contract_start": "2026-06-01", "contract_end": "2029-05-31",
    "visa_applied_on": "2026-03-20", "visa_granted_on": "2026-04-28", "departed_at": None,
    "cancelled_at": None, "cancelled_from": None, "cancel_reason": None,
    "visa_refused_on": None, "visa_refusal_reason": None, "employer_changes": [],
    "history": [
        {"state": "shortlisted", "at": "2026-03-01T02:00:00Z", "by": "ttc-tuyen-dung"},
        {"state": "selected", "at": "2026-03-05T02:00:00Z", "by": "ttc-tuyen-dung"},
        {"state": "contract_signed", "at": "2026-03-12T03:00:00Z", "by": "ttc-tuyen-dung"},
        {"state": "visa_applied", "at": "2026-03-20T03:00:00Z", "by": "ttc-tuyen-dung"},
        {"state": "visa_granted", "at": "2026-04-28T03:00:00Z", "by": "ttc-tuyen-dung"},
    ],
}  # fmt: skip
SHORTLIST: JsonDict = {"worker_id": WORKER}
SIGN_CONTRACT: JsonDict = {
    "signed_on": "2026-03-12", "contract_start": "2026-06-01", "contract_end": "2029-05-31",
}  # fmt: skip
APPLY_FOR_VISA: JsonDict = {"applied_on": "2026-03-20"}
GRANT_VISA: JsonDict = {"granted_on": "2026-04-28"}
REFUSE_VISA: JsonDict = {"refused_on": "2026-04-28", "reason": "Chủ sử dụng bị thu hồi hạn ngạch"}
RECORD_DEPARTURE: JsonDict = {"departed_at": "2026-05-28T23:40:00+07:00"}
CANCEL_PLACEMENT: JsonDict = {"reason": "Người lao động rút hồ sơ vì lý do gia đình"}
NEW_EMPLOYER: JsonDict = {
    "employer": "Công ty Chế biến Thủy sản Minato (Shizuoka)", "sector": "food_processing",
    "salary": {"amount": 192000, "currency": "JPY", "vnd_equivalent": 32_640_000},
    "changed_on": "2027-02-01", "contract_end": "2029-05-31",
    "reason": "Chủ sử dụng cũ giải thể, chuyển theo chấp thuận của cơ quan Nhật Bản",
}  # fmt: skip


def shown(*examples: JsonDict) -> dict[str, Any]:
    """Returns the ``json_schema_extra`` that shows the examples on a model's schema."""
    return {"examples": list(examples)}
