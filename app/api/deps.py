"""Dependencies of the routes: the loaded service, and request checks shared by the JSON endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.api.errors import ApiError
from app.service import Service


def get_service(request: Request) -> Service:
    """The service loaded at start-up."""
    return request.app.state.service


def client_hash(request: Request, service: Service) -> str:
    """Who the client is, as a keyed hash: of its API key when it sent a valid one (a system calling from changing
    addresses stays itself), else of its address (from X-Forwarded-For behind a trusted proxy)."""
    key_id = getattr(request.state, "api_key_id", None)
    if key_id:
        return service.hash_client(f"key:{key_id}")
    return service.hash_client(request.client.host if request.client else "unknown")


async def require_json(request: Request) -> None:
    """JSON endpoints accept `application/json` only (the body's size is bounded by BodyGuardMiddleware)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "请以 application/json 发送。Send the body as application/json "
                       f"(got '{content_type or 'no content type'}').")


ServiceDep = Annotated[Service, Depends(get_service)]
JsonBody = Depends(require_json)
