"""Wiring of the deployment service: settings, runtime (broker, store, relay), FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime, create_service_app

DESCRIPTION = (
    "Licensed enterprises, job orders, matching, placements, contracts, visas and departure."
)


class DeploymentSettings(ServiceSettings):
    """Settings of the deployment service: ``DEPLOYMENT_*`` variables, then unprefixed ones."""

    model_config = SettingsConfigDict(env_prefix="DEPLOYMENT_", extra="ignore", frozen=True)

    service_name: str = "deployment"
    http_port: int = 8003


def create_app(settings: DeploymentSettings | None = None) -> FastAPI:
    """Returns the deployment service's app; uvicorn runs it with ``--factory``."""
    settings = settings or DeploymentSettings()
    runtime = ServiceRuntime.create(settings)
    runtime.document_publications("deployment")
    return create_service_app(
        runtime,
        title="Homeward deployment",
        description=DESCRIPTION,
    )
