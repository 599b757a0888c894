"""Kafka wiring: the FastStream broker, the outbox producer, and topic creation."""

from __future__ import annotations

import ssl
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from shared.events.topics import TopicSpec
from shared.logging import get_logger
from shared.settings import ServiceSettings

log = get_logger(__name__)


def _ssl_context(settings: ServiceSettings) -> ssl.SSLContext | None:
    """Returns the TLS context: the cluster's CA, and the client certificate for mTLS."""
    if settings.kafka_security_protocol not in ("SSL", "SASL_SSL"):
        return None
    context = ssl.create_default_context(cafile=settings.kafka_ssl_cafile)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = settings.kafka_ssl_check_hostname
    if settings.kafka_ssl_certfile:
        context.load_cert_chain(
            settings.kafka_ssl_certfile,
            settings.kafka_ssl_keyfile,
            password=settings.kafka_ssl_keyfile_password,
        )
    return context


def client_options(settings: ServiceSettings) -> dict[str, Any]:
    """Returns the aiokafka connection options (bootstrap, TLS, SASL) for raw clients."""
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "security_protocol": settings.kafka_security_protocol,
    }
    context = _ssl_context(settings)
    if context is not None:
        options["ssl_context"] = context
    if settings.kafka_sasl_mechanism:
        options["sasl_mechanism"] = settings.kafka_sasl_mechanism
        options["sasl_plain_username"] = settings.kafka_sasl_username
        options["sasl_plain_password"] = settings.kafka_sasl_password
    return options


def _broker_security(settings: ServiceSettings) -> BaseSecurity | None:
    context = _ssl_context(settings)
    mechanism = settings.kafka_sasl_mechanism
    username, password = settings.kafka_sasl_username or "", settings.kafka_sasl_password or ""
    use_ssl = context is not None
    if mechanism == "SCRAM-SHA-256":
        return SASLScram256(username, password, ssl_context=context, use_ssl=use_ssl)
    if mechanism == "SCRAM-SHA-512":
        return SASLScram512(username, password, ssl_context=context, use_ssl=use_ssl)
    if mechanism == "PLAIN":
        return SASLPlaintext(username, password, ssl_context=context, use_ssl=use_ssl)
    if context is not None:
        return BaseSecurity(ssl_context=context, use_ssl=True)
    return None


def make_broker(settings: ServiceSettings, graceful_timeout: float = 8.0) -> KafkaBroker:
    """Returns the service's FastStream broker (consumers; the relay has its own producer)."""
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        security=_broker_security(settings),
        client_id=settings.service_name,
        graceful_timeout=graceful_timeout,
        enable_idempotence=True,
        acks="all",
    )


def make_producer(settings: ServiceSettings) -> AIOKafkaProducer:
    """Returns an idempotent producer (acks=all) for the outbox relay and dead letters."""
    return AIOKafkaProducer(
        **client_options(settings),
        client_id=f"{settings.service_name}-relay",
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=256 * 1024,
        request_timeout_ms=15000,
    )


async def ensure_topics(settings: ServiceSettings, specs: list[TopicSpec]) -> list[str]:
    """Creates the topics that do not exist yet; returns the names it created."""
    admin = AIOKafkaAdminClient(
        **client_options(settings), client_id=f"{settings.service_name}-admin"
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        if not missing:
            return []
        new_topics = [
            NewTopic(s.name, s.partitions, s.replication_factor, topic_configs=s.config)
            for s in missing
        ]
        response = await admin.create_topics(new_topics)
        created: list[str] = []
        for topic, code, *message in response.topic_errors:
            if code == 0:
                created.append(topic)
            elif code != TopicAlreadyExistsError.errno:  # another service was first: fine
                raise RuntimeError(f"creating topic {topic} failed: error {code} {message}")
        if created:
            log.info("topics created", topics=created)
        return created
    finally:
        await admin.close()
