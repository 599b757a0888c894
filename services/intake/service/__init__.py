"""Intake's use cases: load, decide with the domain, save state and events in one write."""

from services.intake.service.imports import ImportJobs
from services.intake.service.workers import IntakeService, Registration

__all__ = ["ImportJobs", "IntakeService", "Registration"]
