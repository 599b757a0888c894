"""Wiring of the notifications service: settings, runtime (broker, store, relay), FastAPI app."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from pydantic import Field, IPvAnyNetwork, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from services.notifications import access, api, store
from services.notifications.dispatch import Webhooks
from services.notifications.domain.rules import RuleParameters
from services.notifications.handlers import (
    LICENCE_TOPICS,
    WORKER_TOPICS,
    LicenceProjection,
    WebhookFeedProjection,
    WorkerFactsProjection,
)
from services.notifications.mail import Mailer, SmtpServer
from services.notifications.metrics import NotificationMetrics
from services.notifications.sender import Destinations, Sender
from services.notifications.service import NotificationsService, utc_now
from services.notifications.sms import SmsChannel, SmsGateway
from shared.events.topics import Topic
from shared.persistence.stores import Store
from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime, create_service_app

DESCRIPTION = (
    "Alerts that reach people: rules over what intake, deployment and aftercare publish raise "
    "alerts about workers into the inboxes of the officers whose scope holds them; publishes "
    "alert.raised, alert.acknowledged and alert.resolved on homeward.notifications.events, and "
    "delivers them to subscribed systems as signed webhooks (Standard Webhooks)."
)
DEFAULTS = RuleParameters()


class NotificationsSettings(ServiceSettings):
    """Settings of the notifications service: ``NOTIFICATIONS_*`` variables, then unprefixed."""

    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore", frozen=True)

    service_name: str = "notifications"
    http_port: int = 8006
    rules_interval_s: float = Field(default=60.0, gt=0)
    no_contact_days: int = Field(default=DEFAULTS.no_contact_days, ge=0, le=3650)
    contract_ending_days: int = Field(default=DEFAULTS.contract_ending_days, ge=0, le=3650)
    loan_without_departure_days: int = Field(
        default=DEFAULTS.loan_without_departure_days, ge=0, le=3650
    )
    no_reintegration_plan_days: int = Field(
        default=DEFAULTS.no_reintegration_plan_days, ge=0, le=3650
    )
    webhook_interval_s: float = Field(default=1.0, gt=0)
    webhook_first_backoff_s: float = Field(default=5.0, gt=0)
    webhook_max_backoff_s: float = Field(default=3600.0, gt=0)
    webhook_give_up_after_s: float = Field(default=86400.0, gt=0)
    webhook_timeout_s: float = Field(default=10.0, gt=0)
    smtp_host: str | None = None
    """The SMTP relay for alert e-mails; none: no e-mail."""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_sender: str = "Homeward <canh-bao@homeward.gov.vn>"
    links_base_url: str = "https://homeward.gov.vn"
    """Where the staff tools live: e-mails link to <this>/workers/<id> and /alerts/<id>."""
    webhook_allowed_networks: list[IPvAnyNetwork] = []
    """Private networks a receiver may be in (a ministry's internal gateway)."""
    sms_gateway_url: str | None = None
    """The SMS gateway's https endpoint; none: no SMS."""
    sms_gateway_secret: SecretStr | None = None
    """whsec_<base64>: signs each SMS posted to the gateway (Standard Webhooks)."""
    sms_gateway_token: SecretStr | None = None
    """The gateway's API token, sent as a bearer token when given."""
    sms_sender_id: str = Field(default="HOMEWARD", min_length=1, max_length=11)
    """The brand name the SMS show as their sender."""

    @model_validator(mode="after")
    def _gateway_needs_a_secret(self) -> NotificationsSettings:
        if self.sms_gateway_url and not self.sms_gateway_secret:
            raise ValueError("NOTIFICATIONS_SMS_GATEWAY_SECRET is needed with a gateway URL")
        return self

    def rule_parameters(self) -> RuleParameters:
        """Returns the rules' parameters these settings hold."""
        return RuleParameters.model_validate(
            self.model_dump(include=set(RuleParameters.model_fields))
        )


def notifications_service(
    on: Store,
    topic_prefix: str,
    notify: Callable[[], None] = lambda: None,
    parameters: RuleParameters | None = None,
) -> NotificationsService:
    """Returns notifications' use cases on the store's repositories."""
    return NotificationsService(
        store.Facts(on),
        store.Alerts(on, topic_prefix, notify),
        store.JobTicks(on),
        parameters=parameters,
    )


def create_app(settings: NotificationsSettings | None = None) -> FastAPI:
    """Returns the notifications service's app; uvicorn runs it with ``--factory``."""
    settings = settings or NotificationsSettings()
    prefix = settings.topic_prefix
    runtime = ServiceRuntime.create(settings, outbox_collections=store.OUTBOX_COLLECTIONS)
    runtime.document_publications("notifications")
    runtime.subscribe(WorkerFactsProjection(prefix), WORKER_TOPICS, store.WORKERS)
    runtime.subscribe(LicenceProjection(prefix), LICENCE_TOPICS, store.ENTERPRISES)
    runtime.subscribe(WebhookFeedProjection(prefix), [Topic.NOTIFICATIONS], store.FEED)
    service = notifications_service(
        runtime.store, prefix, runtime.relay.notify, settings.rule_parameters()
    )

    hooks = webhooks(runtime.store, settings)
    server = None
    if settings.smtp_host:
        server = SmtpServer(
            settings.smtp_host, settings.smtp_port, settings.smtp_sender, settings.links_base_url
        )
    contacts = store.Contacts(runtime.store)
    mailer = Mailer(contacts, store.Feed(runtime.store), server, sms_channel(settings))

    async def start_rules_job(runtime: ServiceRuntime) -> None:
        job = service.run_periodically(settings.rules_interval_s)
        runtime.run_in_background(job, name="alert-rules-job")
        dispatch = hooks.run_periodically(settings.webhook_interval_s)
        runtime.run_in_background(dispatch, name="webhook-dispatcher")
        mails = mailer.run_periodically(settings.webhook_interval_s)
        runtime.run_in_background(mails, name="alert-mailer")

    app = create_service_app(
        runtime,
        title="Homeward notifications",
        description=DESCRIPTION,
        routers=api.routers,
        access_rules=access.RULES,
        prepare_store=lambda _: store.prepare(runtime.store),
        on_startup=start_rules_job,
    )
    metrics = NotificationMetrics(app.state.metrics.registry)
    service.metrics = hooks.metrics = metrics
    app.state.service = service
    app.state.webhooks = hooks
    app.state.contacts = contacts
    return app


def destinations(settings: NotificationsSettings) -> Destinations:
    """Returns where webhooks and SMS may go: loopback only in development and tests."""
    development = settings.environment in ("development", "test")
    return Destinations(loopback=development, allowed=settings.webhook_allowed_networks)


def sms_channel(settings: NotificationsSettings) -> SmsChannel | None:
    """Returns the SMS gateway adapter the settings name, or None."""
    if not settings.sms_gateway_url or not settings.sms_gateway_secret:
        return None
    gateway = SmsGateway(
        url=settings.sms_gateway_url,
        secret=settings.sms_gateway_secret.get_secret_value(),
        sender_id=settings.sms_sender_id,
        links=settings.links_base_url,
        token=settings.sms_gateway_token.get_secret_value() if settings.sms_gateway_token else None,
    )
    return SmsChannel(Sender(destinations(settings), settings.webhook_timeout_s), gateway)


def webhooks(on: Store, settings: NotificationsSettings) -> Webhooks:
    """Returns the webhook subscriptions and dispatcher on the store's repositories."""
    return Webhooks(
        store.Subscriptions(on),
        store.Feed(on),
        store.Deliveries(on),
        Sender(destinations(settings), settings.webhook_timeout_s),
        utc_now,
        settings.webhook_first_backoff_s,
        settings.webhook_max_backoff_s,
        settings.webhook_give_up_after_s,
    )
