"""The Kubernetes manifests, rendered by kustomize and checked against the API schemas."""

from __future__ import annotations

import kubernetes_validate
import pytest

from shared.events.topics import topic_specs
from tests.deploy.manifests import (
    KUBERNETES_VERSION,
    OVERLAYS,
    ServiceUnderTest,
    of_kind,
    render,
    services,
    strimzi_validator,
)

pytestmark = pytest.mark.xdist_group("deploy")

SERVICES = services()
STRIMZI_GROUP = "kafka.strimzi.io/"


def _name(manifest: dict) -> str:
    return f"{manifest['kind']}/{manifest['metadata']['name']}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_manifest_is_valid_against_the_kubernetes_and_strimzi_schemas(overlay):
    manifests = render(overlay)
    errors = []
    for manifest in manifests:
        if manifest["apiVersion"].startswith(STRIMZI_GROUP):
            validator = strimzi_validator(manifest["kind"], manifest["apiVersion"])
            errors += [
                f"{_name(manifest)}: {'.'.join(map(str, e.path))}: {e.message}"
                for e in validator.iter_errors(manifest)
            ]
            continue
        try:
            kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            errors.append(f"{_name(manifest)}: {'.'.join(map(str, error.path))}: {error.message}")
    assert errors == []
    kinds = {m["kind"] for m in manifests}
    assert {"Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "StatefulSet"} <= kinds


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_an_invalid_manifest_is_refused(overlay):
    """The checks above can fail: a misspelt field is an error for both kinds of schema."""
    deployment = dict(next(m for m in render(overlay) if m["kind"] == "Deployment"))
    deployment["spec"] = {**deployment["spec"], "replica": 2}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)
    topic = next(m for m in render(overlay) if m["kind"] == "KafkaTopic")
    misspelt = {**topic, "spec": {**topic["spec"], "partition": 3}}
    assert list(strimzi_validator("KafkaTopic", topic["apiVersion"]).iter_errors(misspelt))


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_every_service_has_its_deployment_service_budget_and_autoscaler(
    overlay, service: ServiceUnderTest
):
    manifests = render(overlay)
    deployment = of_kind(manifests, "Deployment")[service.name]
    assert service.name in of_kind(manifests, "Service")
    assert service.name in of_kind(manifests, "PodDisruptionBudget")
    autoscaler = of_kind(manifests, "HorizontalPodAutoscaler")[service.name]
    assert autoscaler["spec"]["scaleTargetRef"]["name"] == service.name

    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["command"][:3] == [
        "uvicorn",
        "--factory",
        f"services.{service.name}.app:create_app",
    ]
    http = container["command"].index("--http")
    assert container["command"][http + 1] == "shared.server:BoundedHttpToolsProtocol"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][kind])
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_topic_in_code_has_its_kafka_topic(overlay):
    topics = {
        m["spec"].get("topicName", m["metadata"]["name"]): m["spec"]
        for m in render(overlay)
        if m["kind"] == "KafkaTopic"
    }
    for spec in topic_specs(partitions=1, replication_factor=1):
        assert spec.name in topics, f"no KafkaTopic for {spec.name}"
        assert str(topics[spec.name]["config"]["retention.ms"]) == spec.config["retention.ms"]
    brokers = sum(
        pool["spec"]["replicas"]
        for pool in of_kind(render(overlay), "KafkaNodePool").values()
        if "broker" in pool["spec"]["roles"]
    )
    for name, spec in topics.items():
        assert spec["replicas"] <= brokers, name
    if overlay == "production":
        for name, spec in topics.items():
            assert spec["replicas"] == 3, name
            assert int(spec["config"]["min.insync.replicas"]) == 2, name
            if not name.endswith(".dlq"):
                assert spec["partitions"] == 12, name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_replicas_of_a_service_never_outnumber_the_partitions_they_share(overlay):
    """A consumer group uses at most one consumer per partition; more replicas would idle."""
    manifests = render(overlay)
    partitions = min(
        m["spec"]["partitions"]
        for m in manifests
        if m["kind"] == "KafkaTopic" and not m["metadata"]["name"].endswith(".dlq")
    )
    config = next(iter(of_kind(manifests, "ConfigMap").values()))
    for name, autoscaler in of_kind(manifests, "HorizontalPodAutoscaler").items():
        assert autoscaler["spec"]["maxReplicas"] <= partitions, name
    settings_partitions = [
        int(m["data"]["TOPIC_PARTITIONS"])
        for m in of_kind(manifests, "ConfigMap").values()
        if "TOPIC_PARTITIONS" in m.get("data", {})
    ]
    assert settings_partitions == [partitions], config["metadata"]["name"]


def test_production_keeps_its_data_on_persistent_volumes_in_three_copies():
    manifests = render("production")
    mongodb = of_kind(manifests, "StatefulSet")["homeward-mongodb"]
    assert mongodb["spec"]["replicas"] == 3
    assert mongodb["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"]
    args = mongodb["spec"]["template"]["spec"]["containers"][0]["args"]
    assert "--replSet=rs0" in args
    assert "--tlsMode=requireTLS" in args
    assert any(a.startswith("--keyFile=") for a in args)
    pools = of_kind(manifests, "KafkaNodePool")
    assert (
        sum(p["spec"]["replicas"] for p in pools.values() if "controller" in p["spec"]["roles"])
        == 3
    )
    for pool in pools.values():
        storage = pool["spec"]["storage"]
        volumes = storage.get("volumes", [storage])
        assert all(v["type"] == "persistent-claim" for v in volumes), pool["metadata"]["name"]
        assert all(v.get("deleteClaim") is False for v in volumes), pool["metadata"]["name"]
    kafka = of_kind(manifests, "Kafka")["homeward"]["spec"]["kafka"]
    assert kafka["authorization"]["type"] == "simple"
    assert all(listener["tls"] for listener in kafka["listeners"])
    assert {listener["authentication"]["type"] for listener in kafka["listeners"]} == {
        "scram-sha-512",
        "tls",
    }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_leave_each_service_only_what_it_needs(overlay):
    manifests = render(overlay)
    policies = of_kind(manifests, "NetworkPolicy").values()
    kafka = of_kind(manifests, "Kafka")["homeward"]["spec"]["kafka"]
    listener_ports = {listener["port"] for listener in kafka["listeners"]}
    for name, deployment in of_kind(manifests, "Deployment").items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        selecting = [
            p for p in policies if p["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
        ]
        assert selecting, f"no NetworkPolicy selects {name}"
        types = {t for p in selecting for t in p["spec"]["policyTypes"]}
        assert types == {"Ingress", "Egress"}, name
        ingress_ports = {
            port["port"]
            for p in selecting
            for rule in p["spec"].get("ingress", [])
            for port in rule["ports"]
        }
        assert ingress_ports == {8000}, name
        egress_ports = {
            port["port"]
            for p in selecting
            for rule in p["spec"].get("egress", [])
            for port in rule["ports"]
        }
        if name == "api-docs":  # static files, written before it starts: it calls nothing
            assert egress_ports == set(), name
            continue
        mail = {25, 587} if name == "notifications" else set()  # its SMTP relay
        parts = {8000} if name == "intake" else set()  # the personal-data export's parts
        assert egress_ports == listener_ports | {27017, 53, 443} | mail | parts, name
