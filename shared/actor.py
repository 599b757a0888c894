"""Who acted: command fields no request body may set; the API fills them from the bearer token.

A command's ``Actor`` fields (``corrected_by``, ``consent.recorded_by``...) are left out of the
request schema (OpenAPI shows them in answers only). ``acted_by`` refuses a body that sets one
(422 naming it) and fills every one with the caller's token subject.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, GetJsonSchemaHandler
from pydantic_core import PydanticOmit, core_schema

from shared.errors import FieldError, InvalidFieldsError
from shared.messages import N_

ACTOR_REFUSED = N_("is taken from the bearer token's subject; do not send it")


class FromToken:
    """Marks a field the caller's token fills: absent from request schemas, shown in answers."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> Any:
        if getattr(handler, "mode", "validation") == "validation":
            raise PydanticOmit
        return handler(schema)


Actor = Annotated[
    str,
    Field(default="", max_length=200, description="Who acted: the token's subject"),
    FromToken(),
]
"""The subject of the token that made the request; set by ``acted_by``, never by the body."""

Command = TypeVar("Command", bound=BaseModel)


def acted_by(command: Command, subject: str) -> Command:
    """The command with every ``Actor`` field (nested models included) set to ``subject``.

    Raises ``InvalidFieldsError`` naming each ``Actor`` field the request body set.
    """
    sent: list[FieldError] = []
    filled = _fill(command, subject, "", sent)
    if sent:
        raise InvalidFieldsError(sent)
    return filled


def actor_fields(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The dotted paths of a model's ``Actor`` fields, nested models included."""
    found: list[str] = []
    for name, info in model.model_fields.items():
        if any(isinstance(m, FromToken) for m in info.metadata):
            found.append(f"{prefix}{name}")
        elif isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            found += actor_fields(info.annotation, f"{prefix}{name}.")
    return found


def _fill(command: Command, subject: str, prefix: str, sent: list[FieldError]) -> Command:
    update: dict[str, Any] = {}
    for name, info in type(command).model_fields.items():
        value = getattr(command, name)
        if any(isinstance(m, FromToken) for m in info.metadata):
            if name in command.model_fields_set:
                sent.append(FieldError(f"{prefix}{name}", ACTOR_REFUSED, kind="extra_forbidden"))
            update[name] = subject
        elif isinstance(value, BaseModel):
            update[name] = _fill(value, subject, f"{prefix}{name}.", sent)
    return command.model_copy(update=update) if update else command
