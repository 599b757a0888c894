"""The code lists a staff tool shows, each code with its Vietnamese and English label.

Every list names the enumeration the API takes its codes from, so a test checks that each code
has both labels and that no label is left for a code that is gone. Ethnic groups are the 54 of
``ethnicity.ETHNIC_GROUPS``: the code is the official name the API takes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from services.intake.domain.consultations import ConsultationTopic
from services.intake.domain.ethnicity import ETHNIC_GROUPS
from services.intake.domain.loans import CollateralKind
from services.intake.domain.registration import Education
from services.intake.domain.worker import WorkerStatus
from shared.contracts.aftercare import (
    ClosureReason,
    ContactChannel,
    ContactParty,
    CostBearer,
    EscalationLevel,
    FamilySupport,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    MissingKind,
    ReferralKind,
    ReintegrationGoal,
    ReintegrationOutcome,
    RepatriationArrangement,
    ReturnReason,
    Wellbeing,
)
from shared.contracts.common import ConsentPurpose, Gender, HouseholdStatus, Market, Sector
from shared.contracts.deployment import (
    JobOrderCloseReason,
    JobOrderStatus,
    LicenceChange,
    LicenceStatus,
    PlacementState,
    SenderKind,
)
from shared.contracts.intake import (
    ConsultationChannel,
    ConsultationOutcome,
    ErasureGrounds,
    ImportedStage,
    LoanStatus,
    ReferralAgency,
    ReferralOutcome,
)
from shared.contracts.notifications import AlertKind, Resolution
from shared.contracts.training import (
    AssessmentKind,
    CourseKind,
    DropOutReason,
    RevocationReason,
)

Labels = Mapping[str, tuple[str, str]]
"""code -> (Vietnamese, English)"""


@dataclass(frozen=True)
class CodeList:
    """One list of codes: its name in the API, what it is, its codes' labels, in order."""

    name: str
    description: str
    labels: Labels
    codes: tuple[str, ...]


def _list(name: str, description: str, codes: Iterable[str], labels: Labels) -> CodeList:
    return CodeList(name, description, labels, tuple(codes))


def _of(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


# English names of the ethnic groups where they differ from the Vietnamese one without accents.
_ETHNIC_ENGLISH = {
    "Hoa": "Hoa (ethnic Chinese)", "Mông": "Hmong", "Ê Đê": "Ede", "Gia Rai": "Jarai",
    "Ba Na": "Bahnar", "Xơ Đăng": "Sedang", "Khơ Mú": "Khmu", "Xtiêng": "Stieng",
    "Mnông": "Mnong", "Bru-Vân Kiều": "Bru-Van Kieu", "Lào": "Lao",
}  # fmt: skip


def _plain(name: str) -> str:
    """A name without Vietnamese diacritics, as English writes the smaller groups' names."""
    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in folded if not unicodedata.combining(c))


ETHNIC_LABELS: Labels = {g: (g, _ETHNIC_ENGLISH.get(g) or _plain(g)) for g in ETHNIC_GROUPS}

CODE_LISTS: tuple[CodeList, ...] = (
    _list("genders", "A worker's gender", _of(Gender), {
        "male": ("Nam", "Male"), "female": ("Nữ", "Female"),
    }),
    _list("ethnic_groups", "Vietnam's 54 ethnic groups (GSO list)", ETHNIC_GROUPS, ETHNIC_LABELS),
    _list("household_statuses", "A household's poverty status", _of(HouseholdStatus), {
        "poor": ("Hộ nghèo", "Poor household"),
        "near_poor": ("Hộ cận nghèo", "Near-poor household"),
        "newly_escaped_poverty": ("Hộ mới thoát nghèo", "Newly escaped poverty"),
        "other": ("Khác", "Other"),
    }),
    _list("education_levels", "The highest schooling a worker finished", _of(Education), {
        "none": ("Chưa qua trường lớp", "No schooling"),
        "primary": ("Tiểu học", "Primary school"),
        "lower_secondary": ("Trung học cơ sở", "Lower secondary school"),
        "upper_secondary": ("Trung học phổ thông", "Upper secondary school"),
        "vocational": ("Trung cấp nghề", "Vocational school"),
        "college": ("Cao đẳng", "College"),
        "university": ("Đại học", "University"),
    }),
    _list("imported_stages", "How far a migrated case had gone before Homeward",
          _of(ImportedStage), {
        "registered": ("Đã đăng ký", "Registered"), "trained": ("Đã đào tạo", "Trained"),
        "placed": ("Đã trúng tuyển", "Placed"), "abroad": ("Đang ở nước ngoài", "Abroad"),
        "returned": ("Đã về nước", "Returned"),
    }),
    _list("worker_statuses", "A worker's record status", _of(WorkerStatus), {
        "registered": ("Đã đăng ký", "Registered"),
        "withdrawn": ("Đã rút hồ sơ", "Withdrawn"),
        "merged": ("Đã gộp hồ sơ", "Merged"),
    }),
    _list("markets", "Destination countries and territories", _of(Market), {
        "JP": ("Nhật Bản", "Japan"), "KR": ("Hàn Quốc", "Korea"),
        "TW": ("Đài Loan (Trung Quốc)", "Taiwan (China)"), "SA": ("Ả Rập Xê Út", "Saudi Arabia"),
        "AE": ("Các Tiểu vương quốc Ả Rập Thống nhất", "United Arab Emirates"),
        "QA": ("Qatar", "Qatar"), "DE": ("Đức", "Germany"), "BG": ("Bulgaria", "Bulgaria"),
        "GR": ("Hy Lạp", "Greece"), "SG": ("Singapore", "Singapore"),
    }),
    _list("sectors", "Sectors of work abroad", _of(Sector), {
        "electronics": ("Điện tử", "Electronics"),
        "food_processing": ("Chế biến thực phẩm", "Food processing"),
        "restaurants_and_hotels": ("Nhà hàng, khách sạn", "Restaurants and hotels"),
        "construction": ("Xây dựng", "Construction"),
        "agriculture": ("Nông nghiệp", "Agriculture"),
        "nursing": ("Điều dưỡng, hộ lý", "Nursing and care"),
        "steel_construction": ("Kết cấu thép", "Steel construction"),
        "welding": ("Hàn", "Welding"),
        "mechanics": ("Cơ khí", "Mechanics"),
        "painting": ("Sơn", "Painting"),
        "textiles_and_garments": ("Dệt may", "Textiles and garments"),
        "supermarkets": ("Siêu thị", "Supermarkets"),
        "other": ("Khác", "Other"),
    }),
    _list("consent_purposes", "What a worker's consent covers", _of(ConsentPurpose), {
        "case_management": ("Quản lý hồ sơ", "Case management"),
        "training": ("Đào tạo", "Training"),
        "placement": ("Giới thiệu việc làm ở nước ngoài", "Placement abroad"),
        "aftercare": ("Hỗ trợ khi ở nước ngoài và khi về nước", "Aftercare"),
        "statistics": ("Thống kê", "Statistics"),
    }),
    _list("erasure_grounds", "Why a worker's personal data was erased", _of(ErasureGrounds), {
        "consent_withdrawn": ("Người lao động rút lại sự đồng ý", "Consent withdrawn"),
        "purpose_ended": ("Đã hết mục đích xử lý", "Purpose ended"),
        "not_recruited": ("Không được tuyển chọn", "Not recruited"),
        "worker_request": ("Theo yêu cầu của người lao động", "At the worker's request"),
    }),
    _list("consultation_channels", "Where a consultation took place", _of(ConsultationChannel), {
        "job_fair": ("Phiên giao dịch việc làm", "Job fair"),
        "commune_conference": ("Hội nghị tại xã", "Commune conference"),
        "centre_visit": ("Đến trung tâm", "Visit to the centre"),
        "phone": ("Điện thoại", "Phone"),
        "online": ("Trực tuyến", "Online"),
    }),
    _list("consultation_outcomes", "What a worker decided", _of(ConsultationOutcome), {
        "wants_to_go": ("Muốn đi làm việc", "Wants to go"),
        "undecided": ("Chưa quyết định", "Undecided"),
        "follow_up_needed": ("Cần tư vấn thêm", "Follow-up needed"),
        "declined": ("Không tham gia", "Declined"),
    }),
    _list("consultation_topics", "What a consultation covered", _of(ConsultationTopic), {
        "markets": ("Thị trường", "Markets"),
        "jobs_and_wages": ("Việc làm và tiền lương", "Jobs and wages"),
        "costs": ("Chi phí", "Costs"),
        "preferential_loans": ("Vay vốn ưu đãi", "Preferential loans"),
        "training_and_language": ("Đào tạo và ngoại ngữ", "Training and language"),
        "contracts_and_rights": ("Hợp đồng và quyền lợi", "Contracts and rights"),
        "law_and_culture": ("Pháp luật và văn hóa", "Law and culture"),
        "safe_migration": ("Di cư an toàn", "Safe migration"),
        "return_and_reintegration": ("Về nước và tái hòa nhập", "Return and reintegration"),
        "other": ("Khác", "Other"),
    }),
    _list("loan_statuses", "A preferential loan's status", _of(LoanStatus), {
        "requested": ("Đã đề nghị", "Requested"), "approved": ("Đã phê duyệt", "Approved"),
        "rejected": ("Bị từ chối", "Rejected"), "disbursed": ("Đã giải ngân", "Disbursed"),
        "repaying": ("Đang trả nợ", "Repaying"), "repaid": ("Đã trả hết", "Repaid"),
    }),
    _list("collateral_kinds", "What secures a loan", _of(CollateralKind), {
        "land_use_rights": ("Quyền sử dụng đất", "Land use rights"),
        "house": ("Nhà ở", "House"), "savings": ("Sổ tiết kiệm", "Savings"),
        "vehicle": ("Phương tiện", "Vehicle"), "other": ("Khác", "Other"),
    }),
    _list("referral_agencies", "Where intake refers a worker", _of(ReferralAgency), {
        "job_centre": ("Trung tâm dịch vụ việc làm", "Job centre"),
        "health_service": ("Cơ sở y tế", "Health service"),
        "legal_aid": ("Trợ giúp pháp lý", "Legal aid"),
    }),
    _list("referral_outcomes", "How a referral ended", _of(ReferralOutcome), {
        "served": ("Đã được hỗ trợ", "Served"),
        "declined_by_worker": ("Người lao động từ chối", "Declined by the worker"),
        "refused_by_agency": ("Cơ quan từ chối", "Refused by the agency"),
        "no_response": ("Không phản hồi", "No response"),
    }),
    _list("course_kinds", "Kinds of course", _of(CourseKind), {
        "language": ("Ngoại ngữ", "Language"), "vocational": ("Kỹ năng nghề", "Vocational"),
        "orientation": ("Giáo dục định hướng", "Orientation"),
    }),
    _list("assessment_kinds", "Kinds of assessment", _of(AssessmentKind), {
        "progress": ("Kiểm tra giữa khóa", "Progress test"),
        "final": ("Kiểm tra cuối khóa", "Final test"),
        "employer": ("Phỏng vấn của chủ sử dụng", "Employer's test"),
    }),
    _list("drop_out_reasons", "Why a trainee left a course", _of(DropOutReason), {
        "health": ("Sức khỏe", "Health"), "family": ("Gia đình", "Family"),
        "financial": ("Tài chính", "Financial"),
        "found_other_work": ("Đã có việc làm khác", "Found other work"),
        "poor_attendance": ("Đi học không đầy đủ", "Poor attendance"),
        "transferred": ("Chuyển khóa học", "Transferred"), "other": ("Khác", "Other"),
    }),
    _list("certificate_revocation_reasons", "Why a certificate was revoked",
          _of(RevocationReason), {
        "withdrawn": ("Thu hồi", "Withdrawn"), "merged": ("Gộp hồ sơ", "Records merged"),
        "requirements_unmet": ("Không đáp ứng yêu cầu", "Requirements not met"),
    }),
    _list("sender_kinds", "Who sends workers abroad", _of(SenderKind), {
        "labour_supply_enterprise": ("Doanh nghiệp dịch vụ", "Labour supply enterprise"),
        "state_programme": ("Chương trình của Nhà nước", "State programme"),
    }),
    _list("licence_statuses", "A sender's licence status", _of(LicenceStatus), {
        "active": ("Còn hiệu lực", "Active"), "suspended": ("Bị đình chỉ", "Suspended"),
        "revoked": ("Bị thu hồi", "Revoked"),
    }),
    _list("licence_changes", "Changes to a sender's licence", _of(LicenceChange), {
        "granted": ("Cấp mới", "Granted"), "renewed": ("Cấp lại", "Renewed"),
        "suspended": ("Đình chỉ", "Suspended"), "reinstated": ("Khôi phục", "Reinstated"),
        "revoked": ("Thu hồi", "Revoked"),
    }),
    _list("job_order_statuses", "A job order's status", _of(JobOrderStatus), {
        "open": ("Đang tuyển", "Open"), "closed": ("Đã đóng", "Closed"),
    }),
    _list("job_order_close_reasons", "Why a job order closed", _of(JobOrderCloseReason), {
        "filled": ("Đã tuyển đủ", "Filled"), "withdrawn": ("Đối tác rút", "Withdrawn"),
        "expired": ("Hết hạn", "Expired"),
    }),
    _list("placement_states", "Where a placement stands", _of(PlacementState), {
        "shortlisted": ("Trong danh sách sơ tuyển", "Shortlisted"),
        "selected": ("Trúng tuyển", "Selected"),
        "contract_signed": ("Đã ký hợp đồng", "Contract signed"),
        "visa_applied": ("Đã nộp hồ sơ thị thực", "Visa applied for"),
        "visa_granted": ("Đã có thị thực", "Visa granted"),
        "departed": ("Đã xuất cảnh", "Departed"), "cancelled": ("Đã hủy", "Cancelled"),
        "visa_refused": ("Bị từ chối thị thực", "Visa refused"),
    }),
    _list("return_reasons", "Why a worker came home", _of(ReturnReason), {
        "contract_completed": ("Hết hạn hợp đồng", "Contract completed"),
        "early_termination": ("Chấm dứt hợp đồng trước hạn", "Early termination"),
        "repatriation": ("Hồi hương", "Repatriation"), "other": ("Khác", "Other"),
    }),
    _list("contact_parties", "Who a check-in was with", _of(ContactParty), {
        "worker": ("Người lao động", "Worker"), "family": ("Gia đình", "Family"),
        "enterprise": ("Doanh nghiệp", "Enterprise"),
    }),
    _list("contact_channels", "How a check-in was made", _of(ContactChannel), {
        "phone": ("Điện thoại", "Phone"), "zalo": ("Zalo", "Zalo"),
        "visit": ("Đến thăm", "Visit"), "video": ("Gọi video", "Video call"),
        "other": ("Khác", "Other"),
    }),
    _list("wellbeing", "How a worker abroad is", _of(Wellbeing), {
        "good": ("Ổn định", "Good"), "concerns": ("Có vấn đề cần theo dõi", "Concerns"),
        "at_risk": ("Có nguy cơ", "At risk"),
    }),
    _list("incident_categories", "What happened to a worker abroad", _of(IncidentCategory), {
        "unpaid_wages": ("Nợ lương", "Unpaid wages"),
        "contract_violation": ("Vi phạm hợp đồng", "Contract violation"),
        "injury_or_illness": ("Tai nạn lao động hoặc bệnh tật", "Injury or illness"),
        "abuse": ("Bị ngược đãi", "Abuse"),
        "legal_trouble": ("Vướng mắc pháp lý", "Legal trouble"),
        "accident_or_death": ("Tai nạn hoặc tử vong", "Accident or death"),
        "other": ("Khác", "Other"),
    }),
    _list("incident_severities", "How serious an incident is", _of(IncidentSeverity), {
        "low": ("Thấp", "Low"), "medium": ("Trung bình", "Medium"), "high": ("Cao", "High"),
        "critical": ("Nghiêm trọng", "Critical"),
    }),
    _list("incident_statuses", "Where an incident stands", _of(IncidentStatus), {
        "open": ("Mới tiếp nhận", "Open"), "in_progress": ("Đang xử lý", "In progress"),
        "resolved": ("Đã giải quyết", "Resolved"), "closed": ("Đã đóng", "Closed"),
    }),
    _list("escalation_levels", "Who an incident is escalated to", _of(EscalationLevel), {
        "centre": ("Trung tâm", "Centre"), "province": ("Tỉnh", "Province"),
    }),
    _list("reintegration_goals", "What a returnee wants next", _of(ReintegrationGoal), {
        "job": ("Tìm việc làm", "A job"), "business": ("Khởi nghiệp", "A business"),
        "study": ("Học tập", "Study"),
    }),
    _list("reintegration_referral_kinds", "Help a returnee is referred to", _of(ReferralKind), {
        "domestic_job": ("Việc làm trong nước", "Domestic job"),
        "business_start_up": ("Hỗ trợ khởi nghiệp", "Business start-up"),
        "credit": ("Vay vốn", "Credit"),
    }),
    _list("reintegration_outcomes", "Where a returnee ended up", _of(ReintegrationOutcome), {
        "employed": ("Có việc làm", "Employed"),
        "business_started": ("Đã khởi nghiệp", "Business started"),
        "studying": ("Đang học", "Studying"), "seeking_work": ("Đang tìm việc", "Seeking work"),
        "working_abroad_again": ("Tiếp tục đi làm việc ở nước ngoài", "Working abroad again"),
        "other": ("Khác", "Other"),
    }),
    _list("closure_reasons", "Why a case was closed", _of(ClosureReason), {
        "reintegrated": ("Đã tái hòa nhập", "Reintegrated"),
        "declined_support": ("Từ chối hỗ trợ", "Declined support"),
        "lost_contact": ("Mất liên lạc", "Lost contact"),
        "deceased": ("Đã qua đời", "Deceased"), "other": ("Khác", "Other"),
    }),
    _list("missing_kinds", "A worker out of reach abroad", _of(MissingKind), {
        "missing": ("Mất tích", "Missing"), "absconded": ("Bỏ trốn", "Absconded"),
    }),
    _list("repatriation_arrangements", "How a worker who died abroad came home",
          _of(RepatriationArrangement), {
        "remains": ("Đưa thi hài về nước", "Remains"), "ashes": ("Đưa tro cốt về nước", "Ashes"),
        "buried_abroad": ("An táng ở nước ngoài", "Buried abroad"),
    }),
    _list("cost_bearers", "Who pays for a repatriation", _of(CostBearer), {
        "employer": ("Chủ sử dụng lao động", "Employer"),
        "enterprise": ("Doanh nghiệp dịch vụ", "Sending enterprise"),
        "insurance": ("Bảo hiểm", "Insurance"),
        "state_fund": ("Quỹ Hỗ trợ việc làm ngoài nước", "State fund"),
        "family": ("Gia đình", "Family"),
    }),
    _list("family_support", "Support for a bereaved family", _of(FamilySupport), {
        "insurance_claim": ("Yêu cầu bồi thường bảo hiểm", "Insurance claim"),
        "employer_compensation": ("Bồi thường của chủ sử dụng", "Employer compensation"),
        "overseas_employment_fund": ("Quỹ Hỗ trợ việc làm ngoài nước", "Overseas employment fund"),
        "funeral_allowance": ("Trợ cấp mai táng", "Funeral allowance"),
        "loan_relief": ("Xử lý nợ vay", "Loan relief"),
        "counselling": ("Tư vấn tâm lý", "Counselling"), "other": ("Khác", "Other"),
    }),
    _list("alert_kinds", "What an alert is about", _of(AlertKind), {
        "no_contact": ("Không liên lạc được", "No contact"),
        "contract_ending": ("Sắp hết hạn hợp đồng", "Contract ending"),
        "incident_overdue": ("Vụ việc quá hạn xử lý", "Incident overdue"),
        "licence_withdrawn": ("Giấy phép bị thu hồi", "Licence withdrawn"),
        "loan_without_departure": ("Vay vốn nhưng chưa xuất cảnh", "Loan without departure"),
        "no_reintegration_plan": ("Chưa có kế hoạch tái hòa nhập", "No reintegration plan"),
    }),
    _list("alert_resolutions", "How an alert was resolved", _of(Resolution), {
        "cause_gone": ("Nguyên nhân không còn", "Cause gone"),
        "by_hand": ("Cán bộ xử lý", "Resolved by an officer"),
    }),
)  # fmt: skip

CODE_LISTS_BY_NAME: Mapping[str, CodeList] = {c.name: c for c in CODE_LISTS}
