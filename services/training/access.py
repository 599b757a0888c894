"""Who may call each training route, and where training keeps the facts a scope meets."""

from __future__ import annotations

from services.training import store
from shared.auth import AccessRules, Action, Resource, Rule, ScopeFields
from shared.auth.rules import Element, Named

TRAINEE_SCOPE = ScopeFields(
    province="province_code",
    commune="commune_code",
    provider="enrolments.course.provider_id",
)
COURSE_SCOPE = ScopeFields(provider="provider_id", open_to_areas=True)
PROVIDER_SCOPE = ScopeFields(provider="_id", open_to_areas=True)

TRAINEE = Resource(store.TRAINEES, "worker_id", TRAINEE_SCOPE, worker_field="_id")
# A route naming one enrolment: a provider reaches it through that enrolment's own course only.
ENROLMENT = Resource(
    store.TRAINEES,
    "worker_id",
    TRAINEE_SCOPE,
    worker_field="_id",
    element=Element("enrolments", "enrolment_id", "enrolment_id"),
)
COURSE = Resource(store.COURSES, "course_id", COURSE_SCOPE)
PROVIDER = Resource(store.PROVIDERS, "provider_id", PROVIDER_SCOPE)

A = Action
RULES: AccessRules = {
    ("POST", "/providers"): Rule(A.TRAINING_CATALOGUE_MANAGE),
    ("GET", "/providers"): Rule(A.TRAINING_CATALOGUE_READ, items=PROVIDER),
    ("GET", "/providers/{provider_id}"): Rule(A.TRAINING_CATALOGUE_READ, PROVIDER),
    ("POST", "/courses"): Rule(
        A.TRAINING_CATALOGUE_MANAGE, names=(Named("provider_id", PROVIDER),)
    ),
    ("GET", "/courses"): Rule(A.TRAINING_CATALOGUE_READ, items=COURSE),
    ("GET", "/courses/{course_id}"): Rule(A.TRAINING_CATALOGUE_READ, COURSE),
    ("GET", "/courses/{course_id}/enrolments"): Rule(A.TRAINEE_READ, COURSE, items=TRAINEE),
    ("POST", "/courses/{course_id}/enrolments"): Rule(
        A.TRAINEE_MANAGE, COURSE, names=(Named("worker_id", TRAINEE),)
    ),
    ("GET", "/workers/{worker_id}/training"): Rule(A.TRAINEE_READ, TRAINEE),
    ("GET", "/workers/{worker_id}/personal-data"): Rule(A.TRAINEE_READ, TRAINEE, personal=True),
    ("POST", "/workers/{worker_id}/enrolments/{enrolment_id}/drop-out"): Rule(
        A.TRAINEE_MANAGE, ENROLMENT
    ),
    ("PUT", "/workers/{worker_id}/enrolments/{enrolment_id}/attendance/{session_id}"): Rule(
        A.TRAINEE_MANAGE, ENROLMENT
    ),
    ("POST", "/workers/{worker_id}/assessments"): Rule(A.TRAINEE_MANAGE, ENROLMENT),
    ("POST", "/workers/{worker_id}/enrolments/{enrolment_id}/certificate"): Rule(
        A.TRAINEE_MANAGE, ENROLMENT
    ),
    ("GET", "/workers/{worker_id}/readiness"): Rule(A.TRAINEE_READ, TRAINEE),
    ("GET", "/readiness/requirements"): Rule(A.TRAINING_CATALOGUE_READ),
}
