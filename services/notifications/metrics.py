"""Notifications' own Prometheus metrics: alerts raised, rule ticks run, deliveries by outcome,
the age of the oldest undelivered one."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class NotificationMetrics:
    """Counters the rules job and the dispatcher move, in the app's registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        registry = registry or CollectorRegistry()
        self.alerts_raised = Counter(
            "homeward_alerts_raised", "Alerts raised by this replica, by kind", ["kind"],
            registry=registry,
        )  # fmt: skip
        self.rule_ticks = Counter(
            "homeward_alert_rule_ticks",
            "Ticks of the alert rules job this replica ran (it won their lease in the store)",
            registry=registry,
        )
        self.alerts_resolved = Counter(
            "homeward_alerts_resolved_by_rules",
            "Alerts this replica resolved because their cause went away, by kind",
            ["kind"],
            registry=registry,
        )
        self.deliveries = Counter(
            "homeward_webhook_attempts",
            "Webhook delivery attempts by this replica, by outcome (delivered, retried, failed)",
            ["outcome"],
            registry=registry,
        )
        self.oldest_undelivered = Gauge(
            "homeward_webhook_oldest_undelivered_seconds",
            "Age of the oldest webhook delivery not delivered yet (0: none waiting)",
            registry=registry,
        )
