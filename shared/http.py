"""HTTP conventions every service shares: error bodies, refusing to echo personal data, and
refusing text no store should be handed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.params import Form
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from shared.errors import (
    ConflictError,
    FieldError,
    InvalidFieldsError,
    NotAllowedError,
    NotFoundError,
    OutOfScopeError,
)
from shared.idempotency import IdempotencyConflictError


def _field_detail(error: FieldError) -> dict[str, object]:
    return {"loc": ["body", *error.field.split(".")], "msg": error.reason, "type": error.kind}


def install_error_handlers(app: FastAPI) -> None:
    """Maps domain errors to 422/409/404 with bodies shaped like FastAPI's own."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default body echoes the input: it could be a national ID. Names only.
        detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(HTTPException)
    async def unparsable_body(request: Request, exc: HTTPException) -> Response:
        # FastAPI and Starlette answer 400 to a body they cannot decode (bytes that are not
        # UTF-8, broken multipart); every route documents a bad body as 422 naming it.
        if exc.status_code != 400:
            return await http_exception_handler(request, exc)
        detail = [{"loc": ["body"], "msg": str(exc.detail), "type": "body_unparsable"}]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(FieldError)
    async def field_error(_: Request, exc: FieldError) -> JSONResponse:
        return JSONResponse({"detail": [_field_detail(exc)]}, status_code=422)

    @app.exception_handler(InvalidFieldsError)
    async def field_errors(_: Request, exc: InvalidFieldsError) -> JSONResponse:
        return JSONResponse({"detail": [_field_detail(e) for e in exc.errors]}, status_code=422)

    @app.exception_handler(ConflictError)
    async def conflict(_: Request, exc: ConflictError) -> JSONResponse:
        return JSONResponse({"detail": exc.reason, **exc.details}, status_code=409)

    @app.exception_handler(OutOfScopeError)
    async def out_of_scope(_: Request, exc: OutOfScopeError) -> JSONResponse:
        return JSONResponse({"detail": exc.reason}, status_code=403)

    @app.exception_handler(NotAllowedError)
    async def not_allowed(_: Request, exc: NotAllowedError) -> JSONResponse:
        return JSONResponse({"detail": exc.reason}, status_code=403)

    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(IdempotencyConflictError)
    async def idempotency_conflict(_: Request, exc: IdempotencyConflictError) -> JSONResponse:
        if exc.status_code == 422:  # shaped like every other 422: `loc` names the header
            loc = ["header", "Idempotency-Key"]
            detail = [{"loc": loc, "msg": exc.detail, "type": "idempotency_conflict"}]
            return JSONResponse({"detail": detail}, status_code=422)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


NUL = "\x00"
NUL_MESSAGE = "text may not contain the NUL character (U+0000)"
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
