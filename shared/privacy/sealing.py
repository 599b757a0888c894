"""Sealing personal fields on the topics, and opening them at a reader's edge.

Sealing (the relay, a consumer's follow-ups): each personal field with a value is replaced by
``{"sealed": base64(nonce | AES-GCM-SIV ciphertext)}``, encrypted with the worker's data key;
the associated data binds the ciphertext to the event id and the field, and the nonce is
derived from them, so an event published again is the same bytes. The record's
``homeward_key`` header names the key (the worker id). An erased worker's personal fields are
published withheld: there is no key to seal them with, and they must not travel in clear.

Opening (the shared consumer): a projection names the personal fields it reads
(``personal_fields``); only those are opened, with keys loaded for the batch beforehand. Every
other personal field, and every field whose key was erased, reaches it withheld
(``shared.privacy.personal``), so payload models stay plain.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from aiokafka import ConsumerRecord
from cryptography.exceptions import InvalidTag

from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.envelope import (
    EventEnvelope,
    Headers,
    UndecodableEventError,
    decode_payload,
    from_kafka,
    schema_version,
    to_kafka,
)
from shared.privacy.keys import DataKey, DataKeys
from shared.privacy.personal import personal_fields, personal_values, withheld_value

KEY_HEADER = "homeward_key"
SEALED = "sealed"
ERASED = "worker.erased"
NONCE_BYTES = 12
_FIELDS: dict[tuple[str, int], tuple[str, ...]] = {}
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def fields_of(event_type: str, version: int) -> tuple[str, ...]:
    """The personal fields of a published event type (none for an unknown one)."""
    key = (event_type, version)
    found = _FIELDS.get(key)
    if found is None:
        spec = CATALOGUE.specs.get(key)
        found = _FIELDS[key] = () if spec is None else personal_fields(spec.payload)
    return found


def holds_personal_value(data: dict[str, Any], fields: tuple[str, ...]) -> bool:
    """Whether any of the personal fields (paths) has a value in the data."""
    return any(next(personal_values(data, f), None) is not None for f in fields)


FIRST_EVENTS = frozenset({"worker.registered"})
"""Events that open a worker's record: the first of them names a worker with no key yet."""


def owner_of(event: EventEnvelope) -> str:
    """Whose data key seals an event: the worker the payload names, else its subject."""
    worker = event.data.get("worker_id")
    return worker if isinstance(worker, str) and worker else event.subject


def _associated(event_id: str, field: str) -> bytes:
    return f"{event_id}|{field}".encode()


def seal(event: EventEnvelope, version: int, key: DataKey | None) -> dict[str, Any] | None:
    """The event's payload data with its personal fields sealed with ``key`` (withheld if
    None), or None if it holds no personal value."""
    fields = fields_of(event.type, version)
    data = _copied(event.data, fields)
    spec = CATALOGUE.spec(event.type, version)
    present = False
    for field in fields:
        for holder, name, where in list(personal_values(data, field)):
            present = True
            if key is None:
                holder[name] = withheld_value(spec.payload, field)
                continue
            plain = _COMPACT.encode(holder[name]).encode()
            associated = _associated(event.id, where)
            # The same event sealed again (published twice) gives the same bytes; under
            # AES-GCM-SIV a nonce met again with another plaintext would reveal only that they
            # differ.
            nonce = hashlib.sha256(associated).digest()[:NONCE_BYTES]
            sealed = nonce + key.cipher.encrypt(nonce, plain, associated)
            holder[name] = {SEALED: base64.b64encode(sealed).decode()}
    return data if present else None


def _copied(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """A copy of the data that sealing or opening may change: nested too, if a path is."""
    return copy.deepcopy(data) if any("." in f for f in fields) else dict(data)


class Sealer:
    """Encodes events for Kafka with their personal fields sealed by their workers' keys."""

    def __init__(self, keys: DataKeys) -> None:
        self.keys = keys

    async def prepare(self, entries: Iterable[dict[str, Any]]) -> None:
        """Makes the keys of the workers whose records these outbox entries open, in one
        insert, before they are encoded one by one."""
        owners = first_owners(entries)
        if owners:
            await self.keys.make_new(owners)

    async def encode(self, event: EventEnvelope) -> tuple[bytes, bytes, Headers]:
        """Returns (key, value, headers) as ``to_kafka`` does, personal fields sealed."""
        version = event.version
        if not holds_personal_value(event.data, fields_of(event.type, version)):
            return to_kafka(event)
        owner = owner_of(event)
        first = event.type in FIRST_EVENTS and event.subject == owner and event.sequence == 1
        key = await self.keys.key_for(owner, new_owner=first)
        kafka_key, value, headers = to_kafka(event, seal(event, version, key))
        if key is not None:
            headers.append((KEY_HEADER, key.key_id.encode()))
        return kafka_key, value, headers


def first_owners(entries: Iterable[dict[str, Any]]) -> list[str]:
    """The workers whose records the outbox entries open (their first event, with a personal
    value): owners with no key yet."""
    owners = []
    for entry in entries:
        data, subject = entry.get("data"), entry.get("subject")
        if entry.get("type") not in FIRST_EVENTS or entry.get("sequence") != 1:
            continue
        if not isinstance(data, dict) or data.get("worker_id") != subject or not subject:
            continue
        try:
            version = schema_version(str(entry.get("dataschema")))
        except (TypeError, ValueError):
            continue  # the relay sets it aside when it fails to encode it
        if holds_personal_value(data, fields_of(str(entry["type"]), version)):
            owners.append(str(subject))
    return owners


def key_id_of(headers: Iterable[tuple[str, bytes]]) -> str | None:
    """The data key a record's personal fields were sealed with, if any."""
    for name, value in headers:
        if name == KEY_HEADER:
            return value.decode(errors="replace")
    return None


def open_fields(event: EventEnvelope, key: DataKey | None, needs: frozenset[str]) -> EventEnvelope:
    """The event with the personal fields in ``needs`` opened (withheld if the key is gone)
    and every other personal field withheld. The data is copied only if a field changes, and
    then only the containers on the changed fields' paths: the rest is shared with ``event``."""
    fields = fields_of(event.type, event.version)
    if not fields:
        return event
    changes: list[tuple[tuple[str | int, ...], Any]] = []
    for field in fields:
        for path, value in _located(event.data, field.split("."), ()):
            sealed = value.get(SEALED) if isinstance(value, dict) and len(value) == 1 else None
            if field not in needs or (sealed is not None and key is None):
                spec = CATALOGUE.spec(event.type, event.version)
                changes.append((path, withheld_value(spec.payload, field)))
            elif sealed is not None and key is not None:
                where = ".".join(str(part) for part in path)
                changes.append((path, _opened(event.id, where, sealed, key)))
    if not changes:
        return event
    return event.model_copy(update={"data": _changed(event.data, changes)})


def _located(
    holder: dict[str, Any], parts: list[str], path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Where a personal path has a value (as ``personal_values`` finds it): the keys and list
    indexes leading to it, and the value."""
    head, rest = parts[0], parts[1:]
    value = holder.get(head)
    if value is None:
        return
    if not rest:
        yield (*path, head), value
    elif isinstance(value, dict):
        yield from _located(value, rest, (*path, head))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield from _located(item, rest, (*path, head, index))


def _changed(
    data: dict[str, Any], changes: list[tuple[tuple[str | int, ...], Any]]
) -> dict[str, Any]:
    """A copy of the data with the changes made: each dictionary or list on a changed path is
    copied once, everything else is shared."""
    copied = dict(data)
    made: dict[tuple[str | int, ...], Any] = {}
    for path, value in changes:
        holder: Any = copied
        for depth in range(len(path) - 1):
            inner = made.get(path[: depth + 1])
            if inner is None:
                original = holder[path[depth]]
                inner = dict(original) if isinstance(original, dict) else list(original)
                made[path[: depth + 1]] = holder[path[depth]] = inner
            holder = inner
        holder[path[-1]] = value
    return copied


def _opened(event_id: str, field: str, sealed: Any, key: DataKey) -> Any:
    try:
        raw = base64.b64decode(str(sealed), validate=True)
        plain = key.cipher.decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated(event_id, field)
        )
        return json.loads(plain)
    except (InvalidTag, ValueError):
        raise UndecodableEventError(f"personal field {field} does not open with its key") from None


class Opener:
    """Opens the personal fields one projection reads, with keys loaded per batch."""

    def __init__(self, keys: DataKeys | None, needs: Iterable[str] = ()) -> None:
        self.keys = keys
        self.needs = frozenset(needs)
        self._loaded: dict[str, DataKey | None] = {}

    def for_needs(self, needs: Iterable[str]) -> Opener:
        """An opener on the same keys for a projection reading ``needs``."""
        return Opener(self.keys, needs)

    async def load(self, records: Iterable[ConsumerRecord[bytes, bytes]]) -> None:
        """Opens the data keys the records were sealed with, for ``open`` to use."""
        if self.keys is None or not self.needs:
            return
        wanted = {k for r in records if (k := key_id_of(r.headers)) is not None}
        self._loaded = await self.keys.load(wanted) if wanted else {}

    def open(self, record: ConsumerRecord[bytes, bytes]) -> tuple[EventEnvelope, EventPayload]:
        """The record's envelope (personal fields as this projection may see them) and its
        payload. A record published in clear is checked whole first: a broken personal field
        is refused even by a reader that would not see it."""
        published, envelope = self._read(record)
        if envelope is not published and key_id_of(record.headers) is None:
            decode_payload(published)
        return envelope, decode_payload(envelope)

    def envelope(self, record: ConsumerRecord[bytes, bytes]) -> EventEnvelope:
        """The record's envelope with the personal fields this projection reads opened."""
        return self._read(record)[1]

    def _read(self, record: ConsumerRecord[bytes, bytes]) -> tuple[EventEnvelope, EventEnvelope]:
        """The envelope as published, and as this projection may see it."""
        published = from_kafka(record.value, record.headers)
        return published, self.opened(record, published)

    def opened(
        self, record: ConsumerRecord[bytes, bytes], published: EventEnvelope
    ) -> EventEnvelope:
        """The record's envelope as this projection may see it, from the envelope as published
        (``from_kafka``; several readers of one record share it)."""
        if published.type == ERASED and self.keys is not None:
            # Later records of this batch, and of the next ones, no longer open with it.
            self.keys.forget(owner_of(published))
            self._loaded.pop(owner_of(published), None)
        key_id = key_id_of(record.headers)
        key = None if key_id is None else self._loaded.get(key_id)
        return open_fields(published, key, self.needs)
