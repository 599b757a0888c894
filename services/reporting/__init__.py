"""The reporting service: a read model of every service's events, targets, reports, dashboard."""
