"""What each service keeps, discovered from its own ``create_app`` (built, never started)."""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any

from shared.rebuild import Subscription, subscriptions_of
from shared.settings import ServiceSettings
from tools.cli.config import Connection


@dataclass(frozen=True)
class ServiceLayout:
    """A service's database, the collections carrying an outbox, and the views it folds."""

    service: str
    database: str
    outbox_collections: list[str]
    subscriptions: list[Subscription]


def layout(conn: Connection, service: str) -> ServiceLayout:
    """Builds the service's app against this deployment to read what it registered."""
    module = importlib.import_module(f"services.{service}.app")
    settings_class = _settings_class(module)
    settings = settings_class(
        service_name=service,
        kafka_bootstrap_servers=conn.bootstrap,
        mongodb_url=conn.store_url,
        mongodb_database=conn.database(service),
        topic_prefix=conn.topic_prefix,
        consumer_group_prefix=conn.group_prefix,
        log_level="WARNING",
        log_format="console",
    )
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        app = module.create_app(settings)
    finally:  # the service's logging set-up is not the CLI's
        root.handlers[:] = handlers
        root.setLevel(level)
    runtime = app.state.runtime
    return ServiceLayout(
        service,
        runtime.database.name,
        [c.name for c in runtime.relay.collections],
        subscriptions_of(runtime),
    )


def _settings_class(module: Any) -> type[ServiceSettings]:
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, ServiceSettings)
            and value is not ServiceSettings
        ):
            return value
    return ServiceSettings
