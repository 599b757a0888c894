"""Every figure of a province's (or commune's) report, computed from facts; pure.

A figure is a name, a breakdown (``total``, ``market``, ``commune``...), a key within it, a
value, and the ids of the events behind it, so any figure can be drilled down to its events.
Workers' attributes (where they live, gender, household) come from intake's facts and are
joined here with every other service's facts about the same worker.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from services.reporting.domain.facts import (
    ATTRIBUTE_KINDS,
    LOAN_GRANTED_KINDS,
    PLACE_KINDS,
    Fact,
    FactKind,
)
from services.reporting.domain.targets import Targets, target_for
from shared.errors import FieldError

MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
REPORT_YEARS = range(1900, 3000)
"""The years a report, a month or an ``as_of`` moment may fall in."""
HOUSEHOLDS = ("poor", "near_poor", "newly_escaped_poverty", "other")
COMPLETED = "contract_completed"
ENDS_ABROAD = (FactKind.RETURNED, FactKind.DIED_ABROAD)
"""Facts that end a worker's time abroad: a return, or a death abroad."""
Value = int | float | str


class Units(StrEnum):
    """Which administrative units a report groups by: today's, or those before 2025."""

    CURRENT = "current"
    FORMER = "former"


@dataclass(frozen=True)
class Scope:
    """Whose figures: a province, or one commune of it, in current or former units."""

    province_code: str
    units: Units = Units.CURRENT
    commune_code: str | None = None


@dataclass(frozen=True)
class Period:
    """The days a report covers, both ends included (Vietnam's calendar)."""

    starts_on: date
    ends_on: date

    @classmethod
    def month(cls, text: str) -> Period:
        """Returns the calendar month ``YYYY-MM``, or raises FieldError naming ``month``."""
        match = MONTH.match(text)
        if match is None or not 1 <= int(match["month"]) <= 12:
            raise FieldError("month", "must be YYYY-MM")
        if int(match["year"]) not in REPORT_YEARS:
            raise FieldError(
                "month",
                "must be in the years {first} to {last}",
                first=REPORT_YEARS.start,
                last=REPORT_YEARS.stop - 1,
            )
        first = date(int(match["year"]), int(match["month"]), 1)
        following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        return cls(first, following - timedelta(days=1))

    @classmethod
    def between(cls, starts_on: date, ends_on: date) -> Period:
        """Returns the days from ``starts_on`` to ``ends_on``, or raises FieldError."""
        if ends_on < starts_on:
            raise FieldError("to", "must not be before from")
        for name, day in (("from", starts_on), ("to", ends_on)):
            if day.year not in REPORT_YEARS:
                raise FieldError(
                    name,
                    "must be in the years {first} to {last}",
                    first=REPORT_YEARS.start,
                    last=REPORT_YEARS.stop - 1,
                )
        if (ends_on - starts_on).days > 366 * 10:
            raise FieldError("to", "a report covers at most ten years")
        return cls(starts_on, ends_on)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.starts_on <= day <= self.ends_on


def reportable_moment(moment: datetime) -> datetime:
    """Returns ``moment`` (UTC if naive) if it falls in the report years, else raises ValueError."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        year = aware.astimezone(UTC).year
    except OverflowError:
        year = aware.year
    if year not in REPORT_YEARS or aware.year not in REPORT_YEARS:
        raise ValueError(f"must be in the years {REPORT_YEARS.start} to {REPORT_YEARS.stop - 1}")
    return aware


@dataclass(frozen=True)
class Figure:
    """One number (or name) of a report and the events behind it."""

    name: str
    breakdown: str
    key: str
    value: Value
    evidence: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """``departures`` for a total, ``departures.market.JP`` for a breakdown."""
        return (
            self.name if self.breakdown == "total" else f"{self.name}.{self.breakdown}.{self.key}"
        )


@dataclass(frozen=True)
class Report:
    """Every figure for a scope and period, as the events known by ``as_of`` give them."""

    scope: Scope
    period: Period
    as_of: datetime
    figures: tuple[Figure, ...]
    target: Targets | None = None

    def figure(self, figure_id: str) -> Figure | None:
        """Returns the figure with this id, or None."""
        return next((f for f in self.figures if f.id == figure_id), None)

    def value(self, figure_id: str, default: Value = 0) -> Value:
        """Returns a figure's value, or ``default`` when the report has no such figure."""
        found = self.figure(figure_id)
        return found.value if found is not None else default


@dataclass(frozen=True)
class Worker:
    """A worker as the report sees them: where they live and who they are, no personal data."""

    worker_id: str
    province: str | None
    commune: str | None
    gender: str | None
    ethnic_minority: bool
    household: str | None
    registration: Fact | None
    merged: bool
    imported: Fact | None = None
    """The case's migration from a commune's records, for a worker registered before Homeward."""


def workers_of(facts: Iterable[Fact], units: Units) -> dict[str, Worker]:
    """Returns each worker's newest attributes (by their record's sequence)."""
    newest: dict[str, Fact] = {}
    registered: dict[str, Fact] = {}
    imported: dict[str, Fact] = {}
    merged: set[str] = set()
    for fact in facts:
        if fact.kind == FactKind.MERGED:
            merged.add(fact.worker_id)
        if fact.kind == FactKind.CASE_IMPORTED and fact.worker_id not in imported:
            imported[fact.worker_id] = fact
        if fact.kind not in ATTRIBUTE_KINDS:
            continue
        if fact.kind == FactKind.REGISTERED:
            first = registered.get(fact.worker_id)
            if first is None or _order(fact) < _order(first):
                registered[fact.worker_id] = fact
        current = newest.get(fact.worker_id)
        if current is None or _order(fact) > _order(current):
            newest[fact.worker_id] = fact
    workers = {}
    for worker_id, fact in newest.items():
        former = units == Units.FORMER
        workers[worker_id] = Worker(
            worker_id=worker_id,
            province=fact.former_province_code if former else fact.province_code,
            commune=fact.former_commune_code if former else fact.commune_code,
            gender=fact.gender,
            ethnic_minority=bool(fact.ethnic_minority),
            household=fact.household_status,
            registration=registered.get(worker_id),
            merged=worker_id in merged,
            imported=imported.get(worker_id),
        )
    return workers


KEPT_ON_RECORD = (*PLACE_KINDS, FactKind.MERGED, FactKind.CASE_IMPORTED)
"""Facts about a record itself (who and where, its merge), which a merge does not move."""


def survivors_of(facts: Iterable[Fact]) -> dict[str, str]:
    """Returns the live record each merged record ends in, following a merge into a record
    merged later itself; a record merged twice keeps its latest merge."""
    merges: dict[str, Fact] = {}
    for fact in facts:
        if fact.kind != FactKind.MERGED or not fact.survivor_id:
            continue
        known = merges.get(fact.worker_id)
        if known is None or _order(fact) > _order(known):
            merges[fact.worker_id] = fact
    survivors: dict[str, str] = {}
    for worker_id in merges:
        survivor, passed = worker_id, {worker_id}
        while survivor in merges and merges[survivor].survivor_id not in passed:
            survivor = merges[survivor].survivor_id or survivor
            passed.add(survivor)
        survivors[worker_id] = survivor
    return survivors


def attributed(facts: list[Fact]) -> list[Fact]:
    """Returns the facts with those of a merged duplicate (its training, departures, returns,
    loans...) attributed to the survivor, whenever they were heard, so a person is counted
    once; the duplicate keeps its registration, corrections, transfers and merge."""
    survivors = survivors_of(facts)
    if not survivors:
        return facts
    return [
        fact.model_copy(update={"worker_id": survivors[fact.worker_id]})
        if fact.worker_id in survivors and fact.kind not in KEPT_ON_RECORD
        else fact
        for fact in facts
    ]


@dataclass(frozen=True)
class Stay:
    """Where a worker lived from a day on (``since`` None: from the start)."""

    since: date | None
    province: str | None
    commune: str | None


def stays_of(facts: Iterable[Fact], units: Units) -> dict[str, list[Stay]]:
    """Returns where each worker lived, from when, oldest stay first. In the order of the
    worker's record: a registration or a correction sets the place of the current stay (a
    correction rewrites it, back to the start or to the last transfer), and an accepted
    transfer starts a new stay on its effective date."""
    found: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.kind in PLACE_KINDS:
            found[fact.worker_id].append(fact)
    former = units == Units.FORMER
    stays: dict[str, list[Stay]] = {}
    for worker_id, facts_of_worker in found.items():
        history = [Stay(None, None, None)]
        for fact in sorted(facts_of_worker, key=_order):
            province = fact.former_province_code if former else fact.province_code
            commune = fact.former_commune_code if former else fact.commune_code
            if fact.kind == FactKind.TRANSFERRED:
                history.append(Stay(fact.on, province, commune))
            else:
                history[-1] = Stay(history[-1].since, province, commune)
        stays[worker_id] = sorted(history, key=lambda s: s.since or date.min)
    return stays


def stay_on(stays: list[Stay], day: date) -> Stay | None:
    """Returns where the worker lived on ``day``."""
    here = None
    for stay in stays:
        if stay.since is None or stay.since <= day:
            here = stay
    return here


Seen = Callable[[str, date], "Worker | None"]
"""A worker as the report's scope sees them on a day: None when they lived outside it then."""


def _order(fact: Fact) -> tuple[int, datetime, str]:
    return (fact.sequence, fact.recorded_at, fact.event_id)


@dataclass
class _Tally:
    """Figures being counted: value and evidence per (name, breakdown, key)."""

    counts: dict[tuple[str, str, str], int] = field(default_factory=lambda: defaultdict(int))
    evidence: dict[tuple[str, str, str], list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, name: str, fact: Fact, amount: int = 1, **breakdowns: str | None) -> None:
        """Counts ``amount`` for the total and for each breakdown given (None skips it)."""
        for breakdown, key in (("total", ""), *breakdowns.items()):
            if key is None:
                continue
            self.counts[(name, breakdown, key)] += amount
            self.evidence[(name, breakdown, key)].append(fact.event_id)

    def figures(self, name: str, always: Iterable[tuple[str, str]] = ()) -> list[Figure]:
        """Returns the figures named ``name``, totals first, keys sorted; zeros for ``always``."""
        keys = {k for k in self.counts if k[0] == name} | {(name, b, k) for b, k in always}
        keys.add((name, "total", ""))
        return [
            Figure(n, b, k, self.counts.get((n, b, k), 0), tuple(self.evidence.get((n, b, k), ())))
            for n, b, k in sorted(keys, key=lambda key: (key[1] != "total", key[1], key[2]))
        ]


def compute_report(
    facts: Iterable[Fact],
    scope: Scope,
    period: Period,
    as_of: datetime,
    targets: Iterable[Targets] = (),
    communes: dict[str, str] | None = None,
) -> Report:
    """Returns every figure for the scope and period from the facts known by ``as_of``.

    ``communes`` are the scope's communes (code -> name), for the list of communes with no
    worker abroad; without them, the communes the facts name are used.
    """
    # One fact per event, in a fixed order: the figures and their evidence never depend on the
    # order in which events arrived, nor on an event delivered twice.
    unique = {f.event_id: f for f in facts if f.counted_by(as_of)}
    known = attributed(sorted(unique.values(), key=lambda f: (f.on, f.event_id)))
    workers = workers_of(known, scope.units)
    stays = stays_of(known, scope.units)

    def within(province: str | None, commune: str | None) -> bool:
        in_commune = scope.commune_code is None or commune == scope.commune_code
        return province == scope.province_code and in_commune

    def seen(worker_id: str, day: date) -> Worker | None:
        # Everything before a transfer's effective date stays with the commune it left.
        stay = stay_on(stays.get(worker_id, []), day)
        worker = workers.get(worker_id)
        if worker is None or stay is None or not within(stay.province, stay.commune):
            return None
        return replace(worker, province=stay.province, commune=stay.commune)

    inside = {
        w.worker_id: w
        for w in workers.values()
        if any(within(s.province, s.commune) for s in stays.get(w.worker_id, []))
    }
    mine = [f for f in known if f.worker_id in inside]
    tally = _Tally()

    _count_registrations(tally, inside, period, seen)
    for fact in mine:
        if fact.kind == FactKind.CONSULTED and fact.on in period and seen(fact.worker_id, fact.on):
            tally.add("consultations", fact)
    _count_trained(tally, mine, period, seen)
    departures = _departures(mine)
    journeys = journey_numbers(departures)
    for fact in departures:
        worker_then = seen(fact.worker_id, fact.on)
        if fact.on in period and worker_then is not None:
            worker = worker_then
            tally.add(
                "departures",
                fact,
                journey=str(journeys[fact.event_id]),
                market=fact.market,
                sector=fact.sector,
                gender=worker.gender,
                household=worker.household,
                ethnic_minority="yes" if worker.ethnic_minority else None,
                commune=worker.commune,
                month=f"{fact.on:%Y-%m}",
                month_market=f"{fact.on:%Y-%m}/{fact.market}",
            )
    at_end = {
        f.worker_id: w for f in departures if (w := seen(f.worker_id, period.ends_on)) is not None
    }
    abroad = [f for f in _abroad_on(departures, mine, period.ends_on) if f.worker_id in at_end]
    for fact in abroad:
        commune = at_end[fact.worker_id].commune
        tally.add(
            "abroad",
            fact,
            commune=commune,
            market=fact.market,
            commune_market=f"{commune}/{fact.market}",
        )
    _count_returns(tally, [f for f in mine if seen(f.worker_id, f.on)], period)
    _count_loans(tally, mine, seen, period)
    for fact in mine:
        if fact.kind == FactKind.REMITTANCE and fact.on in period and seen(fact.worker_id, fact.on):
            tally.add("remittances", fact)
            tally.add("remittances_vnd", fact, amount=fact.amount_vnd or 0)

    figures: list[Figure] = []
    figures += tally.figures("registrations")
    figures += tally.figures("cases_migrated")
    figures += tally.figures("consultations")
    figures += tally.figures("trained")
    households = [("household", h) for h in HOUSEHOLDS]
    figures += tally.figures("departures", always=households)
    figures += _shares(figures, households)
    figures += tally.figures("abroad")
    figures += tally.figures("returns", always=[("kind", "early"), ("kind", "completed")])
    figures += tally.figures("loans_granted", always=households)
    figures += tally.figures("loans_granted_vnd", always=households)
    figures += tally.figures("remittances")
    figures += tally.figures("remittances_vnd")
    target = (
        target_for(list(targets), period.ends_on, as_of) if scope.units == Units.CURRENT else None
    )
    figures += _achievement(target, departures, seen, scope, period)
    figures += _without_abroad(abroad, at_end, inside, scope, communes)
    figures += _abroad_outcomes(mine, seen, period)
    return Report(scope, period, as_of, tuple(figures), target)


def _count_registrations(
    tally: _Tally, inside: dict[str, Worker], period: Period, seen: Seen
) -> None:
    """Counts the period's registrations, and apart from them the cases migrated in it: a
    migrated worker registered before Homeward, in the commune's own records."""
    for worker in inside.values():
        if worker.merged:
            continue
        fact = worker.imported or worker.registration
        if fact is None or fact.on not in period:
            continue
        then = seen(worker.worker_id, fact.on)
        if then is not None:
            figure = "registrations" if worker.imported is None else "cases_migrated"
            tally.add(figure, fact, commune=then.commune)


def _count_trained(tally: _Tally, facts: list[Fact], period: Period, seen: Seen) -> None:
    first: dict[tuple[str, str | None], Fact] = {}
    for fact in facts:
        if fact.kind != FactKind.TRAINED:
            continue
        key = (fact.worker_id, fact.market)
        if key not in first or (fact.on, fact.event_id) < (first[key].on, first[key].event_id):
            first[key] = fact
    for fact in first.values():
        if fact.on in period and seen(fact.worker_id, fact.on):
            tally.add("trained", fact, market=fact.market)


def _departures(facts: list[Fact]) -> list[Fact]:
    """Returns one departure per placement, leaving out placements that were cancelled."""
    cancelled = {f.placement_id for f in facts if f.kind == FactKind.CANCELLED}
    by_placement: dict[str, Fact] = {}
    for fact in facts:
        if fact.kind != FactKind.DEPARTED or fact.placement_id in cancelled:
            continue
        key = fact.placement_id or fact.event_id
        known = by_placement.get(key)
        if known is None or _order(fact) < _order(known):
            by_placement[key] = fact
    return sorted(by_placement.values(), key=lambda f: (f.on, f.event_id))


def journey_numbers(departures: list[Fact]) -> dict[str, int]:
    """Returns each departure's journey: the one its event carries; for a departure published
    before events carried it, the count of the worker's departures so far (the first is
    journey 1, the one after they came home and started again journey 2, and so on)."""
    numbers: dict[str, int] = {}
    count: dict[str, int] = {}
    for fact in sorted(departures, key=lambda f: (f.recorded_at, f.event_id)):
        count[fact.worker_id] = count.get(fact.worker_id, 0) + 1
        numbers[fact.event_id] = fact.journey or count[fact.worker_id]
    return numbers


def _abroad_on(departures: list[Fact], facts: list[Fact], day: date) -> list[Fact]:
    """Returns the departures of the workers still abroad at the end of ``day``."""
    ended: set[str] = set()
    returns = sorted(
        (f for f in facts if f.kind in ENDS_ABROAD and f.on <= day),
        key=lambda f: (f.on, f.event_id),
    )
    for back in returns:
        if back.placement_id is not None:
            ended.add(back.placement_id)
            continue
        # A return naming no placement ends the worker's last departure before it.
        earlier = [d for d in departures if d.worker_id == back.worker_id and d.on <= back.on]
        if earlier:
            ended.add(earlier[-1].placement_id or earlier[-1].event_id)
    return [d for d in departures if d.on <= day and (d.placement_id or d.event_id) not in ended]


def _count_returns(tally: _Tally, facts: list[Fact], period: Period) -> None:
    seen: set[tuple[str, str]] = set()
    for fact in sorted(facts, key=lambda f: (f.on, f.event_id)):
        if fact.kind != FactKind.RETURNED or fact.on not in period:
            continue
        key = (fact.worker_id, fact.placement_id or fact.on.isoformat())
        if key in seen:
            continue
        seen.add(key)
        kind = "completed" if fact.return_reason == COMPLETED else "early"
        tally.add("returns", fact, kind=kind, reason=fact.return_reason)


def _count_loans(tally: _Tally, facts: list[Fact], seen: Seen, period: Period) -> None:
    granted: dict[str, Fact] = {}
    for fact in facts:
        if fact.kind not in LOAN_GRANTED_KINDS or fact.loan_id is None:
            continue
        known = granted.get(fact.loan_id)
        if known is None or (fact.on, fact.event_id) < (known.on, known.event_id):
            granted[fact.loan_id] = fact
    for fact in granted.values():
        then = seen(fact.worker_id, fact.on)
        if fact.on in period and then is not None:
            household = then.household
            tally.add("loans_granted", fact, household=household)
            tally.add("loans_granted_vnd", fact, amount=fact.amount_vnd or 0, household=household)


ABROAD_OUTCOMES = {
    FactKind.VISA_REFUSED: "visa_refusals",
    FactKind.EMPLOYER_CHANGED: "employer_changes",
    FactKind.REPORTED_MISSING: "reported_missing",
    FactKind.CONTACT_RESUMED: "contact_resumed",
    FactKind.DIED_ABROAD: "deaths_abroad",
}
"""The hard cases abroad and the figure that counts each, on its day, by market and commune."""
ONCE_PER_PLACEMENT = frozenset({FactKind.VISA_REFUSED, FactKind.DIED_ABROAD})
"""Outcomes that happen to a placement at most once: a second report is the same outcome."""


def _abroad_outcomes(facts: list[Fact], seen: Seen, period: Period) -> list[Figure]:
    """The hard cases in the period, by market and by the commune the worker lived in on the
    day (missing reports also by kind). A fact naming no market takes its departure's."""
    markets = {f.placement_id: f.market for f in facts if f.kind == FactKind.DEPARTED}
    counted: dict[tuple[FactKind, str], Fact] = {}
    for fact in facts:
        if fact.kind not in ABROAD_OUTCOMES:
            continue
        once = fact.kind in ONCE_PER_PLACEMENT and fact.placement_id is not None
        key = (fact.kind, (fact.placement_id if once else None) or fact.event_id)
        known = counted.get(key)
        if known is None or (fact.on, fact.event_id) < (known.on, known.event_id):
            counted[key] = fact
    tally = _Tally()
    for fact in sorted(counted.values(), key=lambda f: (f.on, f.event_id)):
        worker = seen(fact.worker_id, fact.on) if fact.on in period else None
        if worker is not None:
            tally.add(
                ABROAD_OUTCOMES[fact.kind],
                fact,
                market=fact.market or markets.get(fact.placement_id),
                commune=worker.commune,
                kind=fact.missing_kind,
            )
    return [figure for name in ABROAD_OUTCOMES.values() for figure in tally.figures(name)]


def percent(part: int, whole: int) -> float:
    """Returns ``part`` of ``whole`` in percent, one decimal; 0.0 of nothing."""
    return round(100 * part / whole, 1) if whole else 0.0


def _shares(figures: list[Figure], households: list[tuple[str, str]]) -> list[Figure]:
    by_id = {f.id: f for f in figures}
    total = by_id["departures"]
    assert isinstance(total.value, int)
    shares = []
    for breakdown, key in [*households, ("ethnic_minority", "yes")]:
        part = by_id.get(f"departures.{breakdown}.{key}")
        count = part.value if part is not None else 0
        assert isinstance(count, int)
        evidence = part.evidence if part is not None else ()
        shares.append(
            Figure("departures_share_pct", breakdown, key, percent(count, total.value), evidence)
        )
    return shares


def _achievement(
    target: Targets | None,
    departures: list[Fact],
    seen: Seen,
    scope: Scope,
    period: Period,
) -> list[Figure]:
    """Departures since the target period began, against the target, province and communes."""
    if target is None:
        return []
    until = min(period.ends_on, target.ends_on)
    where = {
        d.event_id: w
        for d in departures
        if target.starts_on <= d.on <= until and (w := seen(d.worker_id, d.on)) is not None
    }
    counted = [d for d in departures if d.event_id in where]
    figures: list[Figure] = []
    if scope.commune_code is None:
        ids = tuple(d.event_id for d in counted)
        figures += [
            Figure("target", "total", "", target.province_target),
            Figure("departures_to_date", "total", "", len(counted), ids),
            Figure(
                "achievement_pct", "total", "", percent(len(counted), target.province_target), ids
            ),
        ]
    for commune, goal in sorted(target.communes.items()):
        if scope.commune_code is not None and commune != scope.commune_code:
            continue
        ids = tuple(d.event_id for d in counted if where[d.event_id].commune == commune)
        figures += [
            Figure("target", "commune", commune, goal),
            Figure("departures_to_date", "commune", commune, len(ids), ids),
            Figure("achievement_pct", "commune", commune, percent(len(ids), goal), ids),
        ]
    return figures


def _without_abroad(
    abroad: list[Fact],
    at_end: dict[str, Worker],
    inside: dict[str, Worker],
    scope: Scope,
    communes: dict[str, str] | None,
) -> list[Figure]:
    """The scope's communes where no worker is abroad at the end of the period, with names."""
    names = dict(communes or {})
    if not names:
        names = {w.commune: w.commune for w in inside.values() if w.commune is not None}
    if scope.commune_code is not None:
        names = {scope.commune_code: names.get(scope.commune_code, scope.commune_code)}
    with_workers = {at_end[d.worker_id].commune for d in abroad}
    empty = sorted(code for code in names if code not in with_workers)
    return [
        Figure("communes_without_worker_abroad", "total", "", len(empty)),
        *(Figure("commune_without_worker_abroad", "commune", c, names[c]) for c in empty),
    ]
