"""Typed settings shared by every service; each service adds its own env prefix."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)


class ServiceSettings(BaseSettings):
    """Settings every service reads.

    A service subclasses this with its own prefix (``INTAKE_`` ...). The prefixed variable wins;
    the same name without prefix (``KAFKA_BOOTSTRAP_SERVERS``) is the fallback, so one export
    configures the whole stack on a laptop.
    """

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    service_name: str = "homeward"
    environment: Literal["development", "test", "production"] = "development"
    http_host: str = "127.0.0.1"
    http_port: int = 8000

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: str | None = None
    kafka_ssl_cafile: str | None = None
    kafka_ssl_certfile: str | None = None
    kafka_ssl_keyfile: str | None = None
    topic_partitions: int = Field(default=3, ge=1)
    topic_replication_factor: int = Field(default=1, ge=1)
    topic_prefix: str = ""

    mongodb_url: str = "mongodb://127.0.0.1:27017"
    mongodb_database: str = ""
    mongodb_timeout_ms: int = Field(default=5000, ge=100)

    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"

    consumer_batch_size: int = Field(default=500, ge=1)
    consumer_batch_timeout_ms: int = Field(default=50, ge=1)
    relay_batch_size: int = Field(default=500, ge=1)
    relay_idle_interval_s: float = Field(default=0.2, gt=0)

    @property
    def database_name(self) -> str:
        """The service's own database: configured, or ``homeward_<service>``."""
        return self.mongodb_database or f"homeward_{self.service_name}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        shared_env = EnvSettingsSource(settings_cls, env_prefix="")
        return init_settings, env_settings, shared_env, file_secret_settings
