"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(request: Request) -> dict:
    """200 once the model and the index are loaded (they load before the server accepts requests)."""
    service = request.app.state.service
    return {"status": "ok", "facts": len(service.index.facts), "documents": len(service.index.documents)}


@router.get("/readyz", responses={503: {"description": "Not ready: model, index or store missing"}})
async def readyz(request: Request) -> JSONResponse:
    """200 when the model and index are loaded and the store is writable; 503 otherwise."""
    service = getattr(request.app.state, "service", None)
    checks = {"model": service is not None, "index": service is not None and bool(service.index.facts),
              "store": service is not None and await run_in_threadpool(service.database.writable)}
    ready = all(checks.values())
    return JSONResponse({"status": "ready" if ready else "not_ready", "checks": checks},
                        status_code=200 if ready else 503)
