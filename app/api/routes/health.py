"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(request: Request) -> dict:
    """200 once the model and the index are loaded (they load before the server accepts requests)."""
    service = request.app.state.service
    return {"status": "ok", "facts": len(service.index.facts), "documents": len(service.index.documents)}
