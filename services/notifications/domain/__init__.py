"""Notifications' pure rules: the facts kept about workers, the alert rules, an alert's life."""
