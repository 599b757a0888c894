"""Loads a small demo data set through the services' public APIs (used by scripts/run.sh)."""

from __future__ import annotations

import argparse
import sys

import httpx


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    for service in ("intake", "training", "deployment", "aftercare"):
        parser.add_argument(f"--{service}", required=True)
    args = parser.parse_args()
    with httpx.Client(timeout=10) as client:
        for service in ("intake", "training", "deployment", "aftercare"):
            health = client.get(f"{getattr(args, service)}/healthz").json()
            print(f"[demo] {service}: {health['status']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
