"""``homeward dlq``: dead letters with their reason; replay after a fix, exactly once; purge.

A replay is recorded BEFORE it is produced, in ``<prefix>_operations.dlq_replays`` keyed by the
dead letter's place (``<dlq topic>:<partition>:<offset>``): a second replay of the same letter
finds the record and is skipped unless ``--again`` says so. A replay left ``sending`` longer than
``--stale-after`` seconds counts as crashed and is resumed (one sending more recently is still
in progress, and is skipped): the source topic is searched for the record it may have produced (its
``homeward_replay_of`` header names the letter), and it is produced only if absent. The event
goes back to its source topic with its ORIGINAL CloudEvents id, so a consumer that already
applied it drops it as a duplicate too, and with a ``homeward_replay_for_group`` header naming
the consumer group that refused it: the other groups skip it (``shared/replays.py``).
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer
from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import RecordsToDelete
from pymongo.errors import DuplicateKeyError
from rich.markup import escape
from rich.table import Table

from shared.replays import REPLAY_GROUP_HEADER
from tools.cli.access import personal_data_allowed
from tools.cli.config import SERVICES, Connection, connection, console, fail, run
from tools.cli.kafka_admin import admin
from tools.cli.streams import (
    STALE_CLAIM_S,
    Record,
    StaleAfter,
    Start,
    consumer,
    describe,
    partitions_of,
    read,
    sent_before,
    start_consumer,
    stop,
)

app = typer.Typer(help="Dead letters: list, show, replay after a fix, purge.", no_args_is_help=True)
REPLAYS = "dlq_replays"
REPLAY_HEADER = "homeward_replay_of"
IN_PROGRESS = "in_progress"


@dataclass(frozen=True)
class Letter:
    """A dead letter, where it lies, and whether it was replayed."""

    ref: str
    record: Record
    row: dict[str, Any]
    replay: dict[str, Any] | None

    @property
    def source_topic(self) -> str:
        return str(self.row.get("dlq_source_topic") or self.record.topic.removesuffix(".dlq"))

    @property
    def refused_by(self) -> str | None:
        """The consumer group that dead-lettered the record (None for letters without one)."""
        group = self.row.get("dlq_consumer_group")
        return str(group) if group else None

    @property
    def waiting(self) -> bool:
        """Not replayed yet, or a replay a crash interrupted."""
        return self.replay is None or self.replay.get("status") == "sending"


def ref_of(record: Record) -> str:
    return f"{record.topic}:{record.partition}:{record.offset}"


def _dlq_topics(conn: Connection, services: list[str] | None) -> list[str]:
    unknown = sorted(set(services or ()) - set(SERVICES))
    if unknown:
        raise fail(f"unknown service {', '.join(unknown)}")
    return [conn.topic(s) + ".dlq" for s in services or SERVICES]


async def letters(
    conn: Connection,
    topics: list[str],
    *,
    types: list[str] | None = None,
    worker: str | None = None,
    reason: str | None = None,
    refs: list[str] | None = None,
    show_personal: bool = False,
) -> list[Letter]:
    """Every dead letter on the topics that matches the filters, with its replay record."""
    found: list[tuple[Record, dict[str, Any]]] = []
    async for record in read(conn, topics, Start("beginning"), follow=False):  # read to the end
        row = describe(record, show_personal)
        if refs and ref_of(record) not in refs:
            continue
        if types and not any(fnmatch.fnmatchcase(row.get("type") or "", t) for t in types):
            continue
        if worker and worker not in (row.get("subject"), row.get("key")):
            continue
        if reason and reason.lower() not in str(row.get("dlq_reason", "")).lower():
            continue
        found.append((record, row))
    client = conn.store_client()
    try:
        replays = client[conn.operations_database][REPLAYS]
        ids = [ref_of(r) for r, _ in found]
        done = {d["_id"]: d async for d in replays.find({"_id": {"$in": ids}})} if ids else {}
    finally:
        await client.close()
    return [Letter(ref_of(r), r, row, done.get(ref_of(r))) for r, row in found]


def _status(letter: Letter) -> str:
    if letter.replay is None:
        return "waiting"
    return str(letter.replay.get("status", "replayed"))


@app.command("list")
def list_letters(
    ctx: typer.Context,
    service: Annotated[list[str] | None, typer.Option("--service", "-s")] = None,
    event_type: Annotated[list[str] | None, typer.Option("--type", "-t")] = None,
    worker: Annotated[str | None, typer.Option("--worker", "-w")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Reason contains")] = None,
    waiting: Annotated[bool, typer.Option("--waiting", help="Only not yet replayed")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Dead letters with their reason, source and replay state."""
    conn = connection(ctx)
    found = run(
        letters(
            conn,
            _dlq_topics(conn, service),
            types=event_type,
            worker=worker,
            reason=reason,
        )
    )
    if waiting:
        found = [f for f in found if f.waiting]
    if as_json:
        print(json.dumps([_summary(f) for f in found], ensure_ascii=False), flush=True)
        return
    if not found:
        console.print("No dead letters.")
        return
    table = Table(title=f"{len(found)} dead letter(s)")
    for column in ("ref", "type", "worker", "reason", "from", "at", "replay"):
        table.add_column(column, overflow="fold")
    for f in found:
        table.add_row(*[escape(str(v)) for v in _summary(f).values()][:7])
    console.print(table)


def _summary(letter: Letter) -> dict[str, Any]:
    row = letter.row
    return {
        "ref": letter.ref,
        "type": row.get("type") or "(undecodable)",
        "worker": row.get("subject") or row.get("key"),
        "reason": row.get("dlq_reason"),
        "source": f"{row.get('dlq_source_topic')}:{row.get('dlq_source_partition')}:"
        f"{row.get('dlq_source_offset')}",
        "dead_lettered_at": row.get("dlq_time"),
        "replay": _status(letter),
        "id": row.get("id"),
        "consumer_group": row.get("dlq_consumer_group"),
    }


@app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="<dlq topic>:<partition>:<offset>, from `dlq list`")],
    show_personal: Annotated[bool, typer.Option("--show-personal")] = False,
    token: Annotated[str | None, typer.Option("--token")] = None,
) -> None:
    """One dead letter in full: headers, reason, payload (masked unless your role allows)."""
    conn = connection(ctx)
    personal = personal_data_allowed(show_personal, token)
    topic = ref.rsplit(":", 2)[0]
    found = run(letters(conn, [topic], refs=[ref], show_personal=personal))
    if not found:
        raise fail(f"no dead letter at {ref}")
    letter = found[0]
    document = {**letter.row, "replay": letter.replay and _jsonable(letter.replay)}
    print(json.dumps(document, ensure_ascii=False, indent=2, default=str), flush=True)


@app.command("replay")
def replay(
    ctx: typer.Context,
    refs: Annotated[list[str] | None, typer.Argument(help="Refs from `dlq list`")] = None,
    service: Annotated[list[str] | None, typer.Option("--service", "-s")] = None,
    event_type: Annotated[list[str] | None, typer.Option("--type", "-t")] = None,
    worker: Annotated[str | None, typer.Option("--worker", "-w")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Reason contains")] = None,
    replay_all: Annotated[bool, typer.Option("--all", help="Every waiting dead letter")] = False,
    again: Annotated[
        bool, typer.Option("--again", help="Replay letters already replayed (deliberately)")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be replayed")] = (
        False
    ),
    stale_after: StaleAfter = STALE_CLAIM_S,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Sends dead letters back to their source topic, each once, with its original event id."""
    conn = connection(ctx)
    if not (refs or event_type or worker or reason or replay_all):
        raise fail("say what to replay: refs, --type, --worker, --reason or --all")
    topics = sorted({r.rsplit(":", 2)[0] for r in refs}) if refs else _dlq_topics(conn, service)
    outcome = run(
        _replay(
            conn,
            topics,
            refs,
            event_type,
            worker,
            reason,
            again=again,
            dry_run=dry_run,
            stale_after=timedelta(seconds=stale_after),
        )
    )
    if as_json:
        print(json.dumps(outcome), flush=True)
        return
    for ref in outcome["replayed"]:
        console.print(f"replayed {escape(ref)}" + (" (dry run)" if dry_run else ""))
    for ref in outcome["skipped"]:
        console.print(f"[yellow]skipped[/] {escape(ref)}: already replayed (use --again)")
    for ref in outcome[IN_PROGRESS]:
        console.print(
            f"[yellow]skipped[/] {escape(ref)}: another replay is sending it "
            f"(it counts as crashed after {stale_after:g} s: see --stale-after)"
        )
    console.print(
        f"{len(outcome['replayed'])} replayed, "
        f"{len(outcome['skipped']) + len(outcome[IN_PROGRESS])} skipped"
    )


async def _replay(
    conn: Connection,
    topics: list[str],
    refs: list[str] | None,
    types: list[str] | None,
    worker: str | None,
    reason: str | None,
    *,
    again: bool,
    dry_run: bool,
    stale_after: timedelta = timedelta(seconds=STALE_CLAIM_S),
) -> dict[str, list[str]]:
    found = await letters(conn, topics, types=types, worker=worker, reason=reason, refs=refs)
    missing = sorted(set(refs or ()) - {f.ref for f in found})
    if missing:
        raise fail(f"no dead letter at {', '.join(missing)}")
    outcome: dict[str, list[str]] = {"replayed": [], "skipped": [], IN_PROGRESS: []}
    if dry_run:
        outcome["replayed"] = [f.ref for f in found if f.waiting or again]
        outcome["skipped"] = [f.ref for f in found if not (f.waiting or again)]
        return outcome
    client = conn.store_client()
    producer = AIOKafkaProducer(
        **conn.kafka_options(), enable_idempotence=True, acks="all", client_id="homeward-cli"
    )
    await producer.start()
    try:
        replays = client[conn.operations_database][REPLAYS]
        for letter in found:
            claim = await _claim(replays, letter, again, stale_after)
            if claim is None:
                outcome["skipped"].append(letter.ref)
                continue
            if claim.live:
                outcome[IN_PROGRESS].append(letter.ref)
                continue
            replayed_to = None
            if claim.resumes is not None:
                replayed_to = await _sent_before(conn, letter, claim.resumes)
            if replayed_to is None:
                sent = await producer.send_and_wait(
                    letter.source_topic,
                    value=letter.record.value,
                    key=letter.record.key,
                    headers=_replay_headers(letter),
                )
                replayed_to = f"{sent.topic}:{sent.partition}:{sent.offset}"
            await replays.update_one(
                {"_id": letter.ref},
                {
                    "$set": {
                        "status": "replayed",
                        "replayed_at": datetime.now(UTC),
                        "replayed_to": replayed_to,
                    }
                },
            )
            outcome["replayed"].append(letter.ref)
    finally:
        await producer.stop()
        await client.close()
    return outcome


def _replay_headers(letter: Letter) -> list[tuple[str, bytes]]:
    """The letter's headers without the dead-letter ones, naming the letter and its group."""
    replay_headers = {REPLAY_HEADER, REPLAY_GROUP_HEADER}
    headers = [
        (k, v)
        for k, v in letter.record.headers
        if not k.startswith("dlq_") and k not in replay_headers
    ]
    headers.append((REPLAY_HEADER, letter.ref.encode()))
    if letter.refused_by is not None:
        headers.append((REPLAY_GROUP_HEADER, letter.refused_by.encode()))
    return headers


@dataclass(frozen=True)
class Claim:
    """A replay recorded before it happens; ``resumes`` is the claim time of the replay a crash
    interrupted, if this one takes it over; ``live`` when another replay is sending it now."""

    resumes: datetime | None = None
    live: bool = False


async def _claim(replays: Any, letter: Letter, again: bool, stale_after: timedelta) -> Claim | None:
    """Records the replay before it happens; None when the letter was replayed already.

    A claim still ``sending`` is taken over only once it is older than ``stale_after`` (its
    replay crashed), and atomically, so of several replays resuming it only one sends.
    """
    now = datetime.now(UTC)
    claim = {
        "_id": letter.ref,
        "status": "sending",
        "event_id": letter.row.get("id"),
        "type": letter.row.get("type"),
        "source_topic": letter.source_topic,
        "consumer_group": letter.refused_by,
        "reason": letter.row.get("dlq_reason"),
        "claimed_at": now,
        "replays": 1,
    }
    try:
        await replays.insert_one(claim)
        return Claim()
    except DuplicateKeyError:
        previous = await replays.find_one({"_id": letter.ref}) or {}
    if previous.get("status") == "sending":
        claimed_at = previous.get("claimed_at")
        if isinstance(claimed_at, datetime):
            aware = claimed_at if claimed_at.tzinfo else claimed_at.replace(tzinfo=UTC)
            if now - aware < stale_after:
                return Claim(live=True)
        taken = await replays.find_one_and_update(
            {"_id": letter.ref, "status": "sending", "claimed_at": claimed_at},
            {"$set": {"claimed_at": now}},
        )
        if taken is None:  # another replay took it over first
            return Claim(live=True)
        return Claim(claimed_at if isinstance(claimed_at, datetime) else now)
    if not again:
        return None
    await replays.update_one(
        {"_id": letter.ref},
        {
            "$set": {"status": "sending", "claimed_at": now},
            "$inc": {"replays": 1},
        },
    )
    return Claim()


async def _sent_before(conn: Connection, letter: Letter, claimed_at: datetime) -> str | None:
    """Where an interrupted replay of the letter already put it on its source topic, if it did."""
    key = letter.record.key.decode(errors="replace") if letter.record.key else None
    header = (REPLAY_HEADER, letter.ref.encode())
    return await sent_before(conn, letter.source_topic, key, header, claimed_at)


@app.command("purge")
def purge(
    ctx: typer.Context,
    service: Annotated[list[str] | None, typer.Option("--service", "-s")] = None,
    purge_all: Annotated[
        bool, typer.Option("--all", help="Also letters never replayed (needs --yes)")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm --all")] = False,
) -> None:
    """Deletes dead letters from the start of each DLQ up to the first one not yet replayed.

    Kafka deletes only a prefix of a partition; with ``--all --yes`` everything goes.
    """
    conn = connection(ctx)
    if purge_all and not yes:
        raise fail("--all deletes dead letters nobody replayed; add --yes if you mean it")
    deleted = run(_purge(conn, _dlq_topics(conn, service), purge_all))
    for topic, count in deleted.items():
        console.print(f"{escape(topic)}: {count} dead letter(s) purged")
    if not deleted:
        console.print("Nothing to purge.")


async def _purge(conn: Connection, topics: list[str], purge_all: bool) -> dict[str, int]:
    found = await letters(conn, topics)
    kafka = consumer(conn)
    await start_consumer(kafka)
    try:
        tps = await partitions_of(kafka, topics)
        ends = await kafka.end_offsets(tps) if tps else {}
        firsts = await kafka.beginning_offsets(tps) if tps else {}
    finally:
        await stop(kafka)
    cut: dict[TopicPartition, int] = {}
    for tp in tps:
        if purge_all:
            upto = ends[tp]
        else:
            waiting = [
                f.record.offset
                for f in found
                if f.record.topic == tp.topic
                and f.record.partition == tp.partition
                and _status(f) != "replayed"
            ]
            upto = min(waiting) if waiting else ends[tp]
        if upto > firsts[tp]:
            cut[tp] = upto
    if not cut:
        return {}
    client = admin(conn)
    await client.start()
    try:
        await client.delete_records({tp: RecordsToDelete(o) for tp, o in cut.items()})
    finally:
        await client.close()
    deleted: dict[str, int] = {}
    for tp, upto in cut.items():
        deleted[tp.topic] = deleted.get(tp.topic, 0) + upto - firsts[tp]
    return deleted


def _jsonable(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in document.items()}
