"""HTTP conventions every service shares: error bodies, and refusing to echo personal data."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pymongo.errors import OperationFailure
from starlette.exceptions import HTTPException

from shared.errors import (
    ConflictError,
    FieldError,
    InvalidFieldsError,
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

    @app.exception_handler(OperationFailure)
    async def unstorable_text(_: Request, exc: OperationFailure) -> JSONResponse:
        # PostgreSQL, under FerretDB, stores no U+0000 in text (SQLSTATE 22P05): the write
        # failed whole, and the request, not the store, is at fault. Anything else is a 500.
        if "SQLSTATE 22P05" not in str(exc):
            raise exc
        msg = "text may not contain the NUL character (U+0000)"
        return JSONResponse(
            {"detail": [{"loc": ["body"], "msg": msg, "type": "string_nul"}]}, status_code=422
        )

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
