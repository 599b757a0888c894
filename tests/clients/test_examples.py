"""Examples in the whole API's OpenAPI document: every operation shows a request (when it takes
a body) and a response. Operations still without them are listed in
``operations_without_examples.txt``; a new operation must come with its examples, and one that
gains them leaves the list, so the list only shrinks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from tools.clients import CLIENTS

WAITING = Path(__file__).with_name("operations_without_examples.txt")


def _resolved(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _shows_an_example(content: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """A JSON body shows an example on its media type, its schema, or its array's items (a
    page's items, for a list); a file (CSV, XLSX) is its own example."""
    for media_type, media in content.items():
        if not media_type.endswith("json"):
            return True
        if "example" in media or "examples" in media:
            return True
        schema = _resolved(media.get("schema", {}), schemas)
        if "example" in schema or "examples" in schema:
            return True
        if {"items", "next_cursor"} <= set(schema.get("properties", {})):
            schema = schema["properties"]["items"]
        if schema.get("type") == "array":
            schema = _resolved(schema.get("items", {}), schemas)
        if "example" in schema or "examples" in schema:
            return True
    return False


def operations_without_examples(document: dict[str, Any]) -> set[str]:
    """The operation ids whose request body or success response shows no example."""
    schemas = document["components"]["schemas"]
    lacking = set()
    for operations in document["paths"].values():
        for operation in operations.values():
            body = operation.get("requestBody")
            request = body is None or _shows_an_example(body.get("content", {}), schemas)
            answers = [a for code, a in operation["responses"].items() if code.startswith("2")]
            response = all(
                _shows_an_example(a["content"], schemas) for a in answers if a.get("content")
            )
            if not (request and response):
                lacking.add(operation["operationId"])
    return lacking


def test_every_operation_shows_examples_or_waits_on_the_list() -> None:
    document = json.loads((CLIENTS / "openapi.json").read_text(encoding="utf-8"))
    lacking = operations_without_examples(document)
    waiting = {line.strip() for line in WAITING.read_text().splitlines() if line.strip()}
    operations = {o["operationId"] for ops in document["paths"].values() for o in ops.values()}
    assert sorted(lacking - waiting) == [], "give these operations examples"
    assert sorted(waiting - lacking) == [], "these have examples now: take them off the list"
    assert "intake_register_worker" in operations - lacking
    assert "aftercare_cases_overview" in operations - lacking


def _examples(document: dict[str, Any]) -> list[tuple[str, dict[str, Any], Any]]:
    """Every example the document shows: where, the schema it illustrates, the example."""
    found = []
    for name, schema in document["components"]["schemas"].items():
        for example in schema.get("examples", []):
            found.append((name, {"$ref": f"#/components/schemas/{name}"}, example))
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            bodies = [operation.get("requestBody", {}), *operation["responses"].values()]
            for body in bodies:
                for media in body.get("content", {}).values():
                    shown = list(media.get("examples", {}).values())
                    shown = [e["value"] for e in shown] + (
                        [media["example"]] if "example" in media else []
                    )
                    for example in shown:
                        found.append((f"{method} {path}", media.get("schema", {}), example))
    return found


def test_every_example_is_valid_for_its_schema() -> None:
    document = json.loads((CLIENTS / "openapi.json").read_text(encoding="utf-8"))
    examples = _examples(document)
    wrong = []
    for where, schema, example in examples:
        validator = Draft202012Validator(
            {**schema, "components": document["components"]}, format_checker=FormatChecker()
        )
        wrong += [f"{where}: {e.message}" for e in validator.iter_errors(example)]
    assert wrong == []
    assert len(examples) > 10
