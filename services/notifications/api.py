"""Notifications' HTTP routes: each person's inbox of alerts, and the rules table."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from services.notifications.domain.alerts import (
    AcknowledgeAlert,
    Alert,
    AlertStatus,
    ResolveAlert,
)
from services.notifications.models import AlertList, RuleRow, RuleTable
from services.notifications.service import NotificationsService, parameters_table
from shared.auth import Caller
from shared.auth.scope import Within
from shared.contracts.notifications import AlertKind

alerts = APIRouter(prefix="/alerts", tags=["inbox"])
rules = APIRouter(prefix="/alert-rules", tags=["rules"])
routers = (alerts, rules)

Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"description": "no such alert in your scope"}}
CONFLICT: Responses = {409: {"description": "the alert is already resolved"}}


async def get_service(request: Request) -> NotificationsService:
    service: NotificationsService = request.app.state.service
    return service


Service = Annotated[NotificationsService, Depends(get_service)]


@alerts.get("", response_model=AlertList, summary="The alerts about workers in your scope")
async def inbox(
    service: Service,
    within: Within,
    status: AlertStatus | None = None,
    kind: AlertKind | None = None,
    worker_id: Annotated[str | None, Query(max_length=100)] = None,
) -> AlertList:
    found = await service.inbox(
        within.query, status=status, kind=kind.value if kind else None, worker_id=worker_id
    )
    return AlertList(items=found)


@alerts.get("/{alert_id}", response_model=Alert, responses=NOT_FOUND, summary="One alert")
async def get_alert(alert_id: str, service: Service) -> Alert:
    return await service.get_alert(alert_id)


@alerts.post(
    "/{alert_id}/acknowledgement",
    response_model=Alert,
    responses={**NOT_FOUND, **CONFLICT},
    summary="Take the alert in hand (again: no change)",
)
async def acknowledge(
    alert_id: str, _: AcknowledgeAlert, service: Service, caller: Caller
) -> Alert:
    return await service.acknowledge(alert_id, caller.subject)


@alerts.post(
    "/{alert_id}/resolution",
    response_model=Alert,
    responses={**NOT_FOUND, **CONFLICT},
    summary="Resolve the alert, saying why",
)
async def resolve(alert_id: str, body: ResolveAlert, service: Service, caller: Caller) -> Alert:
    return await service.resolve(alert_id, body.reason, caller.subject)


@rules.get("", response_model=RuleTable, summary="The alert rules and their parameters")
async def rule_table(service: Service) -> RuleTable:
    rows = [RuleRow.model_validate(r) for r in parameters_table(service.parameters)]
    return RuleTable(rules=rows)
