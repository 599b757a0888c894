"""Vietnamese names folded for accent- and case-insensitive search ("Đinh" is found by "dinh")."""

from __future__ import annotations

import re
import unicodedata

# Đ/đ are letters of their own, not D with a mark, so NFD leaves them; Ð (U+00D0, the Icelandic
# eth) looks the same and is what some keyboards type for Đ.
_LETTER_D = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str) -> str:
    """Returns a name as written, in NFC with single spaces: the form a record stores."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold_name(text: str) -> str:
    """Returns the folded form: no diacritics, đ as d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTER_D))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare.lower()).strip()


def name_tokens(text: str) -> list[str]:
    """Returns the folded words of a name, punctuation removed ("H'Hen" gives "hhen")."""
    tokens = (_NOT_ALNUM.sub("", word) for word in fold_name(text).split(" "))
    return [token for token in tokens if token]


def name_prefixes(text: str, min_length: int = 1) -> list[str]:
    """Returns every prefix of every folded word, without repeats: an exact-match search index."""
    prefixes: dict[str, None] = {}
    for token in name_tokens(text):
        for end in range(min_length, len(token) + 1):
            prefixes[token[:end]] = None
    return list(prefixes)


def name_matches(name: str, query: str) -> bool:
    """Returns whether each word of the query starts some word of the name, accents ignored."""
    words = name_tokens(name)
    return all(any(word.startswith(term) for word in words) for term in name_tokens(query))
