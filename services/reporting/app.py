"""Wiring of the reporting service: settings, runtime (broker, store), FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict

from services.reporting import access, api, store
from services.reporting.handlers import FACT_TOPICS, FactProjection
from services.reporting.service import ReportingService
from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime, create_service_app

DESCRIPTION = (
    "Programme figures for provinces and communes: targets, the monthly report for the ministry "
    "(JSON, CSV, XLSX) with a drill-down to the events behind each figure, and a dashboard. "
    "Reads the four services' events into each worker's facts; publishes nothing."
)


class ReportingSettings(ServiceSettings):
    """Settings of the reporting service: ``REPORTING_*`` variables, then unprefixed ones."""

    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore", frozen=True)

    service_name: str = "reporting"
    http_port: int = 8005
    aftercare_url: str = "http://127.0.0.1:8004"
    """Aftercare's address, asked for the dashboard's aftercare tiles with the caller's token."""


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    """Returns the reporting service's app; uvicorn runs it with ``--factory``."""
    settings = settings or ReportingSettings()
    runtime = ServiceRuntime.create(settings, outbox_collections=store.OUTBOX_COLLECTIONS)
    runtime.subscribe(FactProjection(settings.topic_prefix), FACT_TOPICS, store.FACTS)
    app = create_service_app(
        runtime,
        title="Homeward reporting",
        description=DESCRIPTION,
        routers=api.routers,
        access_rules=access.RULES,
        prepare_store=lambda _database: store.prepare(runtime.store),
    )
    app.include_router(api.dashboard_routes)  # the page and its scripts hold no figures
    app.state.aftercare_url = settings.aftercare_url
    app.state.service = ReportingService(
        store.Facts(runtime.store.collection(store.FACTS)),
        store.TargetVersions(runtime.store.collection(store.TARGETS)),
    )
    return app
