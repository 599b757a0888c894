"""Who may call each reporting route. A report's scope is its province in the path: callers
bound to a province (provincial managers) see their own province only; ``api.scope_of`` then
narrows a commune-bound caller to their commune."""

from __future__ import annotations

from shared.auth import AccessRules, Action, Rule
from shared.auth.rules import PROVINCE_IN_PATH

PROVINCE = PROVINCE_IN_PATH

A = Action
FIGURES = "/provinces/{province_code}/figures"
MONTHLY = "/provinces/{province_code}/reports/monthly/{month}"
TARGETS = "/provinces/{province_code}/targets/{period}"
RULES: AccessRules = {
    ("GET", FIGURES): Rule(A.REPORT_READ, PROVINCE),
    ("GET", "/provinces/{province_code}/aftercare"): Rule(A.REPORT_READ, PROVINCE),
    ("GET", FIGURES + "/{figure_id}/events"): Rule(A.REPORT_READ, PROVINCE),
    ("GET", MONTHLY): Rule(A.REPORT_READ, PROVINCE, expensive=True),
    ("GET", MONTHLY + "/figures/{figure_id}/events"): Rule(A.REPORT_READ, PROVINCE),
    ("GET", TARGETS): Rule(A.REPORT_READ, PROVINCE),
    ("PUT", TARGETS): Rule(A.TARGET_SET, PROVINCE),
    ("GET", "/facts/count"): Rule(A.REPORT_READ),
}
