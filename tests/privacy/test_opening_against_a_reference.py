"""Opening a record's personal fields for a reader, against a plain reference: the published
event is never changed, each reader gets what the reference gives it (fields it does not read
withheld, those it reads opened), and no container one reader's copy changed is shared with
the published event or with another reader's copy (pure: no broker, no store)."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCMSIV

from shared.events.catalogue import CATALOGUE
from shared.events.envelope import EventEnvelope
from shared.privacy.keys import DataKey
from shared.privacy.personal import personal_values, withheld_value
from shared.privacy.sealing import SEALED, _opened, fields_of, open_fields, seal

KEY = DataKey("w-1", AESGCMSIV(AESGCMSIV.generate_key(bit_length=256)))
TYPES = sorted(key for key in CATALOGUE.specs if fields_of(*key))


def _reference(event: EventEnvelope, key: DataKey | None, needs: frozenset[str]) -> Any:
    """The data a reader should get: the whole data copied, then each personal value withheld
    or opened; None if nothing changes."""
    data = copy.deepcopy(event.data)
    spec = CATALOGUE.spec(event.type, event.version)
    changed = False
    for field in fields_of(event.type, event.version):
        for holder, name, where in list(personal_values(data, field)):
            value = holder[name]
            sealed = value.get(SEALED) if isinstance(value, dict) and len(value) == 1 else None
            if field not in needs or (sealed is not None and key is None):
                holder[name], changed = withheld_value(spec.payload, field), True
            elif sealed is not None and key is not None:
                holder[name], changed = _opened(event.id, where, sealed, key), True
    return data if changed else None


def _value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 2 or roll < 0.4:
        return rng.choice([None, "Đinh Thị Linh", 7, True, [], {}])
    if roll < 0.7:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["number", "kind", "a"]): _value(rng, depth + 1) for _ in range(2)}


def _placed(rng: random.Random, holder: dict[str, Any], parts: list[str]) -> None:
    """Puts a value at a personal path, through dictionaries or lists of them."""
    head, rest = parts[0], parts[1:]
    if not rest:
        holder[head] = "+84912345678" if rng.random() < 0.6 else _value(rng)
        return
    if rng.random() < 0.5:
        items = holder.setdefault(head, [{"kind": ["shared"]} for _ in range(rng.randint(1, 3))])
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                _placed(rng, item, rest)
    else:
        inner = holder.setdefault(head, {"kind": {"shared": [1]}})
        if isinstance(inner, dict):
            _placed(rng, inner, rest)


def _event(rng: random.Random, event_type: str, version: int) -> EventEnvelope:
    data: dict[str, Any] = {"worker_id": "w-1", "note": {"shared": ["x"]}}
    for field in fields_of(event_type, version):
        if rng.random() < 0.8:
            _placed(rng, data, field.split("."))
    event = EventEnvelope(
        id=f"e-{rng.randrange(10**6)}",
        type=event_type,
        source="intake",
        time=datetime(2026, 3, 1, tzinfo=UTC),
        subject="w-1",
        dataschema=f"urn:homeward:schema:{event_type}:v{version}",
        sequence=1,
        correlationid="0" * 32,
        data=data,
    )
    sealed = seal(event, version, KEY) if rng.random() < 0.6 else None
    return event if sealed is None else event.model_copy(update={"data": sealed})


def _containers(value: Any) -> dict[int, Any]:
    """Every dictionary and list in a value, by identity."""
    found: dict[int, Any] = {}
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            found[id(item)] = item
            stack.extend(item.values() if isinstance(item, dict) else item)
    return found


def _changed_containers(opened: Any, published: Any) -> dict[int, Any]:
    """The containers of an opened copy that differ from the published data at their place."""
    changed: dict[int, Any] = {}

    def walk(mine: Any, theirs: Any) -> None:
        if not isinstance(mine, dict | list) or mine == theirs:
            return
        changed[id(mine)] = mine
        if isinstance(mine, dict) and isinstance(theirs, dict):
            for name, inner in mine.items():
                walk(inner, theirs.get(name))
        elif isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
            for inner, other in zip(mine, theirs, strict=True):
                walk(inner, other)

    walk(opened, published)
    return changed


def test_every_reader_gets_the_reference_and_shares_nothing_it_changed() -> None:
    rng = random.Random(21)
    for _ in range(1500):
        event_type, version = rng.choice(TYPES)
        event = _event(rng, event_type, version)
        published = copy.deepcopy(event.data)
        fields = fields_of(event_type, version)
        readers = [
            (frozenset(f for f in fields if rng.random() < 0.5), rng.choice([KEY, KEY, None]))
            for _ in range(2)
        ]
        copies = []
        for needs, key in readers:
            expected = _reference(event, key, needs)
            opened = open_fields(event, key, needs)
            assert event.data == published, (event_type, needs)
            if expected is None:
                assert opened is event, (event_type, needs)
                continue
            assert opened.data == expected, (event_type, needs, event.data)
            changed = _changed_containers(opened.data, event.data)
            assert not changed.keys() & _containers(event.data).keys(), (event_type, needs)
            copies.append(changed)
        if len(copies) == 2:
            spec = CATALOGUE.spec(event_type, version)
            # the withheld values stand for a field in every reader's copy alike
            withheld = {id(withheld_value(spec.payload, field)) for field in fields}
            assert not (copies[0].keys() & copies[1].keys()) - withheld, event_type
