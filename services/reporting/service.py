"""Reporting's use cases: figures, the monthly report, drill-down to events, and targets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from services.reporting import store
from services.reporting.domain.facts import Fact, facts_with_ids
from services.reporting.domain.figures import (
    Period,
    Report,
    Scope,
    Units,
    attributed,
    compute_report,
)
from services.reporting.domain.targets import SetTargets, Targets, new_version, target_period
from services.reporting.domain.units import current_communes
from shared.errors import ConflictError, NotFoundError

TARGET_ATTEMPTS = 8


class ReportingService:
    """Reads facts and targets, and computes figures with the pure domain."""

    def __init__(
        self,
        facts: store.Facts,
        targets: store.TargetVersions,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.facts = facts
        self.target_versions = targets
        self.clock = clock

    def as_of(self, requested: datetime | None) -> datetime:
        """Returns the moment a report is as of: the one asked (UTC if naive), or now."""
        if requested is None:
            return self.clock()
        return requested if requested.tzinfo else requested.replace(tzinfo=UTC)

    async def report(self, scope: Scope, period: Period, as_of: datetime | None = None) -> Report:
        """Returns every figure for the scope and period, as the events known by ``as_of`` give."""
        report, _ = await self._report_and_facts(scope, period, as_of)
        return report

    async def evidence(
        self, scope: Scope, period: Period, figure_id: str, as_of: datetime | None = None
    ) -> tuple[Report, list[Fact]]:
        """Returns the report and the facts (events) behind one of its figures."""
        report, facts = await self._report_and_facts(scope, period, as_of)
        figure = report.figure(figure_id)
        if figure is None:
            raise NotFoundError("figure", figure_id)
        return report, facts_with_ids(facts, figure.evidence)

    async def _report_and_facts(
        self, scope: Scope, period: Period, as_of: datetime | None
    ) -> tuple[Report, list[Fact]]:
        """The report, and the facts of the province's workers it was computed from (a merged
        duplicate's attributed to the survivor, as the report does)."""
        moment = self.as_of(as_of)
        facts = await self.facts.of_province(scope.province_code, scope.units)
        targets = await self.target_versions.of_province(scope.province_code)
        communes = current_communes(scope.province_code) if scope.units == Units.CURRENT else None
        report = compute_report(facts, scope, period, moment, targets, communes)
        # The evidence names the worker a figure counted: a merged duplicate's survivor.
        return report, attributed([fact for fact in facts if fact.counted_by(moment)])

    async def set_targets(
        self, province_code: str, period_name: str, command: SetTargets
    ) -> Targets:
        """Saves a new version of a period's targets; concurrent saves each get their version."""
        period = target_period(period_name)
        communes = set(current_communes(province_code))
        for _ in range(TARGET_ATTEMPTS):
            versions = await self.target_versions.of_province(province_code, period.name)
            latest = versions[-1] if versions else None
            targets = new_version(province_code, period, command, communes, latest, self.clock())
            if await self.target_versions.insert(targets):
                return targets
        raise ConflictError("targets kept changing while saving; try again", period=period.name)

    async def targets(self, province_code: str, period_name: str) -> list[Targets]:
        """Returns every version of a period's targets, oldest first; 404 if none was set."""
        period = target_period(period_name)
        versions = await self.target_versions.of_province(province_code, period.name)
        if not versions:
            raise NotFoundError("targets", f"{province_code}/{period.name}")
        return versions

    async def fact_count(self) -> int:
        """Returns how many facts the read model holds (for waiting in tests and the demo)."""
        return await self.facts.count()
