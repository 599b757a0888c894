"""The message catalogue: every sentence the API says, in Vietnamese and English.

The catalogue is gettext's: ``shared/locale/<language>/LC_MESSAGES/homeward.po``, keyed by the
English text (a template whose ``{name}`` parameters are filled in after translation). The
``.po`` files are compiled with Babel when this module is first imported, so a clean clone
needs no build step and no compiled file can fall behind its source.
"""

from __future__ import annotations

import functools
import gettext
import io
import string
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN: Final = "homeward"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
LANGUAGES: Final = ("vi", "en")
DEFAULT_LANGUAGE: Final = "vi"


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Marks a message for the catalogue where it is defined; it is translated when shown."""
    return message


@functools.cache
def translations(language: str) -> gettext.GNUTranslations:
    """Returns the compiled catalogue of one language."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def known(message: str, language: str) -> bool:
    """Whether the catalogue of ``language`` translates ``message``."""
    return message in translations(language)._catalog  # type: ignore[attr-defined]


def language_of(accept_language: str | None) -> str:
    """Returns the catalogue language an ``Accept-Language`` header asks for (Vietnamese
    unless it prefers English)."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for position, part in enumerate(accept_language[:512].split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-", 1)[0]
        if primary not in LANGUAGES:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        quality -= position * 1e-6  # equal weights: the first listed wins
        if quality > best_q:
            best, best_q = primary, quality
    return best


class Phrase(str):
    """A catalogue message with its parameters filled in: equal to its English text, and
    translated when shown (``template`` and ``params`` travel with it)."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Phrase:
        said = super().__new__(cls, string.Formatter().vformat(template, (), _Keep(params)))
        said.template = template
        said.params = params
        return said


def joined(parts: Sequence[str], separator: str = "; ") -> Phrase:
    """Returns the phrases joined into one, each translated on its own when shown."""
    template = separator.join(f"{{p{n}}}" for n in range(len(parts)))
    return Phrase(template, **{f"p{n}": part for n, part in enumerate(parts)})


def said(reason: str, language: str) -> str:
    """Returns a reason in ``language``: a phrase with its parameters, or a plain message."""
    template, params = parts(reason)
    return text(template, language, **params)


def parts(reason: str) -> tuple[str, dict[str, Any]]:
    """Returns a reason's catalogue message and parameters (a plain string has none)."""
    if isinstance(reason, Phrase):
        return reason.template, dict(reason.params)
    return reason, {}


class _Keep(dict[str, Any]):
    """Formatting parameters that leave an unknown ``{name}`` as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(message: str, language: str, /, **params: Any) -> str:
    """Returns ``message`` in ``language`` with its parameters filled in; a message the
    catalogue lacks is shown in English."""
    translated = translations(language).gettext(message) if language in LANGUAGES else message
    if not params:
        return translated
    params = {k: said(v, language) if isinstance(v, Phrase) else v for k, v in params.items()}
    return string.Formatter().vformat(translated, (), _Keep(params))
