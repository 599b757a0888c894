"""Who may call each notifications route, and where an alert keeps the facts a scope meets."""

from __future__ import annotations

from services.notifications import store
from shared.auth import AccessRules, Action, Resource, Rule, ScopeFields

ALERT = Resource(
    store.ALERTS, "alert_id", ScopeFields(province="province_code", commune="commune_code")
)
"""An alert lives where its worker lives: the commune officer's commune, the province's
aftercare officer."""

A = Action
RULES: AccessRules = {
    ("GET", "/alerts"): Rule(A.ALERT_READ, items=ALERT),
    ("GET", "/alerts/{alert_id}"): Rule(A.ALERT_READ, ALERT),
    ("POST", "/alerts/{alert_id}/acknowledgement"): Rule(A.ALERT_MANAGE, ALERT),
    ("POST", "/alerts/{alert_id}/resolution"): Rule(A.ALERT_MANAGE, ALERT),
    ("GET", "/alert-rules"): Rule(A.ALERT_READ),
    # Each officer's own settings: the record is the caller's, chosen by the token.
    ("GET", "/contacts/me"): Rule(A.ALERT_READ),
    ("PUT", "/contacts/me"): Rule(A.ALERT_READ),
    # Subscriptions are systems' endpoints and secrets, no worker's record: operators only.
    ("POST", "/webhooks"): Rule(A.WEBHOOK_MANAGE),
    ("GET", "/webhooks"): Rule(A.WEBHOOK_MANAGE),
    ("GET", "/webhooks/{subscription_id}/deliveries"): Rule(A.WEBHOOK_MANAGE),
    ("POST", "/webhooks/deliveries/{delivery_id}/redo"): Rule(A.WEBHOOK_MANAGE),
}
