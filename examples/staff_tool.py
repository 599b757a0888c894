"""A commune officer's small tool on Homeward's Python client: register a worker, find them by
name, and read their timeline, all through the front door.

    python examples/staff_tool.py --base-url http://127.0.0.1:8000 --token "$TOKEN"

The client is generated (``make clients``) into ``clients/python``; this script adds that
folder to the import path, so it runs from a checkout with the project's environment
(``uv run python examples/staff_tool.py ...``). It prints the new worker's id, how many
workers the search found, and the timeline's event types: never the worker's personal data.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "clients" / "python"))

from homeward_client import AuthenticatedClient
from homeward_client.api.workers import (
    intake_register_worker,
    intake_search_workers,
)
from homeward_client.api.workers_abroad import aftercare_get_timeline
from homeward_client.models import RegisterWorker, WorkerPage, WorkerView


def new_worker(serial: int) -> RegisterWorker:
    """A worker from a poor Hrê household in Sơn Linh commune, Quảng Ngãi, with consent."""
    return RegisterWorker.from_dict(
        {
            "full_name": "Đinh Thị Lan",
            "date_of_birth": "2001-03-08",
            "gender": "female",
            # The CCCD encodes the province of birth (051), century and sex (3: a woman born
            # in the 2000s) and the year (01), then a serial.
            "national_id": f"051301{serial:06d}",
            "ethnicity": "Hrê",
            "ethnic_minority": True,
            "household_status": "poor",
            "locality": {
                "province_code": "51",
                "commune_code": "21307",
                "former_province_code": "51",
                "former_district_code": "529",
                "former_commune_code": "21304",
            },
            "desired_markets": ["JP"],
            "desired_sectors": ["textiles_and_garments"],
            "consent": {"recorded_at": "2026-01-05T08:00:00+07:00"},
        }
    )


def run(base_url: str, token: str, serial: int, wait_s: float) -> int:
    """Registers, searches and reads the timeline; returns a process exit code."""
    client = AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=False)
    with client:
        registered = intake_register_worker.sync(
            client=client, body=new_worker(serial), idempotency_key=f"staff-tool-{serial}"
        )
        if not isinstance(registered, WorkerView):
            print(f"registration refused: {registered}", file=sys.stderr)
            return 1
        worker_id = registered.worker_id
        print(f"registered worker {worker_id}")

        page = intake_search_workers.sync(client=client, name="Đinh Thị Lan", province_code="51")
        if not isinstance(page, WorkerPage):
            print(f"search refused: {page}", file=sys.stderr)
            return 1
        found = [w.worker_id for w in page.items]
        among = "is" if worker_id in found else "is not"
        print(f"search found {len(found)} worker(s); the new one {among} among them")
        if worker_id not in found:
            return 1

        # Aftercare hears of the registration from intake's events a moment later.
        deadline = time.monotonic() + wait_s
        while True:
            answer = aftercare_get_timeline.sync_detailed(client=client, worker_id=worker_id)
            parsed = answer.parsed
            timeline = parsed if isinstance(parsed, list) else getattr(parsed, "items", None)
            if answer.status_code == 200 and timeline:
                kinds = [item.type_ for item in timeline]
                print("timeline: " + ", ".join(kinds))
                return 0
            if time.monotonic() > deadline:
                print(f"no timeline after {wait_s:.0f}s ({answer.status_code})", file=sys.stderr)
                return 1
            time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description="Register, find, read a timeline.")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="a bearer token (see README)")
    parser.add_argument("--serial", type=int, default=random.randrange(10**6))  # noqa: S311 - not a secret
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for aftercare")
    args = parser.parse_args()
    return run(args.base_url.rstrip("/"), args.token, args.serial, args.wait)


if __name__ == "__main__":
    raise SystemExit(main())
