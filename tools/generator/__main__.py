"""Publishes a synthetic history to Kafka.

    python -m tools.generator --seed 1 --province 40 --workers 2000 --rate 500
    python -m tools.generator --seed 1 --country --workers 40000 --rate 0 --topic-prefix bench.

Prints what it sent per topic and how fast. ``--bad N`` mixes in N deliberately bad records
on intake's topic (they must end in its dead-letter topic).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from tools.generator.history import Scope, generate
from tools.generator.publish import Publisher, bad_records, with_bad_records


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.generator", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--province", help="current province code, e.g. 40 (Nghe An)")
    where.add_argument("--country", action="store_true", help="every province (the default)")
    parser.add_argument("--commune", help="current commune code (with --province)")
    parser.add_argument("--workers", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--rate", type=float, default=500, help="events/s; 0 = unthrottled")
    parser.add_argument("--topic-prefix", default="")
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--bad", type=int, default=0, help="deliberately bad records to add")
    parser.add_argument("--order", choices=("time", "worker"), default="time")
    parser.add_argument(
        "--bootstrap",
        default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
    )
    args = parser.parse_args(argv)
    if args.commune and not args.province:
        parser.error("--commune needs --province")
    return args


def scope_of(args: argparse.Namespace) -> Scope:
    if args.commune:
        return Scope.commune(args.province, args.commune, args.workers, years=args.years)
    if args.province:
        return Scope.province(args.province, args.workers, years=args.years)
    return Scope.country(args.workers, years=args.years)


async def main(args: argparse.Namespace) -> None:
    scope = scope_of(args)
    events = generate(args.seed, scope, order=args.order)
    async with Publisher(args.bootstrap, args.topic_prefix, args.partitions) as publisher:
        stream = with_bad_records(events, list(bad_records(args.seed, args.bad)), 1000)
        report = await publisher.publish(stream, rate=args.rate)
    print(f"{scope.kind} {scope.province_code or ''} {scope.workers} workers, seed {args.seed}")
    for topic, count in sorted(report.sent.items()):
        print(f"  {args.topic_prefix}{topic:<32} {count:>10,}")
    rate = report.total / report.seconds if report.seconds else 0
    print(f"  {'total':<32} {report.total:>10,} in {report.seconds:.1f} s ({rate:,.0f} events/s)")
    for topic, partition, offset, flaw in report.bad:
        print(f"  bad record {topic}[{partition}]@{offset}: {flaw}")


if __name__ == "__main__":
    asyncio.run(main(parse(sys.argv[1:])))
