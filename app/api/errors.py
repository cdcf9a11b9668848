"""Errors are values with a code and a message, turned into `{"error": {...}}` responses in one place."""

from __future__ import annotations

import logging
import sqlite3

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


_PARSE_FAILURE = "There was an error parsing the body"  # FastAPI's words when its JSON parser raised
# What to send, per endpoint, for messages that say what is wrong with a body.
_EXAMPLES = {"/api/chat": '{"message": "..."}',
             "/api/feedback": '{"verdict": "correct", "question": "...", "answer": "..."}',
             "/v1/": '{"model": "tongliao-report-qa", "messages": [{"role": "user", "content": "..."}]}'}


def _example(path: str) -> str:
    return next((body for prefix, body in _EXAMPLES.items() if path.startswith(prefix)), '{"question": "..."}')


def _invalid_json(path: str) -> str:
    return f"请求内容不是有效的 JSON。The request body is not valid JSON. Send {_example(path)}."


def _validation_message(exc: RequestValidationError, path: str) -> tuple[int, str, str]:
    errors = exc.errors()
    first = errors[0] if errors else {}
    kind = str(first.get("type", ""))
    if kind == "json_invalid":
        return 400, "invalid_json", _invalid_json(path)
    field = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    if kind == "missing" and not field:
        return 400, "empty_body", f"请求内容是空的。The request body is empty. Send {_example(path)}."
    if kind == "missing":
        return 422, "missing_field", f"缺少字段 {field}。The field '{field}' is required. Send {_example(path)}."
    detail = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    return 422, "invalid_request", f"{field or 'body'}: {detail}"


API_PREFIXES = ("/api/", "/v1/")  # the service's own JSON endpoints, and the OpenAI-compatible ones
OPENAI_PREFIX = "/v1/"
_OPENAI_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                 408: "invalid_request_error",
                 413: "invalid_request_error", 415: "invalid_request_error", 422: "invalid_request_error",
                 429: "rate_limit_error", 503: "api_error"}


def openai_error_body(status: int, code: str, message: str, param: str | None = None) -> dict:
    """The error object of the OpenAI API: {"error": {"message", "type", "param", "code"}}."""
    return {"error": {"message": message, "type": _OPENAI_TYPES.get(status, "api_error"), "param": param,
                      "code": code}}


def error_response(path: str, status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    """The error in the shape of the interface `path` belongs to: ours, or OpenAI's under /v1/. Route handlers and
    the ASGI middlewares (which answer before any route runs) both respond through this."""
    if path.startswith(OPENAI_PREFIX):
        # OpenAI clients expect 400 for any invalid request body.
        status = 400 if status == 422 else status
        return JSONResponse(openai_error_body(status, code, message), status_code=status, headers=headers)
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def store_errors() -> tuple[type[Exception], ...]:
    """The database errors that mean "the store is unavailable" (locked, full, gone, its file not a database), not
    a bug in a request."""
    import psycopg

    return (sqlite3.OperationalError, sqlite3.DatabaseError, psycopg.OperationalError, psycopg.errors.AdminShutdown)


STORE_UNAVAILABLE = "暂时无法保存，请稍后再试。The store is unavailable; try again shortly."


def install_error_handlers(app: FastAPI) -> None:
    """Map every error to one shape per interface: ours, or OpenAI's under /v1/."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(request.url.path, exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        status, code, message = _validation_message(exc, request.url.path)
        return error_response(request.url.path, status, code, message)

    async def _store_down(request: Request, exc: Exception) -> JSONResponse:
        logging.getLogger(__name__).error("store unavailable: %s", exc)
        return error_response(request.url.path, 503, "store_unavailable", STORE_UNAVAILABLE, {"Retry-After": "5"})

    for store_error in store_errors():
        app.add_exception_handler(store_error, _store_down)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.__cause__ is not None and exc.detail == _PARSE_FAILURE:
            # FastAPI's "error parsing the body": JSON that the parser gave up on (nesting too deep for its
            # recursion, integers over Python's 4,300 digits) rather than a syntax error. Still not valid JSON to us.
            return error_response(request.url.path, 400, "invalid_json", _invalid_json(request.url.path))
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(request.url.path, exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))
