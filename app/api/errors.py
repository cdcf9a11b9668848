"""Errors are values with a code and a message, turned into `{"error": {...}}` responses in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    """An error the client can act on."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(code: str, message: str) -> dict:
    """The one error shape of the service's own endpoints."""
    return {"error": {"code": code, "message": message}}


def _validation_message(exc: RequestValidationError) -> tuple[int, str, str]:
    errors = exc.errors()
    first = errors[0] if errors else {}
    kind = str(first.get("type", ""))
    if kind == "json_invalid":
        return 400, "invalid_json", "The request body is not valid JSON. Send {\"question\": \"...\"}."
    field = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    if kind == "missing" and not field:
        return 400, "empty_body", "The request body is empty. Send {\"question\": \"...\"}."
    if kind == "missing":
        return 422, "missing_field", f"The field '{field}' is required. Send {{\"question\": \"...\"}}."
    detail = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    return 422, "invalid_request", f"{field or 'body'}: {detail}"


def install_error_handlers(app: FastAPI) -> None:
    """Map every error to the one shape: ours, validation errors, and Starlette's HTTP errors."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        status, code, message = _validation_message(exc)
        return JSONResponse(error_body(code, message), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
