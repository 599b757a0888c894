"""Fault run, shortened: each service SIGKILLed in turn, Kafka restarted and the store crashed
and restarted, while a generated history is published and workers are registered; then, at
rest, every invariant holds."""

from __future__ import annotations

import pytest

from benchmarks.faults import Run, private_stack


@pytest.mark.xdist_group("scale-faults")
@pytest.mark.timeout(600)  # ~1.5 min alone; a loaded machine makes every process start slowly
async def test_views_registrations_and_dead_letters_survive_kills_and_restarts(
    unique: str,
) -> None:
    lines: list[str] = []
    with private_stack(f"private/{unique}") as stack:
        report = await Run(stack, workers=100, rate=80, say=lines.append).run(
            pause_s=1.5, converge_s=240
        )
    print("\n".join(report.lines()))
    assert report.ok, "\n".join(report.lines())
    assert report.registrations_answered > 5
    done = "\n".join(report.actions)
    for fault in ("SIGKILL intake", "SIGKILL aftercare", "Kafka stopped", "store crashed"):
        assert fault in done
    assert report.published > 2000
    assert {c.label for c in report.checks} == {
        "training.candidates",
        "deployment.candidates",
        "aftercare.cases",
        "aftercare.incidents",
    }
    assert all(c.documents > 0 for c in report.checks if c.label != "aftercare.incidents")
    assert sum(report.dead_letters.values()) >= 9  # 3 bad records x 3 groups reading intake
