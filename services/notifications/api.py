"""Notifications' HTTP routes: each person's inbox of alerts, and the rules table."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from services.notifications import store
from services.notifications.dispatch import Webhooks
from services.notifications.domain.alerts import (
    AcknowledgeAlert,
    Alert,
    AlertStatus,
    ResolveAlert,
)
from services.notifications.domain.contacts import OfficerContact, SetContact
from services.notifications.domain.webhooks import CreateSubscription, Delivery, DeliveryState
from services.notifications.models import (
    DeliveryList,
    NewSubscriptionView,
    RuleRow,
    RuleTable,
    SubscriptionView,
)
from services.notifications.service import NotificationsService, parameters_table
from shared.auth import Caller
from shared.auth.scope import Within
from shared.contracts.notifications import AlertKind
from shared.pages import Page, Paged

alerts = APIRouter(prefix="/alerts", tags=["inbox"])
rules = APIRouter(prefix="/alert-rules", tags=["rules"])
webhooks = APIRouter(prefix="/webhooks", tags=["webhooks"])
contacts = APIRouter(prefix="/contacts", tags=["contact settings"])
routers = (alerts, rules, webhooks, contacts)

Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"description": "no such alert in your scope"}}
CONFLICT: Responses = {409: {"description": "the alert is already resolved"}}


async def get_service(request: Request) -> NotificationsService:
    service: NotificationsService = request.app.state.service
    return service


Service = Annotated[NotificationsService, Depends(get_service)]


@alerts.get("", response_model=Page[Alert], summary="The alerts about workers in your scope")
async def inbox(
    service: Service,
    within: Within,
    paged: Paged,
    status: AlertStatus | None = None,
    kind: AlertKind | None = None,
    worker_id: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[Alert]:
    found = await service.inbox(
        within.query, status=status, kind=kind.value if kind else None, worker_id=worker_id
    )
    return paged.page(paged.slice(found, lambda a: a.alert_id))


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


async def get_webhooks(request: Request) -> Webhooks:
    hooks: Webhooks = request.app.state.webhooks
    return hooks


Hooks = Annotated[Webhooks, Depends(get_webhooks)]
SUBSCRIPTION_NOT_FOUND: Responses = {404: {"description": "no such subscription or delivery"}}


@webhooks.post(
    "",
    status_code=201,
    response_model=NewSubscriptionView,
    summary="Subscribe a receiver (https; its secret is answered once, here)",
)
async def subscribe(body: CreateSubscription, hooks: Hooks, caller: Caller) -> NewSubscriptionView:
    subscription = await hooks.subscribe(body, caller.subject)
    return NewSubscriptionView.of(subscription)


@webhooks.get(
    "", response_model=Page[SubscriptionView], summary="Every subscription and its status"
)
async def subscriptions(hooks: Hooks, paged: Paged) -> Page[SubscriptionView]:
    found = [SubscriptionView.of(s) for s in await hooks.subscriptions.every()]
    return paged.page(paged.slice(found, lambda s: s.subscription_id))


@webhooks.get(
    "/{subscription_id}/deliveries",
    response_model=Page[Delivery],
    responses=SUBSCRIPTION_NOT_FOUND,
    summary="A subscription's deliveries with every attempt, newest first",
)
async def deliveries(
    subscription_id: str, hooks: Hooks, paged: Paged, state: DeliveryState | None = None
) -> Page[Delivery]:
    found = await hooks.deliveries_of(subscription_id, state)
    return paged.page(paged.slice(found, lambda d: d.delivery_id))


@webhooks.post(
    "/deliveries/{delivery_id}/redo",
    response_model=DeliveryList,
    responses=SUBSCRIPTION_NOT_FOUND,
    summary="Send a delivery again now, by hand",
)
async def redo(delivery_id: str, hooks: Hooks) -> DeliveryList:
    return DeliveryList(deliveries=[await hooks.redo(delivery_id)])


@contacts.get("/me", response_model=OfficerContact, summary="Your own contact settings")
async def my_contact(request: Request, caller: Caller) -> OfficerContact:
    repository: store.Contacts = request.app.state.contacts
    found = await repository.get(caller.subject)
    return found or OfficerContact(
        subject=caller.subject,
        role=caller.role.value,
        province_code=caller.province_code,
        commune_code=caller.commune_code,
    )


@contacts.put(
    "/me", response_model=OfficerContact, summary="Set where your alert e-mails and SMS go"
)
async def set_my_contact(body: SetContact, request: Request, caller: Caller) -> OfficerContact:
    repository: store.Contacts = request.app.state.contacts
    contact = OfficerContact(
        subject=caller.subject,
        role=caller.role.value,
        province_code=caller.province_code,
        commune_code=caller.commune_code,
        email=body.email,
        phone=body.phone,
        language=body.language,
    )
    await repository.put(contact)
    return contact
