"""Typed settings shared by every service; each service adds its own env prefix."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal, Self
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit, urlunsplit

from pydantic import Field, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

FILE_SUFFIX = "_FILE"


class SecretFilesSource(PydanticBaseSettingsSource):
    """Reads ``<NAME>_FILE`` variables: the value of ``<NAME>`` is the content of that file.

    Kubernetes and Docker mount secrets as files; pointing ``KAFKA_SASL_PASSWORD_FILE`` at one
    keeps the secret out of the process environment. The prefixed name wins, as for values.
    """

    def __init__(self, settings_cls: type[BaseSettings], env_prefix: str) -> None:
        super().__init__(settings_cls)
        self.env_prefix = env_prefix

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        variable = f"{self.env_prefix}{field_name}{FILE_SUFFIX}".upper()
        path = os.environ.get(variable)
        if not path:
            return None, field_name, False
        try:
            return Path(path).read_text(encoding="utf-8").strip(), field_name, False
        except OSError as exc:
            # Name the variable and the path, never the content.
            raise ValueError(f"{variable}: cannot read {path} ({exc.strerror})") from None

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, field in self.settings_cls.model_fields.items():
            value, key, _ = self.get_field_value(field, name)
            if value is not None:
                values[key] = value
        return values


LOCAL_MASTER_KEY_FILE = Path(__file__).resolve().parents[1] / ".local" / "master-keys.json"
"""Where development and tests keep the master keys: the checkout's ``.local``, whatever the
working directory of the process (services, the CLI and tests share it)."""


class ServiceSettings(BaseSettings):
    """Settings every service reads.

    A service subclasses this with its own prefix (``INTAKE_`` ...). The prefixed variable wins;
    the same name without prefix (``KAFKA_BOOTSTRAP_SERVERS``) is the fallback, so one export
    configures the whole stack on a laptop. Any field can also be read from a file named by
    ``<NAME>_FILE`` (a mounted secret), with the same prefix rule.
    """

    model_config = SettingsConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    service_name: str = "homeward"
    environment: Literal["development", "test", "production"] = "development"
    http_host: str = "127.0.0.1"
    http_port: int = 8000

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: str | None = Field(default=None, repr=False)
    kafka_ssl_cafile: str | None = None
    kafka_ssl_certfile: str | None = None
    kafka_ssl_keyfile: str | None = None
    kafka_ssl_keyfile_password: str | None = Field(default=None, repr=False)
    kafka_ssl_check_hostname: bool = True
    topic_partitions: int = Field(default=3, ge=1)
    topic_replication_factor: int = Field(default=1, ge=1)
    topic_prefix: str = ""

    # Which adapter serves the store (shared/persistence): MongoDB's atomic updates, or FerretDB
    # v1's version claims. Chosen here, never probed; production must name it.
    store_kind: Literal["mongodb", "ferretdb"] = "ferretdb"
    mongodb_url: str = Field(default="mongodb://127.0.0.1:27017", repr=False)
    mongodb_database: str = ""
    mongodb_timeout_ms: int = Field(default=5000, ge=100)
    mongodb_username: str | None = None
    mongodb_password: str | None = Field(default=None, repr=False)
    mongodb_auth_source: str | None = None
    mongodb_tls: bool = False
    mongodb_tls_ca_file: str | None = None
    mongodb_tls_certificate_key_file: str | None = None

    # Browser staff tools allowed to call the API from another origin (CORS); none by default.
    cors_origins: list[str] = []

    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"

    consumer_batch_size: int = Field(default=500, ge=1)
    consumer_batch_timeout_ms: int = Field(default=50, ge=1)
    # Put before every consumer group's name: lets tests that share a broker keep their groups
    # apart (a member joining a group rebalances all of it, whatever topics it reads).
    consumer_group_prefix: str = ""
    # A batch retried (a store or broker outage) for longer than this makes /readyz answer 503.
    consumer_stuck_after_s: float = Field(default=45.0, gt=0)
    relay_batch_size: int = Field(default=500, ge=1)
    relay_idle_interval_s: float = Field(default=0.2, gt=0)
    # The idle pass's interval doubles while passes find nothing, up to this.
    relay_idle_max_interval_s: float = Field(default=2.0, gt=0)
    relay_max_pending_age_s: float = Field(default=300.0, gt=0)

    # Crypto-shredding (docs/security.md, "Personal data on the topics"): the workers' data
    # keys live in one database every service shares, wrapped by the master keys in this file
    # (made on first use outside production; production must mount it from a Secret). An opened
    # data key is kept in memory this long: an erased key stops working everywhere within it.
    key_store_database: str = "homeward_keys"
    master_key_file: str = str(LOCAL_MASTER_KEY_FILE)
    data_key_cache_s: float = Field(default=30.0, gt=0, le=300)

    @property
    def database_name(self) -> str:
        """The service's own database: configured, or ``homeward_<service>``."""
        return self.mongodb_database or f"homeward_{self.service_name}"

    @model_validator(mode="after")
    def _production_needs_security(self) -> Self:
        if self.kafka_sasl_mechanism and not (
            self.kafka_sasl_username and self.kafka_sasl_password
        ):
            raise ValueError(
                "kafka_sasl_mechanism needs kafka_sasl_username and kafka_sasl_password "
                "(or kafka_sasl_password_file)"
            )
        if self.kafka_security_protocol.startswith("SASL_") and not self.kafka_sasl_mechanism:
            raise ValueError(f"{self.kafka_security_protocol} needs kafka_sasl_mechanism")
        if self.environment == "production":
            if self.kafka_security_protocol not in ("SSL", "SASL_SSL"):
                raise ValueError("production needs kafka_security_protocol SSL or SASL_SSL")
            if self.kafka_sasl_mechanism == "PLAIN":
                raise ValueError("production needs SCRAM or mTLS, not SASL PLAIN")
            if "store_kind" not in self.model_fields_set:
                raise ValueError("production needs store_kind (STORE_KIND): mongodb or ferretdb")
            if "*" in self.cors_origins:
                raise ValueError("production needs cors_origins listed one by one, not '*'")
        if self.mongodb_password and not self.mongodb_username:
            raise ValueError("mongodb_password needs mongodb_username")
        # The store client takes one URL: credentials and TLS files given apart (from a
        # Secret, a mounted file) are folded into it here, so the URL in a ConfigMap holds none.
        object.__setattr__(self, "mongodb_url", self.store_url())
        return self

    def store_url(self) -> str:
        """Returns the MongoDB URL with the separately given credentials and TLS options."""
        parts = urlsplit(self.mongodb_url)
        netloc = parts.netloc
        if self.mongodb_username and "@" not in netloc:
            credentials = quote_plus(self.mongodb_username)
            if self.mongodb_password:
                credentials += ":" + quote_plus(self.mongodb_password)
            netloc = f"{credentials}@{netloc}"
        present = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
        extra = {
            "authSource": self.mongodb_auth_source,
            "tls": "true" if self.mongodb_tls or self.mongodb_tls_ca_file else None,
            "tlsCAFile": self.mongodb_tls_ca_file,
            "tlsCertificateKeyFile": self.mongodb_tls_certificate_key_file,
        }
        added = urlencode(
            {key: value for key, value in extra.items() if value and key.lower() not in present}
        )
        if netloc == parts.netloc and not added:
            return self.mongodb_url
        query = "&".join(part for part in (parts.query, added) if part)
        return urlunsplit(parts._replace(netloc=netloc, query=query))

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        prefix = str(settings_cls.model_config.get("env_prefix") or "")
        shared_env = EnvSettingsSource(settings_cls, env_prefix="")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if prefix:
            sources.append(SecretFilesSource(settings_cls, prefix))
        sources += [shared_env, SecretFilesSource(settings_cls, ""), file_secret_settings]
        return tuple(sources)
