"""Who may call each aftercare route, and where aftercare keeps the facts a scope meets."""

from __future__ import annotations

from services.aftercare import store
from shared import approvals_api
from shared.auth import AccessRules, Action, Resource, Rule, ScopeFields

LOCALITY = ScopeFields(province="province_code", commune="commune_code")
CASE_LOCALITY = ScopeFields(province="summary.province_code", commune="summary.commune_code")

CASE = Resource(store.CASES, "worker_id", CASE_LOCALITY, worker_field="_id")
INCIDENT = Resource(store.INCIDENTS, "reference", LOCALITY, id_fields=("_id", "ticket"))

A = Action
W = "/workers/{worker_id}"
RULES: AccessRules = {
    ("GET", f"{W}/case"): Rule(A.CASE_READ, CASE, personal=True),
    ("GET", f"{W}/personal-data"): Rule(A.CASE_READ, CASE, personal=True),
    ("GET", f"{W}/contacts"): Rule(A.CASE_READ, CASE, personal=True),
    ("GET", f"{W}/timeline"): Rule(A.CASE_READ, CASE, personal=True),
    ("POST", f"{W}/check-ins"): Rule(A.CASE_MANAGE, CASE),
    ("GET", f"{W}/check-ins"): Rule(A.CASE_READ, CASE, personal=True),
    ("POST", f"{W}/remittances"): Rule(A.CASE_MANAGE, CASE),
    ("GET", f"{W}/remittances"): Rule(A.CASE_READ, CASE),
    ("POST", f"{W}/incidents"): Rule(A.INCIDENT_MANAGE, CASE),
    ("GET", f"{W}/incidents"): Rule(A.CASE_READ, CASE, personal=True),
    ("POST", f"{W}/contract-extensions"): Rule(A.CASE_MANAGE, CASE),
    ("POST", f"{W}/missing"): Rule(A.CASE_MANAGE, CASE),
    ("POST", f"{W}/missing/contact-resumed"): Rule(A.CASE_MANAGE, CASE),
    ("POST", f"{W}/death-abroad"): Rule(A.CASE_MANAGE, CASE),
    ("POST", f"{W}/return"): Rule(A.CASE_MANAGE, CASE),
    ("POST", f"{W}/reintegration/assessment"): Rule(A.CASE_MANAGE, CASE),
    ("POST", f"{W}/reintegration/referrals"): Rule(A.CASE_MANAGE, CASE),
    ("POST", f"{W}/reintegration/outcome"): Rule(A.CASE_MANAGE, CASE),
    ("POST", f"{W}/closure"): Rule(A.CASE_MANAGE, CASE),
    ("GET", "/cases/without-contact"): Rule(A.CASE_READ, items=CASE),
    ("GET", "/cases/contracts-ending"): Rule(A.CASE_READ, items=CASE),
    ("GET", "/cases/overview"): Rule(A.CASE_READ),  # counts of the caller's area only
    ("GET", "/incidents/queue"): Rule(A.CASE_READ, items=INCIDENT),
    ("POST", "/incidents/escalations"): Rule(A.INCIDENT_MANAGE, items=INCIDENT),
    ("GET", "/incidents/{reference}"): Rule(A.CASE_READ, INCIDENT, personal=True),
    ("POST", "/incidents/{reference}/assignment"): Rule(A.INCIDENT_MANAGE, INCIDENT),
    ("POST", "/incidents/{reference}/status"): Rule(A.INCIDENT_MANAGE, INCIDENT),
    ("POST", "/incidents/{reference}/follow-ups"): Rule(A.INCIDENT_MANAGE, INCIDENT),
    ("GET", "/remittances/totals"): Rule(A.CASE_READ, expensive=True, items=CASE),
    **approvals_api.RULES,
}
