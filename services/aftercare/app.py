"""Wiring of the aftercare service: settings, runtime (broker, store, relay), FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime, create_service_app

DESCRIPTION = (
    "Workers abroad: check-ins, remittances, incidents, contract ends; return and reintegration."
)


class AftercareSettings(ServiceSettings):
    """Settings of the aftercare service: ``AFTERCARE_*`` variables, then unprefixed ones."""

    model_config = SettingsConfigDict(env_prefix="AFTERCARE_", extra="ignore", frozen=True)

    service_name: str = "aftercare"
    http_port: int = 8004


def create_app(settings: AftercareSettings | None = None) -> FastAPI:
    """Returns the aftercare service's app; uvicorn runs it with ``--factory``."""
    settings = settings or AftercareSettings()
    runtime = ServiceRuntime.create(settings)
    runtime.document_publications("aftercare")
    return create_service_app(
        runtime,
        title="Homeward aftercare",
        description=DESCRIPTION,
    )
