"""Who may call each intake route, and where intake keeps the facts a caller's scope meets."""

from __future__ import annotations

from services.intake import store
from services.intake.domain.units import canonical_code
from shared import approvals_api
from shared.auth import AccessRules, Action, Resource, Rule, ScopeFields
from shared.auth.rules import Destination

WORKER_SCOPE = ScopeFields(province="locality.province_code", commune="locality.commune_code")
REVIEW_SCOPE = ScopeFields(province="province_code")
IMPORT_SCOPE = ScopeFields(province="scope.province_code", commune="scope.commune_code")

WORKER = Resource(store.WORKERS, "worker_id", WORKER_SCOPE, worker_field="_id")
REVIEW = Resource(store.DUPLICATE_REVIEWS, "review_id", REVIEW_SCOPE)
IMPORT = Resource(store.IMPORT_JOBS, "job_id", IMPORT_SCOPE)
# A move by correction (PATCH): only a caller covering the destination may change a worker's
# locality. A move between communes is a transfer: the sending commune requests it, and only
# officers covering the waiting transfer's destination find the case to accept or refuse it.
LOCALITY = Destination("locality", canonical=canonical_code)
INCOMING_SCOPE = ScopeFields(
    province="transfer_to.province_code", commune="transfer_to.commune_code"
)
INCOMING = Resource(store.WORKERS, "worker_id", INCOMING_SCOPE, worker_field="_id")
# The list of transfers: a transfer is a commune's (or a province's) when either side is; each
# side alone is the list of one direction (``TRANSFER_SIDES``).
TRANSFER_SCOPE = ScopeFields(province="province_codes", commune="commune_codes")
TRANSFER = Resource(store.TRANSFER_LIST, "transfer_id", TRANSFER_SCOPE)
TRANSFER_SIDES = {
    "incoming": ScopeFields(province="to_province_code", commune="to_commune_code"),
    "outgoing": ScopeFields(province="from_province_code", commune="from_commune_code"),
}

A = Action
RULES: AccessRules = {
    ("POST", "/workers"): Rule(A.WORKER_REGISTER),
    ("GET", "/workers"): Rule(A.WORKER_SEARCH, expensive=True, audit_query=("name",), items=WORKER),
    ("GET", "/workers/{worker_id}"): Rule(A.WORKER_READ, WORKER, personal=True),
    ("PATCH", "/workers/{worker_id}"): Rule(A.WORKER_CHANGE, WORKER, leaves=LOCALITY),
    ("GET", "/workers/{worker_id}/revisions"): Rule(A.WORKER_READ, WORKER, personal=True),
    ("GET", "/workers/{worker_id}/personal-data"): Rule(A.WORKER_READ, WORKER, personal=True),
    ("POST", "/workers/{worker_id}/withdraw"): Rule(A.WORKER_CHANGE, WORKER),
    ("POST", "/workers/{worker_id}/reopen"): Rule(A.WORKER_CHANGE, WORKER),
    ("POST", "/workers/{worker_id}/consent"): Rule(A.WORKER_CHANGE, WORKER),
    ("POST", "/workers/{worker_id}/consent/withdrawals"): Rule(A.WORKER_CHANGE, WORKER),
    ("POST", "/workers/{worker_id}/erasure"): Rule(A.WORKER_ERASE, WORKER),
    ("POST", "/workers/{worker_id}/journeys"): Rule(A.WORKER_REGISTER, WORKER),
    ("GET", "/workers/{worker_id}/eligibility"): Rule(A.WORKER_READ, WORKER),
    ("POST", "/workers/{worker_id}/consultations"): Rule(A.CONSULTATION_RECORD, WORKER),
    ("GET", "/workers/{worker_id}/consultations"): Rule(A.WORKER_READ, WORKER),
    ("POST", "/workers/{worker_id}/loans"): Rule(A.LOAN_APPLY, WORKER),
    ("GET", "/workers/{worker_id}/loans"): Rule(A.LOAN_READ, WORKER, personal=True),
    ("GET", "/workers/{worker_id}/loans/{loan_id}"): Rule(A.LOAN_READ, WORKER, personal=True),
    ("POST", "/workers/{worker_id}/loans/{loan_id}/{action}"): Rule(A.LOAN_DECIDE, WORKER),
    ("GET", "/duplicates"): Rule(A.DUPLICATE_REVIEW, items=REVIEW),
    ("GET", "/duplicates/{review_id}"): Rule(A.DUPLICATE_REVIEW, REVIEW),
    ("POST", "/duplicates/{review_id}/decision"): Rule(A.DUPLICATE_REVIEW, REVIEW),
    ("GET", "/transfers"): Rule(A.WORKER_READ, items=TRANSFER),
    ("POST", "/workers/{worker_id}/transfers"): Rule(A.WORKER_CHANGE, WORKER),
    ("GET", "/workers/{worker_id}/transfers"): Rule(A.WORKER_READ, WORKER),
    ("POST", "/workers/{worker_id}/transfers/{transfer_id}/accept"): Rule(
        A.WORKER_CHANGE, INCOMING
    ),
    ("POST", "/workers/{worker_id}/transfers/{transfer_id}/refuse"): Rule(
        A.WORKER_CHANGE, INCOMING
    ),
    ("POST", "/workers/{worker_id}/referrals"): Rule(A.CONSULTATION_RECORD, WORKER),
    ("GET", "/workers/{worker_id}/referrals"): Rule(A.WORKER_READ, WORKER),
    ("POST", "/workers/{worker_id}/referrals/{referral_id}/outcome"): Rule(
        A.CONSULTATION_RECORD, WORKER
    ),
    ("GET", "/imports/template"): Rule(A.IMPORT_RUN),
    ("GET", "/imports/template.csv"): Rule(A.IMPORT_RUN),
    ("POST", "/imports"): Rule(A.IMPORT_RUN, expensive=True),
    ("GET", "/imports/cases/template.csv"): Rule(A.IMPORT_RUN),
    ("POST", "/imports/cases"): Rule(A.IMPORT_RUN, expensive=True),
    ("GET", "/imports/{job_id}"): Rule(A.IMPORT_RUN, IMPORT),
    ("GET", "/imports/{job_id}/results"): Rule(A.IMPORT_RUN, IMPORT),
    ("GET", "/imports/{job_id}/results.csv"): Rule(A.IMPORT_RUN, IMPORT),
    **approvals_api.RULES,
    # Reference data: every role, no one's record (units, code lists).
    ("GET", "/reference/provinces"): Rule(A.REFERENCE_READ),
    ("GET", "/reference/provinces/former"): Rule(A.REFERENCE_READ),
    ("GET", "/reference/communes"): Rule(A.REFERENCE_READ),
    ("GET", "/reference/communes/former"): Rule(A.REFERENCE_READ),
    ("GET", "/reference/code-lists"): Rule(A.REFERENCE_READ),
    ("GET", "/reference/code-lists/{name}"): Rule(A.REFERENCE_READ),
}
