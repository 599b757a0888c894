"""Every variable a service reads is set in its manifests, and every variable set is read.

The rule (docs/deploy.md): for every pydantic ``BaseSettings`` class a service reads (its own
``<Service>Settings`` in ``services/<name>/app.py`` and the shared ``AuthSettings``), every
required field (no default) is set in the service's Deployment, from the shared ConfigMap,
the Deployment's own ``env``, or a ``..._FILE`` variable naming a key of a mounted Secret;
no variable is set that no class reads (a misspelt name would silently do nothing); and the
variables as set make valid settings (production: TLS and SCRAM for Kafka).
"""

from __future__ import annotations

import importlib
import os
from unittest import mock

import pytest

from tests.deploy.manifests import (
    OVERLAYS,
    SECRET_PLACEHOLDER,
    ServiceUnderTest,
    of_kind,
    render,
    service_environment,
    services,
    variables,
)

pytestmark = pytest.mark.xdist_group("deploy")

SERVICES = services()


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_the_manifests_set_what_the_service_reads(overlay, service: ServiceUnderTest):
    environment = service_environment(overlay, service)
    for settings in service.settings:
        names = variables(settings)
        for field, info in settings.model_fields.items():
            if info.is_required():
                assert any(names.get(v, ("",))[0] == field for v in environment), (
                    f"{settings.__name__}.{field} has no default and is not set"
                )
        with mock.patch.dict(os.environ, environment, clear=True):
            settings()  # raises if the values make no valid settings


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_production_settings_use_tls_and_scram_and_the_real_issuer(service: ServiceUnderTest):
    environment = service_environment("production", service)
    with mock.patch.dict(os.environ, environment, clear=True):
        settings = service.settings[0]()
    assert settings.environment == "production"  # type: ignore[attr-defined]
    assert settings.kafka_security_protocol == "SASL_SSL"  # type: ignore[attr-defined]
    assert settings.kafka_sasl_mechanism == "SCRAM-SHA-512"  # type: ignore[attr-defined]
    assert settings.kafka_sasl_password == SECRET_PLACEHOLDER  # type: ignore[attr-defined]
    assert settings.topic_replication_factor == 3  # type: ignore[attr-defined]
    url = settings.mongodb_url  # type: ignore[attr-defined]
    assert "tls=true" in url
    assert "replicaSet=rs0" in url
    assert "@" in url  # the user and the password from the mounted file
    if any(s.__name__ == "AuthSettings" for s in service.settings):
        assert environment.get("AUTH_JWKS_URL") or environment.get("AUTH_JWKS_FILE")


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
async def test_each_kafka_user_may_do_what_its_service_does(service: ServiceUnderTest):
    """The service's Kafka user may read what it subscribes to, in the groups it uses."""
    module = importlib.import_module(f"services.{service.name}.app")
    app = module.create_app(service.settings[0]())  # builds clients; connects nothing
    runtime = app.state.runtime
    try:
        subscriptions = [
            (str(getattr(topic, "name", topic)), subscriber.group_id)
            for subscriber in runtime.broker.subscribers
            for topic in subscriber.topic_names
        ]
    finally:
        await runtime.client.close()
    user = of_kind(render("production"), "KafkaUser")[f"homeward-{service.name}"]
    acls = user["spec"]["authorization"]["acls"]

    def allowed(kind: str, name: str, operation: str) -> bool:
        for acl in acls:
            resource = acl["resource"]
            if resource["type"] != kind or operation not in acl["operations"]:
                continue
            pattern = resource.get("name", "")
            if resource.get("patternType") == "prefix" and name.startswith(pattern):
                return True
            if name == pattern:
                return True
        return False

    for topic, group in subscriptions:
        assert allowed("topic", topic, "Read"), topic
        assert allowed("topic", f"{topic}.dlq", "Write"), f"{topic}.dlq"
        assert allowed("group", group, "Read"), group
    published = f"homeward.{service.name}.events"
    if any(m["metadata"]["name"] == published for m in render("production")):
        assert allowed("topic", published, "Write"), published
