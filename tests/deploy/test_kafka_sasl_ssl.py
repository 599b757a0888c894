"""A service over Kafka with TLS and SCRAM-SHA-512, as in production, against a real broker.

The test starts its own single-node Kafka (the project's jars, scripts/infra.sh) with a
SASL_SSL listener: a CA and the broker's certificate are made here with ``cryptography``, the
SCRAM users are written when the storage is formatted. The training service then starts with
nothing but production-style settings (CA file, user, password from a file), becomes ready,
and folds an intake event it reads over that listener into its view.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import json
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import httpx
import pytest
from aiokafka.errors import KafkaError
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pymongo import AsyncMongoClient

import shared.contracts  # noqa: F401 - registers every payload in the catalogue
from services.training import store as training_store
from services.training.app import TrainingSettings, create_app
from shared.events.catalogue import CATALOGUE
from shared.events.envelope import new_event, to_kafka
from shared.events.topics import Topic, topic_specs
from shared.kafka import ensure_topics, make_producer
from tests.deploy.manifests import ROOT

pytestmark = [pytest.mark.xdist_group("deploy"), pytest.mark.infra]

KAFKA_VERSION = "4.4.0"
USER, PASSWORD = "homeward-training", "scram-password-of-training"
KEY_PASSWORD = "broker-key-password"
SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule required;"
# A test broker lives for seconds: start the JVM fast rather than run it fast.
FAST_START = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k")
SAMPLE = ROOT / "tests" / "contracts" / "samples" / "worker.registered.v1.json"


@dataclass(frozen=True)
class SecureKafka:
    """A running broker's SASL_SSL address and the CA that signed it."""

    bootstrap: str
    ca_file: Path
    password_file: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _kafka_libs() -> Path:
    libs = Path(os.environ.get("HOMEWARD_CACHE", Path.home() / ".cache" / "homeward"))
    libs = libs / f"kafka-{KAFKA_VERSION}" / "libs"
    if not (libs / f"kafka_2.13-{KAFKA_VERSION}.jar").exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "infra.sh"), "install"], check=True)
    return libs


def _write_certificates(folder: Path) -> Path:
    """Writes ca.crt and broker.p12 (the broker's key and certificate for 127.0.0.1)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    broker_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "homeward-test-cluster-ca")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    broker = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(broker_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = folder / "ca.crt"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "broker.p12").write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"broker",
            broker_key,
            broker,
            [ca],
            serialization.BestAvailableEncryption(KEY_PASSWORD.encode()),
        )
    )
    return ca_file


@pytest.fixture(scope="module")
def secure_kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureKafka]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is needed to run Kafka (the suite's own stack needs it too)")
    libs = _kafka_libs()
    folder = tmp_path_factory.mktemp("secure-kafka")
    ca_file = _write_certificates(folder)
    client, internal, controller = _free_port(), _free_port(), _free_port()
    properties = folder / "server.properties"
    properties.write_text(
        f"""process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller}
listeners=SASL_SSL://127.0.0.1:{client},INTERNAL://127.0.0.1:{internal},CONTROLLER://127.0.0.1:{controller}
advertised.listeners=SASL_SSL://127.0.0.1:{client},INTERNAL://127.0.0.1:{internal}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SASL_SSL:SASL_SSL
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config={SCRAM_LOGIN}
ssl.keystore.type=PKCS12
ssl.keystore.location={folder / "broker.p12"}
ssl.keystore.password={KEY_PASSWORD}
ssl.key.password={KEY_PASSWORD}
log.dirs={folder / "data"}
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
"""
    )
    classpath = f"{libs}/*"
    subprocess.run(
        [java, *FAST_START, "-cp", classpath, "kafka.tools.StorageTool", "format", "-t",
         uuid.uuid4().hex[:22], "-c", str(properties),
         "--add-scram", f"SCRAM-SHA-512=[name={USER},password={PASSWORD}]"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    log = (folder / "kafka.log").open("wb")
    process = subprocess.Popen(
        [java, *FAST_START, "-Xms64m", "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
         "-cp", classpath, "kafka.Kafka", str(properties)],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", client), 1):
                break
            assert process.poll() is None, (folder / "kafka.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "Kafka did not open its SASL_SSL listener"
            time.sleep(0.2)
        password_file = folder / "kafka-password"
        password_file.write_text(PASSWORD + "\n")
        yield SecureKafka(f"127.0.0.1:{client}", ca_file, password_file)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _environment(kafka: SecureKafka, mongodb_url: str, unique: str) -> dict[str, str]:
    """The production-style variables a Deployment sets (deploy/k8s), pointed at this test."""
    return {
        "TRAINING_KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap,
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "TRAINING_KAFKA_SASL_USERNAME": USER,
        "TRAINING_KAFKA_SASL_PASSWORD_FILE": str(kafka.password_file),
        "KAFKA_SSL_CAFILE": str(kafka.ca_file),
        "TRAINING_TOPIC_PREFIX": f"{unique}.",
        "TRAINING_MONGODB_URL": mongodb_url,
        "TRAINING_MONGODB_DATABASE": f"{unique}_training",
        "TRAINING_ENVIRONMENT": "test",
        "TRAINING_RELAY_IDLE_INTERVAL_S": "0.05",
    }


@contextlib.asynccontextmanager
async def _running(settings: TrainingSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://training") as api:
            yield api


async def test_a_service_runs_over_sasl_ssl_with_scram(
    secure_kafka: SecureKafka, mongodb_url: str, unique: str
):
    with mock.patch.dict(os.environ, _environment(secure_kafka, mongodb_url, unique)):
        settings = TrainingSettings()
    assert settings.kafka_sasl_password == PASSWORD  # read from the mounted file

    async with _running(settings) as api:
        deadline = time.monotonic() + 60
        while (response := await api.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, response.text
            await asyncio.sleep(0.2)
        assert response.json()["checks"]["kafka"] == "ok"

        sample = json.loads(SAMPLE.read_text())
        payload = CATALOGUE.spec("worker.registered", 1).payload.model_validate(sample["data"])
        worker = str(uuid.uuid4())
        event = new_event(
            payload.model_copy(update={"worker_id": worker}),
            event_id=str(uuid.uuid4()),
            subject=worker,
            sequence=1,
            source="intake",
            time=dt.datetime.now(dt.UTC),
            correlation_id=str(uuid.uuid4()),
        )
        key, value, headers = to_kafka(event)
        producer = make_producer(settings)  # the relay's producer, over SASL_SSL
        await producer.start()
        try:
            await producer.send_and_wait(
                f"{unique}.{Topic.INTAKE}", value, key=key, headers=headers
            )
        finally:
            await producer.stop()

        client: AsyncMongoClient[dict] = AsyncMongoClient(mongodb_url)
        try:
            view = client[f"{unique}_training"][training_store.TRAINEES]
            deadline = time.monotonic() + 60
            while await view.find_one({"_id": worker}) is None:
                assert time.monotonic() < deadline, "the event never reached the view"
                await asyncio.sleep(0.2)
        finally:
            await client.close()


async def test_a_wrong_password_is_refused(secure_kafka: SecureKafka, unique: str):
    environment = {
        **_environment(secure_kafka, "mongodb://127.0.0.1:1", unique),
        "TRAINING_KAFKA_SASL_PASSWORD_FILE": "",
        "TRAINING_KAFKA_SASL_PASSWORD": "not-the-password",
    }
    with mock.patch.dict(os.environ, environment):
        settings = TrainingSettings()
    with pytest.raises(KafkaError):
        await asyncio.wait_for(ensure_topics(settings, topic_specs(1, 1, f"{unique}.")), 30)
