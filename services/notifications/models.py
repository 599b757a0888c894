"""Response schemas of notifications' HTTP API (requests are the domain's commands)."""

from __future__ import annotations

from pydantic import BaseModel

from services.notifications.domain.alerts import Alert


class AlertList(BaseModel):
    """The alerts of an inbox, newest first."""

    items: list[Alert]


class RuleRow(BaseModel):
    """One alert rule and its parameter."""

    kind: str
    watches: str
    parameter: str | None
    days: int | None


class RuleTable(BaseModel):
    """Every alert rule with its parameter, as this service runs them."""

    rules: list[RuleRow]
