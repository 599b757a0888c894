"""Contains all the data models used in inputs/outputs"""

from .accept_transfer import AcceptTransfer
from .acknowledge_alert import AcknowledgeAlert
from .aftercare_refer_worker import AftercareReferWorker
from .aftercare_status_change import AftercareStatusChange
from .aftercare_tiles import AftercareTiles
from .alert import Alert
from .alert_kind import AlertKind
from .alert_status import AlertStatus
from .apply_for_loan import ApplyForLoan
from .apply_for_visa import ApplyForVisa
from .approval_action import ApprovalAction
from .approval_rule import ApprovalRule
from .approval_status import ApprovalStatus
from .approval_summary import ApprovalSummary
from .approval_view import ApprovalView
from .approval_view_change import ApprovalViewChange
from .approve_change import ApproveChange
from .assess_worker import AssessWorker
from .assessment_kind import AssessmentKind
from .assessment_view import AssessmentView
from .assign_incident import AssignIncident
from .attempt import Attempt
from .attendance_mark import AttendanceMark
from .audit_entry import AuditEntry
from .audit_entry_search_type_0 import AuditEntrySearchType0
from .audit_page import AuditPage
from .body_intake_submit_case_import import BodyIntakeSubmitCaseImport
from .body_intake_submit_import import BodyIntakeSubmitImport
from .cancel_placement import CancelPlacement
from .candidate_match import CandidateMatch
from .candidate_view import CandidateView
from .case_closed import CaseClosed
from .case_summary import CaseSummary
from .case_view import CaseView
from .cases_overview import CasesOverview
from .certificate import Certificate
from .change_incident_status import ChangeIncidentStatus
from .change_licence import ChangeLicence
from .change_loan import ChangeLoan
from .close_case import CloseCase
from .close_job_order import CloseJobOrder
from .closure_reason import ClosureReason
from .code_list_page import CodeListPage
from .code_list_view import CodeListView
from .code_value import CodeValue
from .collateral import Collateral
from .collateral_kind import CollateralKind
from .commune import Commune
from .commune_page import CommunePage
from .consent_change import ConsentChange
from .consent_input import ConsentInput
from .consent_output import ConsentOutput
from .consultation import Consultation
from .consultation_channel import ConsultationChannel
from .consultation_outcome import ConsultationOutcome
from .consultation_topic import ConsultationTopic
from .contact_channel import ContactChannel
from .contact_gap import ContactGap
from .contact_party import ContactParty
from .contacts_view import ContactsView
from .contract_ending import ContractEnding
from .contract_extended import ContractExtended
from .correct_worker import CorrectWorker
from .cost_bearer import CostBearer
from .course_kind import CourseKind
from .course_view import CourseView
from .create_subscription import CreateSubscription
from .decide_review import DecideReview
from .decision import Decision
from .delivery import Delivery
from .delivery_list import DeliveryList
from .delivery_state import DeliveryState
from .drop_out import DropOut
from .drop_out_reason import DropOutReason
from .education import Education
from .eligibility_view import EligibilityView
from .emergency_access import EmergencyAccess
from .employer_change import EmployerChange
from .enrol_worker import EnrolWorker
from .enrolment_status import EnrolmentStatus
from .enrolment_view import EnrolmentView
from .enterprise_view import EnterpriseView
from .erase_worker import EraseWorker
from .erasure_grounds import ErasureGrounds
from .escalation import Escalation
from .escalation_level import EscalationLevel
from .evidence import Evidence
from .evidence_view import EvidenceView
from .export_format import ExportFormat
from .extend_contract import ExtendContract
from .fact_view import FactView
from .fact_view_details import FactViewDetails
from .family_contact import FamilyContact
from .family_support import FamilySupport
from .figure_view import FigureView
from .follow_up import FollowUp
from .format_ import Format
from .former_commune import FormerCommune
from .former_commune_page import FormerCommunePage
from .former_province import FormerProvince
from .former_province_page import FormerProvincePage
from .gender import Gender
from .give_consent import GiveConsent
from .grant_visa import GrantVisa
from .holdings import Holdings
from .household_status import HouseholdStatus
from .import_job_view import ImportJobView
from .import_row_view import ImportRowView
from .import_row_view_problems_item import ImportRowViewProblemsItem
from .imported_placement import ImportedPlacement
from .incident import Incident
from .incident_category import IncidentCategory
from .incident_escalated import IncidentEscalated
from .incident_note import IncidentNote
from .incident_severity import IncidentSeverity
from .incident_status import IncidentStatus
from .intake_refer_worker import IntakeReferWorker
from .intake_status_change import IntakeStatusChange
from .issue_certificate import IssueCertificate
from .job_order_close_reason import JobOrderCloseReason
from .job_order_status import JobOrderStatus
from .job_order_terms import JobOrderTerms
from .job_order_view import JobOrderView
from .journey import Journey
from .journey_stage import JourneyStage
from .journey_start import JourneyStart
from .language import Language
from .licence import Licence
from .licence_change import LicenceChange
from .licence_record import LicenceRecord
from .licence_status import LicenceStatus
from .licence_terms import LicenceTerms
from .loan import Loan
from .loan_action import LoanAction
from .loan_status import LoanStatus
from .loan_status_change import LoanStatusChange
from .locality import Locality
from .mark_attendance import MarkAttendance
from .market import Market
from .market_announcement import MarketAnnouncement
from .market_readiness_view import MarketReadinessView
from .market_requirements_view import MarketRequirementsView
from .match_view import MatchView
from .missing import Missing
from .missing_kind import MissingKind
from .missing_reason import MissingReason
from .new_employer import NewEmployer
from .new_subscription_view import NewSubscriptionView
from .officer_contact import OfficerContact
from .officer_contact_language import OfficerContactLanguage
from .open_emergency_access import OpenEmergencyAccess
from .order_match import OrderMatch
from .order_matches import OrderMatches
from .outcome import Outcome
from .page_alert import PageAlert
from .page_approval_summary import PageApprovalSummary
from .page_consultation import PageConsultation
from .page_contact_gap import PageContactGap
from .page_contract_ending import PageContractEnding
from .page_course_view import PageCourseView
from .page_delivery import PageDelivery
from .page_emergency_access import PageEmergencyAccess
from .page_import_row_view import PageImportRowView
from .page_incident import PageIncident
from .page_job_order_view import PageJobOrderView
from .page_loan import PageLoan
from .page_market_requirements_view import PageMarketRequirementsView
from .page_placement_view import PagePlacementView
from .page_provider import PageProvider
from .page_referral import PageReferral
from .page_remittance_total import PageRemittanceTotal
from .page_review_view import PageReviewView
from .page_revision_view import PageRevisionView
from .page_seat_holder import PageSeatHolder
from .page_subscription_view import PageSubscriptionView
from .page_targets import PageTargets
from .page_timeline_item import PageTimelineItem
from .page_transfer import PageTransfer
from .page_transfer_listing import PageTransferListing
from .page_worker_checked_in import PageWorkerCheckedIn
from .personal_data_export import PersonalDataExport
from .piece import Piece
from .placement_state import PlacementState
from .placement_step import PlacementStep
from .placement_view import PlacementView
from .placement_visa_refused import PlacementVisaRefused
from .plan_reintegration import PlanReintegration
from .problem import Problem
from .problem_code import ProblemCode
from .problem_errors_item import ProblemErrorsItem
from .provider import Provider
from .province import Province
from .province_page import ProvincePage
from .province_rules import ProvinceRules
from .readiness_view import ReadinessView
from .reason import Reason
from .record_check_in import RecordCheckIn
from .record_consultation import RecordConsultation
from .record_death_abroad import RecordDeathAbroad
from .record_departure import RecordDeparture
from .record_follow_up import RecordFollowUp
from .record_outcome import RecordOutcome
from .record_referral_outcome import RecordReferralOutcome
from .record_return import RecordReturn
from .referral import Referral
from .referral_agency import ReferralAgency
from .referral_kind import ReferralKind
from .referral_outcome import ReferralOutcome
from .refuse_transfer import RefuseTransfer
from .refuse_visa import RefuseVisa
from .register_enterprise import RegisterEnterprise
from .register_provider import RegisterProvider
from .register_worker import RegisterWorker
from .reintegration_goal import ReintegrationGoal
from .reintegration_outcome import ReintegrationOutcome
from .reintegration_outcome_recorded import ReintegrationOutcomeRecorded
from .reintegration_planned import ReintegrationPlanned
from .reintegration_referred import ReintegrationReferred
from .reject_change import RejectChange
from .remittance import Remittance
from .remittance_total import RemittanceTotal
from .reopen_worker import ReopenWorker
from .repatriation import Repatriation
from .repatriation_arrangement import RepatriationArrangement
from .repatriation_plan import RepatriationPlan
from .report_incident import ReportIncident
from .report_missing import ReportMissing
from .report_remittance import ReportRemittance
from .report_view import ReportView
from .report_view_commune_names import ReportViewCommuneNames
from .report_view_period import ReportViewPeriod
from .reporting_fact_count_response_reporting_fact_count import (
    ReportingFactCountResponseReportingFactCount,
)
from .request_transfer import RequestTransfer
from .requirement import Requirement
from .requirement_view import RequirementView
from .requirements import Requirements
from .resolution import Resolution
from .resolve_alert import ResolveAlert
from .resume_contact import ResumeContact
from .return_reason import ReturnReason
from .review_status import ReviewStatus
from .review_view import ReviewView
from .revision_view import RevisionView
from .revision_view_changes_item import RevisionViewChangesItem
from .revocation_reason import RevocationReason
from .role import Role
from .rule import Rule
from .rule_row import RuleRow
from .rule_table import RuleTable
from .rule_view import RuleView
from .salary import Salary
from .salary_terms import SalaryTerms
from .schedule_course import ScheduleCourse
from .seat_holder import SeatHolder
from .sector import Sector
from .sender_kind import SenderKind
from .session import Session
from .set_contact import SetContact
from .set_contact_language import SetContactLanguage
from .set_province_rules import SetProvinceRules
from .set_targets import SetTargets
from .set_targets_communes import SetTargetsCommunes
from .shortlist_worker import ShortlistWorker
from .sign_contract import SignContract
from .start_journey import StartJourney
from .subscription_status import SubscriptionStatus
from .subscription_view import SubscriptionView
from .successor import Successor
from .support_eligibility import SupportEligibility
from .target_ref import TargetRef
from .targets import Targets
from .targets_communes import TargetsCommunes
from .timeline_item import TimelineItem
from .total_by import TotalBy
from .trainee_view import TraineeView
from .training_cost_support import TrainingCostSupport
from .training_view import TrainingView
from .transfer import Transfer
from .transfer_direction import TransferDirection
from .transfer_listing import TransferListing
from .transfer_status import TransferStatus
from .transition import Transition
from .units import Units
from .wellbeing import Wellbeing
from .withdraw_consent import WithdrawConsent
from .withdraw_worker import WithdrawWorker
from .worker_checked_in import WorkerCheckedIn
from .worker_contact_resumed import WorkerContactResumed
from .worker_departed import WorkerDeparted
from .worker_died_abroad import WorkerDiedAbroad
from .worker_employer_changed import WorkerEmployerChanged
from .worker_matches import WorkerMatches
from .worker_page import WorkerPage
from .worker_remittances import WorkerRemittances
from .worker_reported_missing import WorkerReportedMissing
from .worker_returned import WorkerReturned
from .worker_status import WorkerStatus
from .worker_summary import WorkerSummary
from .worker_view import WorkerView

__all__ = (
    "AcceptTransfer",
    "AcknowledgeAlert",
    "AftercareReferWorker",
    "AftercareStatusChange",
    "AftercareTiles",
    "Alert",
    "AlertKind",
    "AlertStatus",
    "ApplyForLoan",
    "ApplyForVisa",
    "ApprovalAction",
    "ApprovalRule",
    "ApprovalStatus",
    "ApprovalSummary",
    "ApprovalView",
    "ApprovalViewChange",
    "ApproveChange",
    "AssessmentKind",
    "AssessmentView",
    "AssessWorker",
    "AssignIncident",
    "Attempt",
    "AttendanceMark",
    "AuditEntry",
    "AuditEntrySearchType0",
    "AuditPage",
    "BodyIntakeSubmitCaseImport",
    "BodyIntakeSubmitImport",
    "CancelPlacement",
    "CandidateMatch",
    "CandidateView",
    "CaseClosed",
    "CasesOverview",
    "CaseSummary",
    "CaseView",
    "Certificate",
    "ChangeIncidentStatus",
    "ChangeLicence",
    "ChangeLoan",
    "CloseCase",
    "CloseJobOrder",
    "ClosureReason",
    "CodeListPage",
    "CodeListView",
    "CodeValue",
    "Collateral",
    "CollateralKind",
    "Commune",
    "CommunePage",
    "ConsentChange",
    "ConsentInput",
    "ConsentOutput",
    "Consultation",
    "ConsultationChannel",
    "ConsultationOutcome",
    "ConsultationTopic",
    "ContactChannel",
    "ContactGap",
    "ContactParty",
    "ContactsView",
    "ContractEnding",
    "ContractExtended",
    "CorrectWorker",
    "CostBearer",
    "CourseKind",
    "CourseView",
    "CreateSubscription",
    "DecideReview",
    "Decision",
    "Delivery",
    "DeliveryList",
    "DeliveryState",
    "DropOut",
    "DropOutReason",
    "Education",
    "EligibilityView",
    "EmergencyAccess",
    "EmployerChange",
    "EnrolmentStatus",
    "EnrolmentView",
    "EnrolWorker",
    "EnterpriseView",
    "EraseWorker",
    "ErasureGrounds",
    "Escalation",
    "EscalationLevel",
    "Evidence",
    "EvidenceView",
    "ExportFormat",
    "ExtendContract",
    "FactView",
    "FactViewDetails",
    "FamilyContact",
    "FamilySupport",
    "FigureView",
    "FollowUp",
    "Format",
    "FormerCommune",
    "FormerCommunePage",
    "FormerProvince",
    "FormerProvincePage",
    "Gender",
    "GiveConsent",
    "GrantVisa",
    "Holdings",
    "HouseholdStatus",
    "ImportedPlacement",
    "ImportJobView",
    "ImportRowView",
    "ImportRowViewProblemsItem",
    "Incident",
    "IncidentCategory",
    "IncidentEscalated",
    "IncidentNote",
    "IncidentSeverity",
    "IncidentStatus",
    "IntakeReferWorker",
    "IntakeStatusChange",
    "IssueCertificate",
    "JobOrderCloseReason",
    "JobOrderStatus",
    "JobOrderTerms",
    "JobOrderView",
    "Journey",
    "JourneyStage",
    "JourneyStart",
    "Language",
    "Licence",
    "LicenceChange",
    "LicenceRecord",
    "LicenceStatus",
    "LicenceTerms",
    "Loan",
    "LoanAction",
    "LoanStatus",
    "LoanStatusChange",
    "Locality",
    "MarkAttendance",
    "Market",
    "MarketAnnouncement",
    "MarketReadinessView",
    "MarketRequirementsView",
    "MatchView",
    "Missing",
    "MissingKind",
    "MissingReason",
    "NewEmployer",
    "NewSubscriptionView",
    "OfficerContact",
    "OfficerContactLanguage",
    "OpenEmergencyAccess",
    "OrderMatch",
    "OrderMatches",
    "Outcome",
    "PageAlert",
    "PageApprovalSummary",
    "PageConsultation",
    "PageContactGap",
    "PageContractEnding",
    "PageCourseView",
    "PageDelivery",
    "PageEmergencyAccess",
    "PageImportRowView",
    "PageIncident",
    "PageJobOrderView",
    "PageLoan",
    "PageMarketRequirementsView",
    "PagePlacementView",
    "PageProvider",
    "PageReferral",
    "PageRemittanceTotal",
    "PageReviewView",
    "PageRevisionView",
    "PageSeatHolder",
    "PageSubscriptionView",
    "PageTargets",
    "PageTimelineItem",
    "PageTransfer",
    "PageTransferListing",
    "PageWorkerCheckedIn",
    "PersonalDataExport",
    "Piece",
    "PlacementState",
    "PlacementStep",
    "PlacementView",
    "PlacementVisaRefused",
    "PlanReintegration",
    "Problem",
    "ProblemCode",
    "ProblemErrorsItem",
    "Provider",
    "Province",
    "ProvincePage",
    "ProvinceRules",
    "ReadinessView",
    "Reason",
    "RecordCheckIn",
    "RecordConsultation",
    "RecordDeathAbroad",
    "RecordDeparture",
    "RecordFollowUp",
    "RecordOutcome",
    "RecordReferralOutcome",
    "RecordReturn",
    "Referral",
    "ReferralAgency",
    "ReferralKind",
    "ReferralOutcome",
    "RefuseTransfer",
    "RefuseVisa",
    "RegisterEnterprise",
    "RegisterProvider",
    "RegisterWorker",
    "ReintegrationGoal",
    "ReintegrationOutcome",
    "ReintegrationOutcomeRecorded",
    "ReintegrationPlanned",
    "ReintegrationReferred",
    "RejectChange",
    "Remittance",
    "RemittanceTotal",
    "ReopenWorker",
    "Repatriation",
    "RepatriationArrangement",
    "RepatriationPlan",
    "ReportIncident",
    "ReportingFactCountResponseReportingFactCount",
    "ReportMissing",
    "ReportRemittance",
    "ReportView",
    "ReportViewCommuneNames",
    "ReportViewPeriod",
    "RequestTransfer",
    "Requirement",
    "Requirements",
    "RequirementView",
    "Resolution",
    "ResolveAlert",
    "ResumeContact",
    "ReturnReason",
    "ReviewStatus",
    "ReviewView",
    "RevisionView",
    "RevisionViewChangesItem",
    "RevocationReason",
    "Role",
    "Rule",
    "RuleRow",
    "RuleTable",
    "RuleView",
    "Salary",
    "SalaryTerms",
    "ScheduleCourse",
    "SeatHolder",
    "Sector",
    "SenderKind",
    "Session",
    "SetContact",
    "SetContactLanguage",
    "SetProvinceRules",
    "SetTargets",
    "SetTargetsCommunes",
    "ShortlistWorker",
    "SignContract",
    "StartJourney",
    "SubscriptionStatus",
    "SubscriptionView",
    "Successor",
    "SupportEligibility",
    "TargetRef",
    "Targets",
    "TargetsCommunes",
    "TimelineItem",
    "TotalBy",
    "TraineeView",
    "TrainingCostSupport",
    "TrainingView",
    "Transfer",
    "TransferDirection",
    "TransferListing",
    "TransferStatus",
    "Transition",
    "Units",
    "Wellbeing",
    "WithdrawConsent",
    "WithdrawWorker",
    "WorkerCheckedIn",
    "WorkerContactResumed",
    "WorkerDeparted",
    "WorkerDiedAbroad",
    "WorkerEmployerChanged",
    "WorkerMatches",
    "WorkerPage",
    "WorkerRemittances",
    "WorkerReportedMissing",
    "WorkerReturned",
    "WorkerStatus",
    "WorkerSummary",
    "WorkerView",
)
