"""Who may call each reporting route. A report's scope is its province in the path: callers
bound to a province (provincial managers) see their own province only (see ``api.in_scope``)."""

from __future__ import annotations

from shared.auth import AccessRules, Action, Rule

A = Action
FIGURES = "/provinces/{province_code}/figures"
MONTHLY = "/provinces/{province_code}/reports/monthly/{month}"
TARGETS = "/provinces/{province_code}/targets/{period}"
RULES: AccessRules = {
    ("GET", FIGURES): Rule(A.REPORT_READ),
    ("GET", FIGURES + "/{figure_id}/events"): Rule(A.REPORT_READ),
    ("GET", MONTHLY): Rule(A.REPORT_READ, expensive=True),
    ("GET", MONTHLY + "/figures/{figure_id}/events"): Rule(A.REPORT_READ),
    ("GET", TARGETS): Rule(A.REPORT_READ),
    ("PUT", TARGETS): Rule(A.TARGET_SET),
    ("GET", "/facts/count"): Rule(A.REPORT_READ),
}
