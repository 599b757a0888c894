"""What the scale benchmarks share: the bearer token, tables, percentiles, memory."""

from __future__ import annotations

import resource
from collections.abc import Sequence


def bearer_headers(subject: str = "homeward-benchmarks") -> dict[str, str]:
    """A trusted system's token from the local development issuer the services trust
    (``shared.auth``); no header if this checkout has no ``shared.auth`` yet."""
    try:
        from shared.auth import AuthSettings, DevIssuer, Role
    except ImportError:  # pragma: no cover - before security landed
        return {}
    issuer = DevIssuer(AuthSettings())
    issuer.ensure_keys()
    return {"Authorization": f"Bearer {issuer.mint(Role.SERVICE, subject, ttl_s=6 * 3600)}"}


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which ``share`` of the values lie (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[rank]


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, ready to paste into docs/performance.md."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
