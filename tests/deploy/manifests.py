"""What the deployment checks read: rendered manifests, schemas, and the services' settings."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("local", "production")
STRIMZI_SCHEMAS = ROOT / "deploy" / "schemas" / "strimzi-1.2.0"
KUBERNETES_VERSION = "1.33"
Manifest = dict[str, Any]


def tool(name: str) -> Path:
    """Installs a tool into the cache once (deploy/tools.sh) and returns its path."""
    result = subprocess.run(
        ["bash", str(ROOT / "deploy" / "tools.sh"), name],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Path(result.stdout.strip().splitlines()[-1])


@cache
def render(overlay: str) -> tuple[Manifest, ...]:
    """Returns the manifests ``kustomize build`` makes of an overlay."""
    output = subprocess.run(
        [str(tool("kustomize")), "build", str(K8S / "overlays" / overlay)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return tuple(doc for doc in yaml.safe_load_all(output) if doc)


def of_kind(manifests: tuple[Manifest, ...], kind: str) -> dict[str, Manifest]:
    """Returns the manifests of one kind by name."""
    return {m["metadata"]["name"]: m for m in manifests if m["kind"] == kind}


def _closed(schema: Any) -> Any:
    """Returns a CRD schema that refuses unknown fields, as the API server prunes them."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: _closed(value) for key, value in schema.items()}
    if (
        "properties" in closed
        and "additionalProperties" not in closed
        and not closed.get("x-kubernetes-preserve-unknown-fields")
    ):
        closed["additionalProperties"] = False
    return closed


@cache
def strimzi_validator(kind: str, api_version: str) -> jsonschema.Draft7Validator:
    """Returns a validator for a Strimzi resource, from the CRD schemas in deploy/schemas."""
    version = api_version.split("/")[1]
    path = STRIMZI_SCHEMAS / f"{kind.lower()}-{version}.json"
    schema = _closed(json.loads(path.read_text())["openAPIV3Schema"])
    # metadata is the API server's to check, not the CRD's.
    schema["properties"]["metadata"] = {"type": "object"}
    return jsonschema.Draft7Validator(schema)


@dataclass(frozen=True)
class ServiceUnderTest:
    """A service found in services/*/app.py, with the settings classes it reads."""

    name: str
    settings: tuple[type[BaseSettings], ...]


def _settings_classes(module: Any) -> list[type[BaseSettings]]:
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, BaseSettings)
        and value.__module__ == module.__name__
    ]


def services() -> list[ServiceUnderTest]:
    """Every service in the checkout: its own settings class(es), plus the shared auth ones."""
    shared: list[type[BaseSettings]] = []
    if (ROOT / "shared" / "auth" / "settings.py").exists():
        shared += _settings_classes(importlib.import_module("shared.auth.settings"))
    found = []
    for app in sorted((ROOT / "services").glob("*/app.py")):
        module = importlib.import_module(f"services.{app.parent.name}.app")
        found.append(ServiceUnderTest(app.parent.name, (*_settings_classes(module), *shared)))
    return found


def env_prefix(settings: type[BaseSettings]) -> str:
    return str(settings.model_config.get("env_prefix") or "")


def variables(settings: type[BaseSettings]) -> dict[str, tuple[str, bool]]:
    """Returns every variable the class reads: its field, and whether it names a file.

    ``ServiceSettings`` subclasses read ``<PREFIX><FIELD>`` then ``<FIELD>``, and either from a
    file named by ``..._FILE`` (shared/settings.py); other classes read ``<PREFIX><FIELD>``.
    """
    from shared.settings import FILE_SUFFIX, ServiceSettings

    prefix = env_prefix(settings)
    shared_fallback = issubclass(settings, ServiceSettings)
    names: dict[str, tuple[str, bool]] = {}
    for field in settings.model_fields:
        spellings = [prefix + field] + ([field] if shared_fallback else [])
        for spelling in spellings:
            names[spelling.upper()] = (field, False)
            if shared_fallback:
                names[(spelling + FILE_SUFFIX).upper()] = (field, True)
    return names


def container_env(
    deployment: Manifest, manifests: tuple[Manifest, ...]
) -> Iterator[tuple[str, str | None, str]]:
    """Yields (variable, value or None when it comes from a Secret, where) for a Deployment."""
    config_maps = of_kind(manifests, "ConfigMap")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            data = config_maps[source["configMapRef"]["name"]].get("data", {})
            for key, value in data.items():
                yield key, value, f"ConfigMap {source['configMapRef']['name']}"
        else:
            raise AssertionError(f"unexpected envFrom {source}")
    for item in container.get("env", []):
        yield item["name"], item.get("value"), "env"


def mounted_secret_file(deployment: Manifest, path: str) -> bool:
    """Tells whether ``path`` is a key of a Secret mounted into the service's container."""
    pod = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for mount in pod["containers"][0].get("volumeMounts", []):
        folder = mount["mountPath"].rstrip("/") + "/"
        if not path.startswith(folder):
            continue
        secret = volumes[mount["name"]].get("secret")
        if secret is None:
            continue
        relative = path[len(folder) :]
        items = secret.get("items")
        if items is None or relative in {item["path"] for item in items}:
            return True
    return False


SECRET_PLACEHOLDER = "secret-from-a-mounted-file"


def service_environment(overlay: str, service: ServiceUnderTest) -> dict[str, str]:
    """The variables a service's Deployment sets, as its settings read them: a ``_FILE``
    variable naming a mounted Secret's key gives a placeholder value."""
    manifests = render(overlay)
    deployment = of_kind(manifests, "Deployment")[service.name]
    known: dict[str, tuple[str, bool]] = {}
    for settings in service.settings:
        known.update(variables(settings))
    environment: dict[str, str] = {}
    unknown, unmounted = [], []
    for variable, value, where in container_env(deployment, manifests):
        if variable not in known:
            unknown.append(f"{variable} ({where})")
            continue
        _, names_a_file = known[variable]
        if names_a_file:
            if value is None or not mounted_secret_file(deployment, value):
                unmounted.append(f"{variable}={value}")
            environment[variable.removesuffix("_FILE")] = SECRET_PLACEHOLDER
        else:
            assert value is not None, f"{variable} comes from a Secret: use a _FILE variable"
            environment[variable] = value
    assert unknown == [], "set in the manifests but read by no settings class"
    assert unmounted == [], "a _FILE variable names no key of a mounted Secret"
    return environment
