"""Who may see and change what: tokens, roles, scope, audit, emergency access, limits."""

from shared.auth.guard import Caller, Guard, authorize
from shared.auth.policy import PERMISSIONS, Action, allows
from shared.auth.principal import Area, Principal, Reach, Role, ScopeFields
from shared.auth.rules import AccessRules, Resource, Rule
from shared.auth.settings import AuthSettings
from shared.auth.tokens import DevIssuer, InvalidTokenError, TokenVerifier

__all__ = [
    "PERMISSIONS",
    "AccessRules",
    "Action",
    "Area",
    "AuthSettings",
    "Caller",
    "DevIssuer",
    "Guard",
    "InvalidTokenError",
    "Principal",
    "Reach",
    "Resource",
    "Role",
    "Rule",
    "ScopeFields",
    "TokenVerifier",
    "allows",
    "authorize",
]
