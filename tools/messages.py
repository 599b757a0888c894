"""Keeps the message catalogue in step with the code: ``python -m tools.messages``.

Extracts with Babel every message the services can say (the reasons given to the errors of
``shared.errors``, the rows of an import, and whatever is marked ``N_``) and adds the new ones
to ``shared/locale/<language>/LC_MESSAGES/homeward.po``: English gets the message itself,
Vietnamese an empty translation for a person to fill in. Existing translations are kept, and
messages the code no longer says are dropped.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from shared.messages import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("services", "shared")
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "N_": None,
    "FieldError": (2,),
    "ConflictError": (1,),
    "OutOfScopeError": (1,),
    "NotAllowedError": (1,),
    "NotFoundError": (1,),
    "UnauthenticatedError": (1,),
    "ForbiddenError": (1,),
    "TooManyRequestsError": (1,),
    "InvalidTokenError": (1,),
    "IdempotencyConflictError": (2,),
    "RefusedRequestError": (2,),
    "Problem": (2,),
    "too_large": (1,),
    "Phrase": (1,),
    "parsed": (3,),
    "listed": (3,),
    "lookup": (4,),
    "__init__": (1,),
    "IllegalTransitionError": (1,),
}
"""Each call whose argument (1-based) is a catalogue message (``__init__``: an error's own
``super().__init__`` with its message)."""


def extracted() -> dict[str, list[str]]:
    """Returns every message the code says, with where it is said."""
    found: dict[str, list[str]] = {}
    for source in SOURCES:
        for path, line, message, _comments, _context in extract_from_dir(
            ROOT / source, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            if isinstance(message, str) and any(c.isalpha() for c in message):
                found.setdefault(message, []).append(f"{source}/{path}:{line}")
    return found


def po_path(language: str) -> Path:
    """Returns the catalogue source of one language."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(language: str) -> Catalog:
    """Returns the catalogue of one language as its ``.po`` file holds it."""
    with po_path(language).open("rb") as source:
        return read_po(source, locale=language, domain=DOMAIN)


def update() -> list[str]:
    """Adds the messages the code says and the catalogue lacks; returns them."""
    said = extracted()
    added: set[str] = set()
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = read(language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, domain=DOMAIN, project="Homeward")
        for message in sorted(said):
            if message not in catalog:
                catalog.add(message, message if language == "en" else "")
                added.add(message)
        for gone in [m.id for m in catalog if m.id and m.id not in said]:
            del catalog[gone]
        with path.open("wb") as target:
            write_po(target, catalog, width=100, omit_header=False, sort_output=True)
    return sorted(added)


if __name__ == "__main__":
    for message in update():
        sys.stdout.write(f"added: {message}\n")
