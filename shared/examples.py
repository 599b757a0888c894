"""Examples in a service's OpenAPI document as its models give them, nulls included.

FastAPI drops every ``None`` from the document it builds, the examples' as well, so an example
of a model with a required nullable field (``next_cursor``, ``merged_into``) would lose the
field and no longer match its own schema. The models' own examples are put back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, get_args

from fastapi.encoders import jsonable_encoder
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.routing import BaseRoute


def _models(annotation: Any, found: dict[str, type[BaseModel]]) -> None:
    """Adds the models an annotation names, and those their fields name, by schema name."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        name = re.sub(r"[^a-zA-Z0-9.\-_]", "_", annotation.__name__)
        if found.get(name) is annotation:
            return
        found[name] = annotation
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
        return
    for argument in get_args(annotation):
        _models(argument, found)


def route_models(routes: Iterable[BaseRoute]) -> dict[str, type[BaseModel]]:
    """Returns the models the routes take and answer, by the name of their schema."""
    found: dict[str, type[BaseModel]] = {}
    for route in routes:
        included = getattr(route, "original_router", None)  # a router included in the app
        if included is not None:
            found.update(route_models(included.routes))
            continue
        if not isinstance(route, APIRoute):
            continue
        _models(route.response_model, found)
        for parameter in route.dependant.body_params:
            _models(parameter.field_info.annotation, found)
        for answer in route.responses.values():
            _models(answer.get("model"), found)
    return found


def restore_examples(routes: Iterable[BaseRoute], schemas: dict[str, Any]) -> None:
    """Puts back, in ``schemas``, each model's examples as it gives them (nulls included)."""
    for name, model in route_models(routes).items():
        extra = model.model_config.get("json_schema_extra")
        examples = extra.get("examples") if isinstance(extra, dict) else None
        schema = schemas.get(name)
        if not isinstance(examples, list) or schema is None or "examples" not in schema:
            continue
        schema["examples"] = jsonable_encoder(examples)
