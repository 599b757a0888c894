"""Personal fields sealed with a worker's data key, opened only for the fields a reader needs,
and unreadable once the key is erased (key store in memory: no broker, no store process)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from aiokafka import ConsumerRecord

from shared.consumer import decode_record, is_retried
from shared.contracts.common import Gender, HouseholdStatus, Locality
from shared.contracts.intake import FamilyContact, SupportEligibility, WorkerRegistered
from shared.contracts.training import Certificate, WorkerCertified
from shared.events.envelope import EventEnvelope, UndecodableEventError, new_event, to_kafka
from shared.persistence.aggregates import outbox_entry
from shared.persistence.stores import memory_store
from shared.privacy.keys import DATA_KEYS, DataKeys
from shared.privacy.lookup import LOOKUP_KEYS, NATIONAL_ID, LookupKeys
from shared.privacy.masters import (
    MasterKeyError,
    MasterKeyFile,
    new_master_file,
    read_master_file,
    write_master_file,
)
from shared.privacy.personal import every_personal_field
from shared.privacy.sealing import KEY_HEADER, Opener, Sealer, key_id_of, open_fields
from shared.rebuild import _DecodedOnce
from tools.cli.keys import rotate_master

PHONE = "+84912345678"
NAME = "Đinh Thị Linh"
MOTHER = "Nguyễn Thị Hoa"


def _registered(worker_id: str = "w-1") -> WorkerRegistered:
    return WorkerRegistered(
        worker_id=worker_id,
        full_name=NAME,
        date_of_birth=date(2001, 5, 4),
        gender=Gender.FEMALE,
        ethnicity="Tày",
        ethnic_minority=True,
        household_status=HouseholdStatus.POOR,
        locality=Locality(province_code="01", commune_code="00004"),
        support=SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=True
        ),
        phone=PHONE,
        family_contact=FamilyContact(name=MOTHER, relationship="mother", phone="+84987654321"),
        registered_at=datetime(2026, 3, 1, tzinfo=UTC),
    )


def _record(key: bytes, value: bytes, headers: list[tuple[str, bytes]]) -> ConsumerRecord:
    return ConsumerRecord("t", 0, 0, 0, 0, key, value, None, len(key), len(value), headers)


@pytest.fixture
def keys(tmp_path: Path) -> DataKeys:
    masters = MasterKeyFile.at(tmp_path / "master-keys.json", create=True)
    return DataKeys(memory_store().collection(DATA_KEYS), masters, cache_s=30.0)


async def _sealed(keys: DataKeys, worker_id: str = "w-1") -> ConsumerRecord:
    event = new_event(
        _registered(worker_id),
        event_id="e-1",
        subject=worker_id,
        sequence=1,
        source="intake",
        time=datetime(2026, 3, 1, tzinfo=UTC),
        correlation_id="c-1",
    )
    return _record(*await Sealer(keys).encode(event))


async def test_the_record_holds_no_personal_value_in_clear_and_names_its_key(keys) -> None:
    record = await _sealed(keys)
    for secret in (PHONE, NAME, MOTHER, "Tày", "2001-05-04"):
        assert secret.encode() not in record.value
    data = json.loads(record.value)
    assert data["gender"] == "female"
    assert data["locality"]["commune_code"] == "00004"
    assert data["household_status"] == "poor"
    assert data["ethnic_minority"] is True
    assert key_id_of(record.headers) == "w-1"


async def test_an_event_sealed_twice_is_the_same_bytes(keys) -> None:
    first, again = await _sealed(keys), await _sealed(keys)
    assert (first.value, first.headers) == (again.value, again.headers)


async def test_a_reader_opens_only_the_personal_fields_it_reads(keys) -> None:
    record = await _sealed(keys)
    opener = Opener(keys, {"full_name", "phone"})
    await opener.load([record])
    _, payload = opener.open(record)
    assert isinstance(payload, WorkerRegistered)
    assert (payload.full_name, payload.phone) == (NAME, PHONE)
    assert payload.family_contact is None
    assert payload.ethnicity is None
    assert payload.date_of_birth == date(1, 1, 1)  # withheld


async def test_a_record_decoded_once_for_several_readers_gives_each_its_own_reading(
    keys,
) -> None:
    """A rebuild reads each record once for every view: each view still gets what its own
    reader gives it (sealed or in clear), and a broken record is refused for each."""
    sealed = await _sealed(keys)
    in_clear = _record(
        *to_kafka(
            new_event(
                _registered("w-2"),
                event_id="e-2",
                subject="w-2",
                sequence=1,
                source="intake",
                time=datetime(2026, 3, 1, tzinfo=UTC),
                correlation_id="c-2",
            )
        )
    )
    broken = _record(b"w-3", b"{not json", in_clear.headers)
    readers: list[Opener | None] = [
        Opener(keys, needs) for needs in ({"full_name"}, set(), every_personal_field())
    ]
    readers.append(None)
    for opener in readers:
        if opener is not None:
            await opener.load([sealed, in_clear])
    once = _DecodedOnce()
    for record in (sealed, in_clear):
        for opener in readers:
            shared = once.reader(opener)(record)
            if opener is None:
                own = decode_record(record)
                assert (shared.envelope, shared.payload) == (own.envelope, own.payload)
            else:
                assert (shared.envelope, shared.payload) == opener.open(record)
    for opener in readers:
        with pytest.raises(UndecodableEventError):
            once.reader(opener)(broken)


async def test_a_ciphertext_moved_to_another_event_does_not_open(keys) -> None:
    record = await _sealed(keys)
    headers = [(n, b"e-2" if n == "ce_id" else v) for n, v in record.headers]
    moved = _record(record.key, record.value, headers)
    opener = Opener(keys, {"full_name"})
    await opener.load([moved])
    with pytest.raises(UndecodableEventError, match="full_name does not open"):
        opener.open(moved)


async def test_after_erasure_the_fields_are_withheld_and_new_events_carry_none(
    keys, tmp_path: Path
) -> None:
    record = await _sealed(keys)
    assert await keys.erase("w-1") is True
    reader = Opener(
        DataKeys(keys.collection, MasterKeyFile.at(tmp_path / "master-keys.json", False), 30.0),
        {"full_name", "phone"},
    )
    await reader.load([record])
    _, payload = reader.open(record)
    assert isinstance(payload, WorkerRegistered)
    assert (payload.full_name, payload.phone, payload.gender) == ("", None, Gender.FEMALE)
    later = await _sealed(keys)
    assert key_id_of(later.headers) is None
    assert PHONE.encode() not in later.value
    assert all(name != KEY_HEADER for name, _ in later.headers)
    # another process publishing the registration again (a new worker's first event, for
    # which a key is made before any read) finds the tombstone and makes no key
    masters = MasterKeyFile.at(tmp_path / "master-keys.json", False)
    again = await _sealed(DataKeys(keys.collection, masters, 30.0))
    assert key_id_of(again.headers) is None
    assert PHONE.encode() not in again.value


async def test_rotating_the_master_key_rewraps_every_data_key_and_retires_the_old(
    keys, tmp_path: Path
) -> None:
    path = tmp_path / "master-keys.json"
    record = await _sealed(keys)
    await _sealed(keys, "w-2")
    lookup = memory_store().collection(LOOKUP_KEYS)
    hashed = (await LookupKeys(lookup, keys.masters).hash_for(NATIONAL_ID))("051199123456")
    old, _ = read_master_file(path)
    rewrapped, retired = await rotate_master(path, keys.collection, lookup)
    current, kept = read_master_file(path)
    assert (rewrapped, retired) == (3, [old])
    assert current != old
    assert list(kept) == [current]
    fresh = DataKeys(keys.collection, MasterKeyFile.at(path, create=False), 30.0)
    opener = Opener(fresh, {"full_name"})
    await opener.load([record])
    assert opener.open(record)[0].data["full_name"] == NAME
    rewrapped_lookup = LookupKeys(lookup, MasterKeyFile.at(path, create=False))
    assert (await rewrapped_lookup.hash_for(NATIONAL_ID))("051199123456") == hashed


def test_a_master_key_file_written_twice_at_once_keeps_the_first(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    first = MasterKeyFile.at(path, create=True).current_id
    assert MasterKeyFile.at(path, create=True).current_id == first
    write_master_file(path, *read_master_file(path))
    assert read_master_file(path)[0] == first


async def test_a_data_key_whose_master_key_is_not_mounted_yet_is_an_outage(
    keys, tmp_path: Path
) -> None:
    """A pod reading the master key file before a rotated Secret reached it retries the batch:
    the events are not dead-lettered."""
    record = await _sealed(keys)
    stale = tmp_path / "stale.json"
    write_master_file(stale, *new_master_file())
    behind = DataKeys(keys.collection, MasterKeyFile.at(stale, create=False), 30.0)
    with pytest.raises(MasterKeyError) as missing:
        await Opener(behind, {"full_name"}).load([record])
    assert is_retried(missing.value)


async def test_a_certificate_number_is_sealed_inside_its_certificate(keys) -> None:
    """Only the number is sealed: the kind and the dates reports and matching read stay clear;
    a reader that needs the number opens it, the others get it withheld."""
    certified = WorkerCertified(
        worker_id="w-1",
        enrolment_id="e-1",
        certificate=Certificate(
            number="NN-2026-0042", course_id="c-1", kind="language", issued_on=date(2026, 5, 2)
        ),
        recorded_at=datetime(2026, 5, 2, tzinfo=UTC),
    )
    event = new_event(
        certified, event_id="e-9", subject="w-1", sequence=3, source="training",
        time=datetime(2026, 5, 2, tzinfo=UTC), correlation_id="c-1",
    )  # fmt: skip
    record = _record(*await Sealer(keys).encode(event))
    assert b"NN-2026-0042" not in record.value
    sealed = json.loads(record.value)["certificate"]
    assert (sealed["kind"], sealed["issued_on"]) == ("language", "2026-05-02")
    assert set(sealed["number"]) == {"sealed"}
    reader = Opener(keys, {"certificate.number"})
    await reader.load([record])
    assert reader.open(record)[1].certificate.number == "NN-2026-0042"  # type: ignore[attr-defined]
    other = Opener(keys, {"full_name"})
    await other.load([record])
    assert other.open(record)[1].certificate.number == ""  # type: ignore[attr-defined]
    await keys.erase("w-1")
    await reader.load([record])
    assert reader.open(record)[1].certificate.number == ""  # type: ignore[attr-defined]


def test_opening_copies_only_what_it_changes_and_leaves_the_published_event_alone() -> None:
    """A reader of every field gets the published event itself; a reader of fewer gets a copy
    with the others withheld, the published data unchanged and what is not personal shared."""
    event = new_event(
        _registered(), event_id="e-1", subject="w-1", sequence=1, source="intake",
        time=datetime(2026, 3, 1, tzinfo=UTC), correlation_id="c-1",
    )  # fmt: skip
    published = json.loads(json.dumps(event.data))
    assert open_fields(event, None, every_personal_field()) is event
    opened = open_fields(event, None, frozenset({"full_name"}))
    assert opened.data["full_name"] == NAME
    assert opened.data["phone"] is None
    assert opened.data["family_contact"] is None
    assert event.data == published
    assert opened.data["locality"] is event.data["locality"]
    certified = new_event(
        WorkerCertified(
            worker_id="w-1",
            enrolment_id="e-1",
            certificate=Certificate(
                number="NN-1", course_id="c-1", kind="language", issued_on=date(2026, 5, 2)
            ),
            recorded_at=datetime(2026, 5, 2, tzinfo=UTC),
        ),
        event_id="e-9", subject="w-1", sequence=3, source="training",
        time=datetime(2026, 5, 2, tzinfo=UTC), correlation_id="c-1",
    )  # fmt: skip
    withheld = open_fields(certified, None, frozenset())
    assert withheld.data["certificate"]["number"] == ""
    assert withheld.data["certificate"]["kind"] == "language"
    assert certified.data["certificate"]["number"] == "NN-1"


async def test_the_keys_of_a_passs_new_workers_are_made_in_one_insert(keys, monkeypatch) -> None:
    """The relay makes the keys of the workers its pass registers together, before sealing
    their records one by one; a worker erased before keeps its tombstone (no new key)."""
    await DataKeys(keys.collection, keys.masters, cache_s=30.0).erase("w-3")
    entries = [
        outbox_entry(
            new_event(
                _registered(worker_id),
                event_id=f"e-{worker_id}",
                subject=worker_id,
                sequence=1,
                source="intake",
                time=datetime(2026, 3, 1, tzinfo=UTC),
                correlation_id="c-1",
            ),
            "intake.events",
        )
        for worker_id in ("w-1", "w-2", "w-3")
    ]
    inserts: list[list[str]] = []
    insert_all_new = keys.collection.insert_all_new

    async def counted(documents: list[dict]) -> set:
        inserts.append([d["_id"] for d in documents])
        return await insert_all_new(documents)

    monkeypatch.setattr(keys.collection, "insert_all_new", counted)
    sealer = Sealer(keys)
    await sealer.prepare(entries)
    assert inserts == [["w-1", "w-2", "w-3"]]
    monkeypatch.setattr(keys.collection, "insert_new", None)  # sealing makes no key now
    sealed = [_record(*await sealer.encode(EventEnvelope.model_validate(e))) for e in entries]
    assert [key_id_of(r.headers) for r in sealed] == ["w-1", "w-2", None]
    assert NAME not in sealed[2].value.decode()  # withheld: no key to seal with
    opened = Opener(keys, ["full_name"])
    await opened.load(sealed[:1])
    assert opened.envelope(sealed[0]).data["full_name"] == NAME
