"""Where the CLI connects: the services' own variables, overridable by global options."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from shared.events.topics import Topic
from shared.settings import ServiceSettings
from shared.store import make_store_client

T = TypeVar("T")
SERVICES = ("intake", "training", "deployment", "aftercare")
SERVICE_TOPIC = {
    "intake": Topic.INTAKE,
    "training": Topic.TRAINING,
    "deployment": Topic.DEPLOYMENT,
    "aftercare": Topic.AFTERCARE,
}
DEFAULT_CACHE = Path.home() / ".cache" / "homeward"
console = Console()
errors = Console(stderr=True)


@dataclass(frozen=True)
class Connection:
    """The broker, the store and the names a deployment uses (topic prefix, database names)."""

    bootstrap: str
    store_url: str
    topic_prefix: str = ""
    database_prefix: str = "homeward"
    timeout_ms: int = 5000
    cache_dir: Path = DEFAULT_CACHE
    group_prefix: str = ""
    """Prefix of every consumer group name (the services' ``CONSUMER_GROUP_PREFIX``)."""

    def topic(self, service: str) -> str:
        """The service's event topic, with the deployment's prefix."""
        return self.topic_prefix + SERVICE_TOPIC[service]

    def database(self, service: str) -> str:
        """The service's database: ``<prefix>_<service>`` (``homeward_intake`` by default)."""
        return f"{self.database_prefix}_{service}"

    @property
    def operations_database(self) -> str:
        """Where the CLI keeps its own records (dead-letter replays, lag samples)."""
        return f"{self.database_prefix}_operations"

    @property
    def key_store_database(self) -> str:
        """The key store every service shares: ``<prefix>_keys``."""
        return f"{self.database_prefix}_keys"

    def data_keys(self, client: Any) -> Any:
        """The workers' data keys (``MASTER_KEY_FILE`` names the master keys, as for the
        services)."""
        from shared.wiring import data_keys

        settings = ServiceSettings(
            mongodb_url=self.store_url, key_store_database=self.key_store_database
        )
        return data_keys(settings, client)

    def service_settings(self, service: str) -> ServiceSettings:
        """Settings that point a service's code at this deployment."""
        return ServiceSettings(
            service_name=service,
            kafka_bootstrap_servers=self.bootstrap,
            mongodb_url=self.store_url,
            mongodb_database=self.database(service),
            topic_prefix=self.topic_prefix,
            consumer_group_prefix=self.group_prefix,
            mongodb_timeout_ms=self.timeout_ms,
        )

    def kafka_options(self) -> dict[str, Any]:
        """aiokafka connection options (TLS and SASL from the usual ``KAFKA_*`` variables)."""
        from shared.kafka import client_options

        base = ServiceSettings(kafka_bootstrap_servers=self.bootstrap)
        return client_options(base)

    def store_client(self) -> Any:
        """A store client for this event loop."""
        client: Any = make_store_client(self.store_url, self.timeout_ms, "homeward-cli")
        return client


def connection_options(
    ctx: typer.Context,
    bootstrap: Annotated[
        str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS", help="Kafka bootstrap servers")
    ] = "127.0.0.1:9092",
    store: Annotated[
        str, typer.Option(envvar="MONGODB_URL", help="The document store (MongoDB wire) URL")
    ] = "mongodb://127.0.0.1:27017",
    topic_prefix: Annotated[
        str, typer.Option(envvar="TOPIC_PREFIX", help="Prefix of every topic name")
    ] = "",
    database_prefix: Annotated[
        str,
        typer.Option(
            envvar="HOMEWARD_DATABASE_PREFIX",
            help="Databases are <prefix>_<service> (and <prefix>_operations for the CLI)",
        ),
    ] = "homeward",
    timeout_ms: Annotated[
        int, typer.Option(envvar="HOMEWARD_CLI_TIMEOUT_MS", help="Connect timeout")
    ] = 5000,
    cache_dir: Annotated[
        Path,
        typer.Option(envvar="HOMEWARD_CACHE", help="Where lag history is kept"),
    ] = DEFAULT_CACHE,
    group_prefix: Annotated[
        str,
        typer.Option(envvar="CONSUMER_GROUP_PREFIX", help="Prefix of every consumer group name"),
    ] = "",
) -> None:
    """Connection settings; the same variables as the services."""
    ctx.obj = Connection(
        bootstrap, store, topic_prefix, database_prefix, timeout_ms, cache_dir, group_prefix
    )


def connection(ctx: typer.Context) -> Connection:
    """The connection the global options chose."""
    found = ctx.find_object(Connection)
    if found is None:  # a sub-command run without the app's callback (tests of one module)
        return Connection(
            os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
            os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017"),
        )
    return found


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs one command's coroutine."""
    return asyncio.run(coroutine)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Prints a plain-words error and returns the exit to raise."""
    errors.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)
