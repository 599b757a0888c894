"""Who may call each training route, and where training keeps the facts a scope meets."""

from __future__ import annotations

from services.training import store
from shared.auth import AccessRules, Action, Resource, Rule, ScopeFields

TRAINEE_SCOPE = ScopeFields(
    province="province_code",
    commune="commune_code",
    provider="enrolments.course.provider_id",
)
COURSE_SCOPE = ScopeFields(provider="provider_id", open_to_areas=True)
PROVIDER_SCOPE = ScopeFields(provider="_id", open_to_areas=True)

TRAINEE = Resource(store.TRAINEES, "worker_id", TRAINEE_SCOPE, worker_field="_id")
COURSE = Resource(store.COURSES, "course_id", COURSE_SCOPE)
PROVIDER = Resource(store.PROVIDERS, "provider_id", PROVIDER_SCOPE)

A = Action
RULES: AccessRules = {
    ("POST", "/providers"): Rule(A.TRAINING_CATALOGUE_MANAGE),
    ("GET", "/providers"): Rule(A.TRAINING_CATALOGUE_READ),
    ("GET", "/providers/{provider_id}"): Rule(A.TRAINING_CATALOGUE_READ, PROVIDER),
    ("POST", "/courses"): Rule(A.TRAINING_CATALOGUE_MANAGE),
    ("GET", "/courses"): Rule(A.TRAINING_CATALOGUE_READ),
    ("GET", "/courses/{course_id}"): Rule(A.TRAINING_CATALOGUE_READ, COURSE),
    ("GET", "/courses/{course_id}/enrolments"): Rule(A.TRAINEE_READ, COURSE),
    ("POST", "/courses/{course_id}/enrolments"): Rule(A.TRAINEE_MANAGE, COURSE),
    ("GET", "/workers/{worker_id}/training"): Rule(A.TRAINEE_READ, TRAINEE),
    ("POST", "/workers/{worker_id}/enrolments/{enrolment_id}/drop-out"): Rule(
        A.TRAINEE_MANAGE, TRAINEE
    ),
    ("PUT", "/workers/{worker_id}/enrolments/{enrolment_id}/attendance/{session_id}"): Rule(
        A.TRAINEE_MANAGE, TRAINEE
    ),
    ("POST", "/workers/{worker_id}/assessments"): Rule(A.TRAINEE_MANAGE, TRAINEE),
    ("POST", "/workers/{worker_id}/enrolments/{enrolment_id}/certificate"): Rule(
        A.TRAINEE_MANAGE, TRAINEE
    ),
    ("GET", "/workers/{worker_id}/readiness"): Rule(A.TRAINEE_READ, TRAINEE),
    ("GET", "/readiness/requirements"): Rule(A.TRAINING_CATALOGUE_READ),
}
