"""Languages taught for the markets, and the level scales their certificates are graded on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Language(StrEnum):
    """A language taught to workers (ISO 639-1)."""

    JAPANESE = "ja"
    KOREAN = "ko"
    CHINESE = "zh"
    GERMAN = "de"
    ENGLISH = "en"
    ARABIC = "ar"
    BULGARIAN = "bg"
    GREEK = "el"


class LevelScale(StrEnum):
    """A graded test: JLPT (Japan), EPS-TOPIK and TOPIK (Korea), TOCFL (Taiwan), CEFR (Europe)."""

    JLPT = "JLPT"
    EPS_TOPIK = "EPS-TOPIK"
    TOPIK = "TOPIK"
    TOCFL = "TOCFL"
    CEFR = "CEFR"


@dataclass(frozen=True)
class LanguageLevel:
    """One level of a scale; a higher rank is a stronger command of the language."""

    code: str
    scale: LevelScale
    rank: int

    def at_least(self, other: LanguageLevel) -> bool:
        """Returns whether this level is on the same scale as ``other`` and not below it."""
        return self.scale == other.scale and self.rank >= other.rank


def _scale(scale: LevelScale, codes: list[str]) -> dict[str, LanguageLevel]:
    return {code: LanguageLevel(code, scale, rank) for rank, code in enumerate(codes, start=1)}


LEVELS: dict[str, LanguageLevel] = {
    **_scale(LevelScale.JLPT, ["JLPT-N5", "JLPT-N4", "JLPT-N3", "JLPT-N2", "JLPT-N1"]),
    # EPS-TOPIK is a pass/fail gate (the score ranks candidates, not a level).
    **_scale(LevelScale.EPS_TOPIK, ["EPS-TOPIK"]),
    **_scale(LevelScale.TOPIK, [f"TOPIK-{n}" for n in range(1, 7)]),
    **_scale(LevelScale.TOCFL, [f"TOCFL-{n}" for n in range(1, 7)]),
    **_scale(LevelScale.CEFR, ["CEFR-A1", "CEFR-A2", "CEFR-B1", "CEFR-B2", "CEFR-C1", "CEFR-C2"]),
}
"""Every level a course may target, by code."""

SCALE_LANGUAGES: dict[LevelScale, frozenset[Language]] = {
    LevelScale.JLPT: frozenset({Language.JAPANESE}),
    LevelScale.EPS_TOPIK: frozenset({Language.KOREAN}),
    LevelScale.TOPIK: frozenset({Language.KOREAN}),
    LevelScale.TOCFL: frozenset({Language.CHINESE}),
    LevelScale.CEFR: frozenset(Language),
}
"""Which languages each scale grades (CEFR describes any language)."""


class UnknownLevelError(ValueError):
    """The level code is not in LEVELS."""


def level(code: str) -> LanguageLevel:
    """Returns the level with this code, or raises UnknownLevelError."""
    try:
        return LEVELS[code]
    except KeyError:
        raise UnknownLevelError(f"unknown language level {code!r}") from None


def grades(scale: LevelScale, language: Language) -> bool:
    """Returns whether the scale grades this language (JLPT grades Japanese only)."""
    return language in SCALE_LANGUAGES[scale]
