"""deploy/monitoring: the alert rules pass promtool's checks and their unit tests, the
ServiceMonitor selects every service's Service, and the rules and the Grafana dashboard name
only metrics the services serve."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml
from prometheus_client import (
    CollectorRegistry,
    GCCollector,
    PlatformCollector,
    ProcessCollector,
)

from tests.deploy.manifests import ROOT, of_kind, render, services, tool

pytestmark = pytest.mark.xdist_group("deploy")

MONITORING = ROOT / "deploy" / "monitoring"
METRIC = re.compile(r"\b((?:homeward|process|python)_[a-z_]+)\b")
SUFFIXES = ("_total", "_bucket", "_count", "_sum", "_created")


def _promtool(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(tool("promtool")), *arguments],
        cwd=MONITORING,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_alert_rules_pass_promtool_and_their_unit_tests() -> None:
    checked = _promtool("check", "rules", "alert-rules.yaml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = _promtool("test", "rules", "alert-rules.test.yaml")
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_promtool_refuses_a_broken_rule(tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("groups:\n- name: x\n  rules:\n  - alert: X\n    expr: sum(\n")
    assert _promtool("check", "rules", str(broken)).returncode != 0


def _served_metrics() -> set[str]:
    """Every metric name the services serve: ours (shared/metrics.py) and the collectors'."""
    source = (ROOT / "shared" / "metrics.py").read_text()
    names = set(re.findall(r'"(homeward_[a-z_]+)"', source))
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    GCCollector(registry=registry)
    PlatformCollector(registry=registry)
    names |= {family.name for family in registry.collect()}
    return names


def _base(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def _expressions() -> list[str]:
    rules = yaml.safe_load((MONITORING / "alert-rules.yaml").read_text())
    found = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    dashboard = json.loads((MONITORING / "grafana-dashboard.json").read_text())
    found += [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    return found


def test_rules_and_dashboard_name_only_metrics_the_services_serve() -> None:
    served = _served_metrics()
    named = {m for expression in _expressions() for m in METRIC.findall(expression)}
    assert {"homeward_consumer_lag", "process_resident_memory_bytes"} <= named
    unknown = sorted(m for m in named if m not in served and _base(m) not in served)
    assert unknown == []


def test_the_dashboard_is_a_grafana_dashboard() -> None:
    dashboard = json.loads((MONITORING / "grafana-dashboard.json").read_text())
    assert dashboard["uid"] == "homeward-overview"
    assert dashboard["schemaVersion"] >= 36
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)) >= 10
    for panel in dashboard["panels"]:
        assert panel["type"] == "timeseries"
        assert set(panel["gridPos"]) == {"h", "w", "x", "y"}
        assert panel["targets"], panel["title"]
        assert all(t["datasource"]["uid"] == "${datasource}" for t in panel["targets"])
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["query"] == "prometheus"


def test_the_service_monitor_scrapes_every_service() -> None:
    monitor = yaml.safe_load((MONITORING / "service-monitor.yaml").read_text())
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["kind"] == "ServiceMonitor"
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["path"] == "/metrics"
    assert endpoint["honorLabels"] is True
    wanted = monitor["spec"]["selector"]["matchLabels"].items()
    namespaces = monitor["spec"]["namespaceSelector"]["matchNames"]
    rendered = of_kind(render("production"), "Service")
    for service in services():
        spec = rendered[service.name]
        assert wanted <= spec["metadata"]["labels"].items(), service.name
        assert spec["metadata"]["namespace"] in namespaces
        assert endpoint["port"] in {port["name"] for port in spec["spec"]["ports"]}
    selected = [n for n, s in rendered.items() if wanted <= s["metadata"]["labels"].items()]
    assert sorted(selected) == sorted(s.name for s in services())
