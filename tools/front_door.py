"""The front door's files: one OpenAPI document of the whole API, and its docs page.

    python -m tools.front_door openapi [--out FILE]   the combined document (stdout by default)
    python -m tools.front_door files DIR             DIR/openapi.json and DIR/docs/ (Swagger UI)
    python -m tools.front_door config --out FILE ... the front door's nginx configuration

The combined document holds every service's operations under ``/v1/<service>``, the reference
data under ``/v1/reference`` (served by intake), and one set of components: a schema two
services name alike but define differently is renamed ``<Service><Name>`` in each of them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

SERVICES = ("intake", "training", "deployment", "aftercare", "reporting", "notifications")
# Paths a service serves for the whole API rather than for itself: the front door maps them.
SHARED_PREFIXES = {"intake": ("/reference",)}
# Operations kept out of the combined document: each service's own probes and metrics.
OPERATIONS_ONLY = {"/healthz", "/readyz", "/metrics", "/asyncapi.json"}
TEMPLATE = Path(__file__).resolve().parent.parent / "deploy" / "front-door" / "nginx.conf.template"
TITLE = "Homeward API"
DESCRIPTION = (
    "Every Homeward service behind one front door: `/v1/<service>/...`, and the reference data "
    "(provinces, communes, code lists) at `/v1/reference/...`. Each service's own port serves "
    "the same operations without the prefix, for operators."
)


def public_path(service: str, path: str) -> str:
    """The path an operation has at the front door."""
    for prefix in SHARED_PREFIXES.get(service, ()):
        if path == prefix or path.startswith(prefix + "/"):
            return "/v1" + path
    return f"/v1/{service}{path}"


def combine(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Merges the services' OpenAPI documents into one: paths prefixed, components unique."""
    names = _component_names(documents)
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for service, document in documents.items():
        renamed = names[service]
        for path, operations in document.get("paths", {}).items():
            if path in OPERATIONS_ONLY:
                continue
            paths[public_path(service, path)] = _renamed_refs(operations, renamed)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            new = renamed.get(name, name)
            schemas[new] = _renamed_refs(schema, renamed)
            if new != name:  # generators name a model by its title: one title per schema
                schemas[new]["title"] = new
    first = next(iter(documents.values()))
    combined: dict[str, Any] = {
        "openapi": first.get("openapi", "3.1.0"),
        "info": {"title": TITLE, "version": "1", "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": dict(sorted(schemas.items()))},
    }
    # Every operation but the public pages takes the bearer token of docs/security.md.
    combined["components"]["securitySchemes"] = {
        **_security_schemes(documents),
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    }
    combined["security"] = [{"bearer": []}]
    return combined


def _component_names(documents: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """For each service, the new name of each of its schemas that another service defines
    differently (a schema identical everywhere it appears keeps its name)."""
    seen: dict[str, dict[str, str]] = {}  # name -> service -> canonical JSON
    for service, document in documents.items():
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            seen.setdefault(name, {})[service] = json.dumps(schema, sort_keys=True)
    names: dict[str, dict[str, str]] = {service: {} for service in documents}
    for name, by_service in seen.items():
        plain = name.replace("-", "")  # FastAPI's "X-Input": a name every generator can use
        differs = len(set(by_service.values())) > 1
        for service in by_service:
            new = service.capitalize() + plain if differs else plain
            if new != name:
                names[service][name] = new
    return names


def _renamed_refs(value: Any, renamed: dict[str, str]) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str) and item.startswith(REF):
                name = item[len(REF) :]
                out[key] = REF + renamed.get(name, name)
            else:
                out[key] = _renamed_refs(item, renamed)
        return out
    if isinstance(value, list):
        return [_renamed_refs(item, renamed) for item in value]
    return value


REF = "#/components/schemas/"


def _security_schemes(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    schemes: dict[str, Any] = {}
    for document in documents.values():
        schemes.update(document.get("components", {}).get("securitySchemes", {}))
    return schemes


async def service_documents(services: Sequence[str] = SERVICES) -> dict[str, dict[str, Any]]:
    """Builds each service's app (nothing connects) and returns its OpenAPI document."""
    documents: dict[str, dict[str, Any]] = {}
    for service in services:
        app = importlib.import_module(f"services.{service}.app").create_app()
        documents[service] = app.openapi()
        with contextlib.suppress(Exception):  # never started: closing it only quiets a warning
            await app.state.runtime.producer.stop()
    return documents


def combined_document() -> dict[str, Any]:
    """The whole API's OpenAPI document, built from the services' code."""
    with _quiet_logs():
        return combine(asyncio.run(service_documents()))


@contextlib.contextmanager
def _quiet_logs() -> Iterator[None]:
    """Building an app configures logging to stdout; the document may be going there too."""
    saved = os.environ.get("LOG_LEVEL")
    os.environ["LOG_LEVEL"] = "ERROR"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("LOG_LEVEL", None)
        else:
            os.environ["LOG_LEVEL"] = saved


DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Homeward API</title>
  <link rel="stylesheet" href="swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="swagger-ui-bundle.js"></script>
  <script src="init.js"></script>
</body>
</html>
"""
DOCS_INIT = """window.ui = SwaggerUIBundle({
  url: "/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
});
"""
SWAGGER_FILES = ("swagger-ui.css", "swagger-ui-bundle.js")


def write_files(directory: Path) -> None:
    """Writes the front door's static files: the combined document and the docs page."""
    bundled = resources.files("fastapi_offline") / "static"  # Swagger UI, no CDN
    directory.mkdir(parents=True, exist_ok=True)
    document = combined_document()
    (directory / "openapi.json").write_text(json.dumps(document, ensure_ascii=False))
    docs = directory / "docs"
    docs.mkdir(exist_ok=True)
    for name in SWAGGER_FILES:
        (docs / name).write_bytes((bundled / name).read_bytes())
    (docs / "index.html").write_text(DOCS_PAGE)
    (docs / "init.js").write_text(DOCS_INIT)


PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")


def render_config(template: str, values: dict[str, str]) -> str:
    """Fills the template's ``${NAME}`` placeholders (nginx's own ``$variables`` stay)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"the front door's template needs {name}")
        return values[name]

    return PLACEHOLDER.sub(value, template)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.front_door", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    openapi = commands.add_parser("openapi", help="print or write the combined OpenAPI document")
    openapi.add_argument("--out", type=Path)
    files = commands.add_parser("files", help="write openapi.json and the docs page into DIR")
    files.add_argument("directory", type=Path)
    config = commands.add_parser("config", help="render the nginx configuration's server part")
    config.add_argument("--out", type=Path, required=True)
    config.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    if args.command == "openapi":
        text = json.dumps(combined_document(), ensure_ascii=False, indent=2)
        if args.out:
            args.out.write_text(text + "\n")
        else:
            sys.stdout.write(text + "\n")
    elif args.command == "files":
        write_files(args.directory)
    else:
        values = dict(item.split("=", 1) for item in args.set)
        args.out.write_text(render_config(TEMPLATE.read_text(), values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
