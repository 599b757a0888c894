"""HTTP conventions every service shares: problem documents for every error, refusing to echo
personal data, and refusing text no store should be handed."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.params import Form
from fastapi.responses import Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from shared.errors import (
    ConflictError,
    FieldError,
    ForbiddenError,
    InvalidFieldsError,
    NotAllowedError,
    NotFoundError,
    OutOfScopeError,
    TooManyRequestsError,
    UnauthenticatedError,
)
from shared.examples import restore_examples
from shared.idempotency import IdempotencyConflictError
from shared.messages import N_, known, language_of, text
from shared.problems import (
    CLASSES,
    MEDIA_TYPE,
    STATUS_DETAILS,
    FieldProblem,
    class_for_status,
    document,
    encode,
    validation_message,
)

log = logging.getLogger(__name__)
UNAUTHENTICATED = {"WWW-Authenticate": 'Bearer realm="homeward"'}


class ProblemResponse(Response):
    """An answer holding a problem document (``application/problem+json``)."""

    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return encode(content)


def problem(
    request: Request,
    code: str,
    *,
    detail: str | None = None,
    params: Mapping[str, Any] | None = None,
    errors: list[FieldProblem] | None = None,
    status: int | None = None,
    extensions: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> ProblemResponse:
    """Returns the problem answer to ``request``, in the language it asks for."""
    language = language_of(request.headers.get("accept-language"))
    body = document(
        code,
        language,
        detail=detail,
        params=params,
        errors=errors or (),
        status=status,
        extensions=extensions,
    )
    return ProblemResponse(
        body,
        status_code=body["status"],
        headers={**(headers or {}), "Content-Language": language},
    )


def request_language(request: Request) -> str:
    """FastAPI dependency: the catalogue language the request asks for."""
    return language_of(request.headers.get("accept-language"))


Language = Annotated[str, Depends(request_language)]


def _field(error: FieldError) -> FieldProblem:
    loc = (error.source, *error.field.split("."))
    return FieldProblem(loc, error.kind, error.template, error.params)


def validation_problem(error: Mapping[str, Any]) -> FieldProblem:
    """Returns one of pydantic's errors as a field problem, never echoing the input."""
    message, params = validation_message(error)
    return FieldProblem(tuple(error["loc"]), str(error["type"]), message, params)


def install_error_handlers(app: FastAPI) -> None:
    """Answers every error, the framework's and the domain's, with a problem document, and
    documents the error answers of every route as problem documents."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        # FastAPI's default body echoes the input: it could be a national ID. Names only.
        errors = [validation_problem(e) for e in exc.errors()]
        return problem(request, "validation_failed", errors=errors)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # FastAPI and Starlette answer 400 to a body they cannot decode (bytes that are not
        # UTF-8, broken multipart); every route documents a bad body as 422 naming it.
        if exc.status_code == 400:
            unreadable = FieldProblem(("body",), "body_unparsable", N_("cannot be read"))
            return problem(request, "validation_failed", errors=[unreadable])
        said = str(exc.detail)
        detail = said if known(said, "vi") else STATUS_DETAILS.get(exc.status_code)
        kind = class_for_status(exc.status_code)
        return problem(
            request, kind.code, detail=detail, status=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(FieldError)
    async def field_error(request: Request, exc: FieldError) -> Response:
        return problem(request, "validation_failed", errors=[_field(exc)])

    @app.exception_handler(InvalidFieldsError)
    async def field_errors(request: Request, exc: InvalidFieldsError) -> Response:
        return problem(request, "validation_failed", errors=[_field(e) for e in exc.errors])

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, exc: ConflictError) -> Response:
        return problem(
            request, "conflict", detail=exc.template, params=exc.details, extensions=exc.details
        )

    @app.exception_handler(OutOfScopeError)
    async def out_of_scope(request: Request, exc: OutOfScopeError) -> Response:
        return problem(request, "out_of_scope", detail=exc.template, params=exc.params)

    @app.exception_handler(NotAllowedError)
    async def not_allowed(request: Request, exc: NotAllowedError) -> Response:
        return problem(request, "not_allowed", detail=exc.template, params=exc.params)

    @app.exception_handler(ForbiddenError)
    async def forbidden(request: Request, exc: ForbiddenError) -> Response:
        return problem(request, "forbidden", detail=exc.template, params=exc.params)

    @app.exception_handler(UnauthenticatedError)
    async def unauthenticated(request: Request, exc: UnauthenticatedError) -> Response:
        return problem(
            request,
            "unauthenticated",
            detail=exc.template,
            params=exc.params,
            headers=UNAUTHENTICATED,
        )

    @app.exception_handler(TooManyRequestsError)
    async def too_many(request: Request, exc: TooManyRequestsError) -> Response:
        return problem(
            request,
            "too_many_requests",
            detail=exc.template,
            params=exc.params,
            headers={"Retry-After": str(exc.retry_after_s)},
        )

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        what = text(exc.what, language_of(request.headers.get("accept-language")))
        params = {"what": what, "key": exc.key}
        return problem(request, "not_found", detail=N_("{what} {key} not found"), params=params)

    @app.exception_handler(IdempotencyConflictError)
    async def idempotency_conflict(request: Request, exc: IdempotencyConflictError) -> Response:
        if exc.status_code == 422:  # like every other 422: `loc` names the header
            loc = ("header", "Idempotency-Key")
            errors = [FieldProblem(loc, "idempotency_conflict", exc.detail)]
            return problem(request, "validation_failed", errors=errors)
        return problem(request, "idempotency_in_progress", detail=exc.detail)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        return problem(request, "internal_error")

    app.openapi = lambda: problem_openapi(app)  # type: ignore[method-assign]


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An error answer (RFC 9457); `code` and each `errors[].code` are stable.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "code", "errors"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "enum": sorted(CLASSES)},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["loc", "code", "message"],
                "properties": {
                    "loc": {
                        "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                    "pointer": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
}
PROBLEM_CONTENT = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    """Returns the app's OpenAPI document with every error answer a problem document."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
        servers=app.servers,
    )
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    restore_examples(app.routes, schemas)
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            for status, answer in operation.get("responses", {}).items():
                if status[:1] in ("4", "5"):
                    answer["content"] = PROBLEM_CONTENT
                    if status == "422" and answer.get("description") == "Validation Error":
                        answer["description"] = "A field breaks a rule; `errors[]` names each"
    app.openapi_schema = spec
    return spec


NUL = "\x00"
NUL_MESSAGE = N_("text may not contain the NUL character (U+0000)")
_ESCAPED_NUL = b"\\u0000"  # JSON writes U+0000 only as this escape: a raw one is not JSON
Loc = tuple[str | int, ...]


async def nul_errors(request: Request) -> list[dict[str, Any]]:
    """The 422 errors, one per field, of the strings holding U+0000 that a request carries: a
    path parameter, a query parameter's name or value, a header, a form field or file name, a
    JSON body's string or key. The API refuses them whichever store runs under it: MongoDB
    stores the character, PostgreSQL under FerretDB refuses it, even in a query."""
    found: list[Loc] = []
    # The common case costs a scan of the path, the raw query and each header, in C: path
    # parameters are decoded from the path, and a query writes U+0000 as %00.
    if NUL in request.scope.get("path", ""):
        found += [("path", k) for k, v in request.path_params.items() if NUL in str(v)]
    query: bytes = request.scope.get("query_string", b"")
    if b"%00" in query or b"\x00" in query:
        found += [
            ("query", _shown(name))
            for name, value in request.query_params.multi_items()
            if NUL in name or NUL in value
        ]
    found += [
        ("header", _header_name(name))
        for name, value in request.scope.get("headers", ())
        if b"\x00" in value or b"\x00" in name
    ]
    found += await _body_nuls(request)
    return [{"loc": loc, "msg": NUL_MESSAGE, "type": "string_nul"} for loc in found]


async def _body_nuls(request: Request) -> list[Loc]:
    """Where the body FastAPI read for the route holds U+0000 (it reads it before any
    dependency, and caches it: nothing is read twice)."""
    field = getattr(request.scope.get("route"), "body_field", None)
    if field is None:
        return []
    if isinstance(field.field_info, Form):
        form = await request.form()
        return [
            ("body", _shown(name))
            for name, value in form.multi_items()
            if NUL in name or NUL in (_file_name(value) if isinstance(value, UploadFile) else value)
        ]
    if _ESCAPED_NUL not in await request.body():  # the common case: one scan in C
        return []
    try:
        parsed = await request.json()
    except ValueError:  # not JSON: FastAPI has already refused it or hands the route bytes
        return []
    return list(_nuls_in(parsed, ("body",)))


def _nuls_in(value: Any, loc: Loc) -> Iterator[Loc]:
    if isinstance(value, str):
        if NUL in value:
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield (*loc, _shown(key))
            yield from _nuls_in(item, (*loc, _shown(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nuls_in(item, (*loc, index))


def _file_name(upload: UploadFile) -> str:
    return upload.filename or ""


def _shown(name: str) -> str:
    """A name as an error may show it: U+0000 becomes U+FFFD, as in the audit trail."""
    return name.replace(NUL, "\ufffd")


def _header_name(raw: bytes) -> str:
    name = raw.decode("latin-1").replace(NUL, "\ufffd")
    return "-".join(part.capitalize() for part in name.split("-"))
