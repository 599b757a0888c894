"""THE table of who may do what. Handlers never check roles; routes name an action here."""

from __future__ import annotations

from enum import StrEnum

from shared.auth.principal import Role


class Action(StrEnum):
    WORKER_REGISTER = "worker.register"
    WORKER_SEARCH = "worker.search"
    WORKER_READ = "worker.read"
    WORKER_CHANGE = "worker.change"
    WORKER_ERASE = "worker.erase"
    CONSULTATION_RECORD = "consultation.record"
    DUPLICATE_REVIEW = "duplicate.review"
    IMPORT_RUN = "import.run"
    LOAN_READ = "loan.read"
    LOAN_APPLY = "loan.apply"
    LOAN_DECIDE = "loan.decide"
    TRAINING_CATALOGUE_READ = "training.catalogue.read"
    TRAINING_CATALOGUE_MANAGE = "training.catalogue.manage"
    TRAINEE_READ = "trainee.read"
    TRAINEE_MANAGE = "trainee.manage"
    ENTERPRISE_READ = "enterprise.read"
    ENTERPRISE_MANAGE = "enterprise.manage"
    JOB_ORDER_READ = "job_order.read"
    JOB_ORDER_MANAGE = "job_order.manage"
    PLACEMENT_READ = "placement.read"
    PLACEMENT_MANAGE = "placement.manage"
    PLACEMENT_SELECT = "placement.select"
    CASE_READ = "case.read"
    CASE_MANAGE = "case.manage"
    INCIDENT_MANAGE = "incident.manage"
    ALERT_READ = "alert.read"
    ALERT_MANAGE = "alert.manage"
    WEBHOOK_MANAGE = "webhook.manage"
    REPORT_READ = "report.read"
    TARGET_SET = "target.set"
    AUDIT_READ = "audit.read"
    EMERGENCY_ACCESS = "access.emergency"
    EMERGENCY_REVIEW = "access.review"
    EMERGENCY_REVOKE = "access.revoke"
    APPROVAL_READ = "approval.read"
    APPROVAL_DECIDE = "approval.decide"
    APPROVAL_RULES_READ = "approval.rules.read"
    APPROVAL_RULES_SET = "approval.rules.set"
    REFERENCE_READ = "reference.read"


A = Action
_WORKER_DESK = {A.WORKER_REGISTER, A.WORKER_SEARCH, A.WORKER_READ, A.WORKER_CHANGE}
_APPROVALS = {A.APPROVAL_READ, A.APPROVAL_DECIDE, A.APPROVAL_RULES_READ}
"""The queue of changes waiting for a second person: the domain's table says who may check."""
_READ_ONLY_PROVINCE = {
    A.WORKER_SEARCH,
    A.TRAINING_CATALOGUE_READ,
    A.TRAINEE_READ,
    A.ENTERPRISE_READ,
    A.JOB_ORDER_READ,
    A.PLACEMENT_READ,
    A.CASE_READ,
}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.COMMUNE_OFFICER: frozenset(
        {
            *_WORKER_DESK,
            A.CONSULTATION_RECORD,
            A.IMPORT_RUN,
            A.LOAN_READ,
            A.LOAN_APPLY,
            A.TRAINING_CATALOGUE_READ,
            A.TRAINEE_READ,
            A.CASE_READ,
            A.ALERT_READ,
            A.ALERT_MANAGE,
            A.EMERGENCY_ACCESS,
            A.EMERGENCY_REVOKE,
            *_APPROVALS,
        }
    ),
    Role.CENTRE_STAFF: frozenset(
        {
            *_WORKER_DESK,
            A.CONSULTATION_RECORD,
            A.DUPLICATE_REVIEW,
            A.IMPORT_RUN,
            A.LOAN_READ,
            A.LOAN_APPLY,
            A.TRAINING_CATALOGUE_READ,
            A.TRAINING_CATALOGUE_MANAGE,
            A.TRAINEE_READ,
            A.TRAINEE_MANAGE,
            A.ENTERPRISE_READ,
            A.ENTERPRISE_MANAGE,
            A.JOB_ORDER_READ,
            A.JOB_ORDER_MANAGE,
            A.PLACEMENT_READ,
            A.PLACEMENT_MANAGE,
            A.PLACEMENT_SELECT,
            A.CASE_READ,
            A.EMERGENCY_ACCESS,
            A.EMERGENCY_REVOKE,
            *_APPROVALS,
        }
    ),
    Role.TRAINING_PROVIDER: frozenset(
        {A.TRAINING_CATALOGUE_READ, A.TRAINEE_READ, A.TRAINEE_MANAGE}
    ),
    Role.ENTERPRISE: frozenset(
        {A.ENTERPRISE_READ, A.JOB_ORDER_READ, A.PLACEMENT_READ, A.PLACEMENT_SELECT}
    ),
    Role.BANK_OFFICER: frozenset({A.LOAN_READ, A.LOAN_DECIDE}),
    Role.AFTERCARE_OFFICER: frozenset(
        {
            A.CASE_READ,
            A.CASE_MANAGE,
            A.INCIDENT_MANAGE,
            A.PLACEMENT_READ,
            A.ALERT_READ,
            A.ALERT_MANAGE,
            A.EMERGENCY_ACCESS,
            A.EMERGENCY_REVOKE,
            *_APPROVALS,
        }
    ),
    Role.PROVINCIAL_MANAGER: frozenset(
        {
            *_READ_ONLY_PROVINCE,
            *_APPROVALS,
            A.REPORT_READ,
            A.TARGET_SET,
            A.APPROVAL_RULES_SET,
            A.WORKER_ERASE,
        }
    ),
    Role.AUDITOR: frozenset({A.AUDIT_READ, A.EMERGENCY_REVIEW, A.EMERGENCY_REVOKE}),
    Role.INTEGRATION: frozenset(
        {
            A.WORKER_SEARCH,
            A.WORKER_READ,
            A.LOAN_READ,
            A.TRAINING_CATALOGUE_READ,
            A.TRAINEE_READ,
            A.ENTERPRISE_READ,
            A.JOB_ORDER_READ,
            A.PLACEMENT_READ,
            A.CASE_READ,
            A.REPORT_READ,
        }
    ),
    Role.SERVICE: frozenset(set(Action) - {A.EMERGENCY_ACCESS}),
}
# Every role reads the reference data (units, code lists): it is no one's record.
PERMISSIONS = {role: actions | {A.REFERENCE_READ} for role, actions in PERMISSIONS.items()}


def allows(role: Role, action: Action) -> bool:
    return action in PERMISSIONS[role]
