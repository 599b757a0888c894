"""Who may call each deployment route, and where deployment keeps the facts a scope meets."""

from __future__ import annotations

from services.deployment import store
from shared.auth import AccessRules, Action, Resource, Rule, ScopeFields
from shared.auth.rules import Named

CANDIDATE_SCOPE = ScopeFields(
    province="profile.locality.province_code", commune="profile.locality.commune_code"
)
ENTERPRISE_SCOPE = ScopeFields(enterprise="_id", open_to_areas=True)
JOB_ORDER_SCOPE = ScopeFields(enterprise="enterprise_id", open_to_areas=True)
PLACEMENT_SCOPE = ScopeFields(enterprise="enterprise_id")

CANDIDATE = Resource(store.CANDIDATES, "worker_id", CANDIDATE_SCOPE, worker_field="_id")
ENTERPRISE = Resource(store.ENTERPRISES, "enterprise_id", ENTERPRISE_SCOPE)
JOB_ORDER = Resource(store.JOB_ORDERS, "job_order_id", JOB_ORDER_SCOPE)
PLACEMENT = Resource(store.PLACEMENTS, "placement_id", PLACEMENT_SCOPE, via_worker=CANDIDATE)

A = Action
_placement_step = Rule(A.PLACEMENT_MANAGE, PLACEMENT)
RULES: AccessRules = {
    ("POST", "/enterprises"): Rule(A.ENTERPRISE_MANAGE),
    ("GET", "/enterprises/{enterprise_id}"): Rule(A.ENTERPRISE_READ, ENTERPRISE),
    ("POST", "/enterprises/{enterprise_id}/licence/suspension"): Rule(
        A.ENTERPRISE_MANAGE, ENTERPRISE
    ),
    ("POST", "/enterprises/{enterprise_id}/licence/reinstatement"): Rule(
        A.ENTERPRISE_MANAGE, ENTERPRISE
    ),
    ("POST", "/enterprises/{enterprise_id}/licence/revocation"): Rule(
        A.ENTERPRISE_MANAGE, ENTERPRISE
    ),
    ("PUT", "/enterprises/{enterprise_id}/licence"): Rule(A.ENTERPRISE_MANAGE, ENTERPRISE),
    ("POST", "/job-orders"): Rule(A.JOB_ORDER_MANAGE, names=(Named("enterprise_id", ENTERPRISE),)),
    ("GET", "/job-orders"): Rule(A.JOB_ORDER_READ, items=JOB_ORDER),
    ("GET", "/job-orders/{job_order_id}"): Rule(A.JOB_ORDER_READ, JOB_ORDER),
    ("POST", "/job-orders/{job_order_id}/closure"): Rule(A.JOB_ORDER_MANAGE, JOB_ORDER),
    ("GET", "/job-orders/{job_order_id}/matches"): Rule(
        A.PLACEMENT_MANAGE, JOB_ORDER, expensive=True, items=CANDIDATE
    ),
    ("GET", "/workers/{worker_id}/matches"): Rule(A.PLACEMENT_MANAGE, CANDIDATE, expensive=True),
    ("GET", "/workers/{worker_id}"): Rule(A.PLACEMENT_READ, CANDIDATE),
    ("GET", "/workers/{worker_id}/personal-data"): Rule(A.PLACEMENT_READ, CANDIDATE, personal=True),
    ("POST", "/job-orders/{job_order_id}/placements"): Rule(
        A.PLACEMENT_MANAGE, JOB_ORDER, names=(Named("worker_id", CANDIDATE),)
    ),
    ("GET", "/job-orders/{job_order_id}/placements"): Rule(
        A.PLACEMENT_READ, JOB_ORDER, items=PLACEMENT
    ),
    ("GET", "/workers/{worker_id}/placements"): Rule(A.PLACEMENT_READ, CANDIDATE),
    ("GET", "/placements/{placement_id}"): Rule(A.PLACEMENT_READ, PLACEMENT),
    ("POST", "/placements/{placement_id}/selection"): Rule(A.PLACEMENT_SELECT, PLACEMENT),
    ("POST", "/placements/{placement_id}/contract"): _placement_step,
    ("POST", "/placements/{placement_id}/visa-application"): _placement_step,
    ("POST", "/placements/{placement_id}/visa-grant"): _placement_step,
    ("POST", "/placements/{placement_id}/visa-refusal"): _placement_step,
    ("POST", "/placements/{placement_id}/departure"): _placement_step,
    ("POST", "/placements/{placement_id}/employer-change"): _placement_step,
    ("POST", "/placements/{placement_id}/cancellation"): _placement_step,
}
