"""The sizing in docs/deploy.md still holds for the manifests and the events as they are."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.deploy.manifests import ROOT, render

pytestmark = pytest.mark.xdist_group("deploy")


def _sizing() -> ModuleType:
    spec = importlib.util.spec_from_file_location("deploy_sizing", ROOT / "deploy" / "sizing.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_production_partitions_cover_the_country_and_the_largest_province(capsys):
    sizing = _sizing()
    mean = sizing.mean_record_bytes()
    assert 300 < mean < 4000  # a CloudEvent of our payloads, headers included
    partitions = min(
        m["spec"]["partitions"]
        for m in render("production")
        if m["kind"] == "KafkaTopic" and not m["metadata"]["name"].endswith(".dlq")
    )
    for scale in sizing.SCALES:
        assert sizing.plan(scale, mean).partitions_needed <= partitions, scale.name
    sizing.main()
    assert "Viet Nam" in capsys.readouterr().out


def test_the_groups_counted_are_the_ones_the_services_subscribe() -> None:
    from services.aftercare.handlers import CASE_TOPICS, INCIDENT_TOPICS
    from services.deployment.handlers import READS_FROM
    from services.notifications.handlers import LICENCE_TOPICS, WORKER_TOPICS
    from services.reporting.handlers import FACT_TOPICS
    from shared.events.topics import Topic

    subscribed = {
        "training-candidates": (Topic.INTAKE,),  # services/training/app.py
        "deployment-candidates": READS_FROM,
        "aftercare-cases": CASE_TOPICS,
        "aftercare-incidents": INCIDENT_TOPICS,
        "reporting-facts": FACT_TOPICS,
        "notifications-worker-facts": WORKER_TOPICS,
        "notifications-licences": LICENCE_TOPICS,
        "notifications-webhook-feed": (Topic.NOTIFICATIONS,),
    }
    reading: dict[str, set[str]] = {}
    for group, topics in subscribed.items():
        for topic in topics:
            reading.setdefault(topic.value.split(".")[1], set()).add(group)
    counted = {topic: set(groups) for topic, groups in _sizing().GROUPS_READING.items()}
    assert counted == reading
    assert _sizing().VIEWS_PER_EVENT == 5
