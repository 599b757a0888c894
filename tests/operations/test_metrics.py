"""Every service serves Prometheus metrics at /metrics, and they move when events flow."""

from __future__ import annotations

import time
import uuid

from aiokafka import AIOKafkaProducer
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from shared.events.topics import Topic
from shared.metrics import HttpMetrics
from tests.operations.support import eventually, publish, registered
from tests.support.services import in_process, service_app, settings_env


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def total(metrics: dict, name: str, **labels: str) -> float:
    return sum(
        value
        for (sample, sample_labels), value in metrics.items()
        if sample == name and all((k, v) in sample_labels for k, v in labels.items())
    )


async def test_metrics_move_when_events_flow(kafka_bootstrap, mongodb_url, unique, store_client):
    app = service_app("training", settings_env("training", unique, kafka_bootstrap, mongodb_url))
    topic = f"{unique}.{Topic.INTAKE}"
    view = store_client[f"{unique}_training"]["candidates"]
    async with in_process(app) as api:
        before = samples((await api.get("/metrics")).text)
        assert total(before, "homeward_events_consumed_total") == 0
        await publish(kafka_bootstrap, topic, [registered(str(uuid.uuid4())) for _ in range(5)])
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await producer.start()
        try:
            await producer.send_and_wait(topic, b"not an event", key=b"poison")
        finally:
            await producer.stop()
        await api.get(f"/nowhere/{uuid.uuid4()}")

        async def moved() -> dict | None:
            response = await api.get("/metrics")
            metrics = samples(response.text)
            done = total(metrics, "homeward_events_dead_lettered_total") >= 1 and any(
                name == "homeward_consumer_lag" for name, _ in metrics
            )
            return metrics if done and await view.count_documents({}) == 5 else None

        after = await eventually(moved, what="metrics moved")
        assert (
            total(after, "homeward_events_consumed_total", type="worker.registered", topic=topic)
            == 5
        )
        assert total(after, "homeward_events_dead_lettered_total", type="unknown") == 1
        assert total(after, "homeward_events_applied_total", service="training") == 5
        assert total(after, "homeward_handler_batch_seconds_count") >= 1
        assert total(after, "homeward_http_requests_total", route="/readyz", status="200") >= 1
        assert total(after, "homeward_http_requests_total", route="unmatched") == 1
        assert total(after, "homeward_http_request_seconds_count", route="/readyz") >= 1
        assert ("homeward_store_up", (("service", "training"),)) in after
        lags = [v for (name, labels), v in after.items() if name == "homeward_consumer_lag"]
        assert lags
        assert all(v >= 0 for v in lags)
        assert any(name == "homeward_outbox_pending_documents" for name, _ in after)
        assert any(name == "homeward_outbox_oldest_pending_age_seconds" for name, _ in after)
        response = await api.get("/metrics")
        assert "/nowhere/" not in response.text
        # the process's own figures, for the alert rules and the dashboard in deploy/
        assert total(after, "process_resident_memory_bytes") > 0
        assert total(after, "process_cpu_seconds_total") > 0
        assert total(after, "python_gc_collections_total") >= 0
        assert any(name == "python_gc_collections_total" for name, _ in after)
        assert any(name == "python_info" for name, _ in after)


def test_http_metrics_count_each_method_route_and_status_apart() -> None:
    registry = CollectorRegistry()
    metrics = HttpMetrics("intake", registry)
    started = time.perf_counter()
    for status in (200, 200, 404, 200):
        metrics.observe("GET", "/workers/{worker_id}", status, started)
    metrics.observe("POST", "/workers", 201, started)
    found = samples(generate_latest(registry).decode())
    requests = "homeward_http_requests_total"
    assert total(found, requests, method="GET", status="200") == 3
    assert total(found, requests, method="GET", status="404") == 1
    assert total(found, requests, route="/workers", status="201") == 1
    latency = "homeward_http_request_seconds_count"
    assert total(found, latency, method="GET", route="/workers/{worker_id}") == 4
