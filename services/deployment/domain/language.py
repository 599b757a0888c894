"""Language levels a job order may ask for, on the scales the markets use, made comparable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class LevelScale(StrEnum):
    """A graded language test: JLPT (Japan), TOPIK and EPS-TOPIK (Korea), TOCFL (Taiwan), CEFR."""

    JLPT = "JLPT"
    TOPIK = "TOPIK"
    EPS_TOPIK = "EPS-TOPIK"
    TOCFL = "TOCFL"
    CEFR = "CEFR"


CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


@dataclass(frozen=True)
class LanguageLevel:
    """One level of one scale; a higher rank is a stronger command of the language."""

    scale: LevelScale
    rank: int

    @property
    def code(self) -> str:
        """The level's canonical code, as training writes it: ``JLPT-N4``, ``CEFR-B1``."""
        if self.scale is LevelScale.JLPT:
            return f"JLPT-N{6 - self.rank}"
        if self.scale is LevelScale.EPS_TOPIK:
            return "EPS-TOPIK"
        if self.scale is LevelScale.CEFR:
            return f"CEFR-{CEFR_LEVELS[self.rank - 1]}"
        return f"{self.scale.value}-{self.rank}"

    def at_least(self, required: LanguageLevel) -> bool:
        """Returns whether this level is on the required level's scale and not below it."""
        return self.scale is required.scale and self.rank >= required.rank

    def __str__(self) -> str:
        return self.code


class UnknownLevelError(ValueError):
    """The text names no level on a known scale."""


# Separators and the words people put around a level ("JLPT N4", "TOPIK level 3", "B1").
_NOISE = re.compile(r"[\s_\-./:]+")
_PATTERNS: tuple[tuple[re.Pattern[str], LevelScale], ...] = (
    (re.compile(r"^(?:JLPT)?N([1-5])$"), LevelScale.JLPT),
    (re.compile(r"^EPSTOPIK(?:PASS(?:ED)?)?$"), LevelScale.EPS_TOPIK),
    (re.compile(r"^TOPIK(?:I{1,2})?(?:LEVEL|CAP)?([1-6])$"), LevelScale.TOPIK),
    (re.compile(r"^TOCFL(?:LEVEL|BAND)?([1-6])$"), LevelScale.TOCFL),
    (re.compile(r"^(?:CEFR)?([ABC][12])$"), LevelScale.CEFR),
)


def parse_level(text: str) -> LanguageLevel:
    """Returns the level a text names (``JLPT-N4``, ``jlpt n4``, ``TOPIK 3``, ``B1``...)."""
    compact = _NOISE.sub("", text.upper())
    for pattern, scale in _PATTERNS:
        match = pattern.match(compact)
        if match is None:
            continue
        if scale is LevelScale.EPS_TOPIK:
            return LanguageLevel(scale, 1)  # a pass/fail gate: passing is the only level
        grade = match.group(1)
        if scale is LevelScale.JLPT:
            return LanguageLevel(scale, 6 - int(grade))  # N5 is the lowest, N1 the highest
        if scale is LevelScale.CEFR:
            return LanguageLevel(scale, CEFR_LEVELS.index(grade) + 1)
        return LanguageLevel(scale, int(grade))
    raise UnknownLevelError(
        "not a known language level (e.g. JLPT-N4, TOPIK-3, EPS-TOPIK, TOCFL-2, CEFR-B1)"
    )


def try_parse_level(text: str | None) -> LanguageLevel | None:
    """Returns the level a text names, or None if it is empty or names none."""
    if not text:
        return None
    try:
        return parse_level(text)
    except UnknownLevelError:
        return None


def best_level(levels: list[LanguageLevel], scale: LevelScale) -> LanguageLevel | None:
    """Returns the highest of the levels on one scale, or None if none is on it."""
    on_scale = [level for level in levels if level.scale is scale]
    return max(on_scale, key=lambda level: level.rank) if on_scale else None
