"""HTTP conventions every service shares: error bodies, and refusing to echo personal data."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
