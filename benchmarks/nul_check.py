"""What the guard's U+0000 check (``shared.http.nul_errors``) costs a request, in-process.

    uv run python -m benchmarks.nul_check [--calls 20000]

Builds the requests the services see most (a read by id with a query, a registration with its
JSON body already read, as FastAPI hands them to the guard) and a registration holding one
U+0000 in a nested string, calls the check on each ``--calls`` times, and prints the CPU
microseconds per call beside an empty coroutine's, with the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from types import SimpleNamespace
from typing import Any

from starlette.requests import Request

from benchmarks.common import load_average, table
from shared.http import nul_errors
from tools.generator.requests import registration_body

HEADERS = [
    (b"host", b"127.0.0.1:8001"),
    (b"authorization", b"Bearer " + b"x" * 700),
    (b"content-type", b"application/json"),
    (b"user-agent", b"homeward-benchmarks"),
    (b"accept", b"*/*"),
    (b"accept-encoding", b"gzip, deflate"),
    (b"connection", b"keep-alive"),
    (b"idempotency-key", b"register-0001-5f0e4a47"),
    (b"x-correlation-id", b"bench-0001"),
]
JSON_BODY = SimpleNamespace(body_field=SimpleNamespace(field_info=None))


async def request(path: str, query: bytes, body: bytes | None) -> Request:
    """A request as the guard gets it: routed, its body (if any) read and cached."""
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST" if body else "GET",
        "path": path,
        "query_string": query,
        "headers": HEADERS,
        "path_params": {"worker_id": path.rsplit("/", 1)[-1]} if body is None else {},
        "route": JSON_BODY if body is not None else None,
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body or b"", "more_body": False}

    built = Request(scope, receive)
    if body is not None:
        await built.body()
    return built


async def per_call(calls: int, check: Any, built: Request) -> float:
    """CPU microseconds per awaited ``check(built)``."""
    start = time.process_time()
    for _ in range(calls):
        await check(built)
    return (time.process_time() - start) / calls * 1e6


async def nothing(_: Request) -> list[object]:
    return []


async def main(calls: int) -> None:
    body = registration_body(seed=1, index=1, province_code="40")
    clean = json.dumps(body).encode()
    body["family_contact"] = {**body["family_contact"], "name": "Lò Thị\u0000Hoa"}
    holding = json.dumps(body).encode()
    cases = [
        ("GET /workers/{id}?fields=summary", await request("/workers/w-1", b"fields=x", None)),
        (f"POST /workers, {len(clean)} B JSON", await request("/workers", b"", clean)),
        (f"POST /workers, {len(holding)} B, U+0000", await request("/workers", b"", holding)),
    ]
    rows = []
    for name, built in cases:
        empty = await per_call(calls, nothing, built)
        rows.append((name, f"{await per_call(calls, nul_errors, built):.1f}", f"{empty:.1f}"))
    print(table(("request", "µs CPU per check", "µs per empty coroutine"), rows))
    print(f"\n{calls} calls each; load average {load_average()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    asyncio.run(main(parser.parse_args().calls))
