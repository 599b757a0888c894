"""Deployment's HTTP routes: parse the request, call the service, shape the response."""

from fastapi import APIRouter

from services.deployment.api import enterprises, job_orders, placements

router = APIRouter()
router.include_router(enterprises.router)
router.include_router(job_orders.router)
router.include_router(placements.router)

__all__ = ["router"]
