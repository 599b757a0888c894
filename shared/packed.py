"""Values a view stores packed: zlib-compressed canonical JSON in one binary value.

FerretDB v1 converts every value of a document on each read and write, so a list of hundreds
of values (a case's timeline, a worker's facts) costs the store far more CPU than one binary
value holding them (docs/decisions.md, "A case view stores its journeys and timeline packed").
Only what nothing queries inside is packed; the fields a query filters on stay plain.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

PACK_LEVEL = 1  # the fastest level: most of the gain is in one value instead of hundreds


def pack(value: Any) -> bytes:
    """Canonical JSON (sorted keys: equal values give equal bytes), compressed."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), PACK_LEVEL)


def pack_json(text: bytes) -> bytes:
    """JSON text already in a canonical form, compressed: pydantic's ``dump_json`` writes a
    model's fields in declaration order, so equal values give equal bytes here too, at a
    quarter of ``pack``'s CPU (no intermediate dicts)."""
    return zlib.compress(text, PACK_LEVEL)


def unpack(value: Any) -> Any:
    """The value ``pack`` made; a plain value is returned as it is."""
    if isinstance(value, bytes):
        return json.loads(zlib.decompress(value))
    return value


def unpack_json(value: bytes) -> bytes:
    """The JSON text ``pack`` or ``pack_json`` compressed, for a parser that reads JSON itself
    (pydantic's ``validate_json`` skips building the intermediate dicts)."""
    return zlib.decompress(value)
