"""The relay's idle pass: its interval grows while passes find nothing, and starts again."""

from __future__ import annotations

from collections.abc import Iterator

from shared.outbox import OutboxRelay


class Scripted(OutboxRelay):
    """A relay whose passes and sleeps follow a script, with no broker or store behind it."""

    def __init__(self, passes: list[tuple[int, int]], wakes: list[bool]) -> None:
        super().__init__([], producer=None, idle_interval_s=0.2, idle_max_interval_s=2.0)
        self._passes: Iterator[tuple[int, int]] = iter(passes)
        self._wakes: Iterator[bool] = iter(wakes)
        self.slept: list[float] = []

    async def publish_pending(self) -> int:
        published, pending = next(self._passes, (0, 0))
        self.status.pending_documents = pending
        return published

    async def _sleep(self, seconds: float) -> bool:
        self.slept.append(seconds)
        woken = next(self._wakes, None)
        if woken is None:
            self.stop()
            return True
        return woken


async def run(passes: list[tuple[int, int]], wakes: list[bool]) -> list[float]:
    relay = Scripted(passes, wakes)
    await relay.run()
    return relay.slept


async def test_the_idle_interval_doubles_while_passes_find_nothing_up_to_its_bound() -> None:
    slept = await run([], [False] * 7)
    assert slept[:7] == [0.2, 0.4, 0.8, 1.6, 2.0, 2.0, 2.0]


async def test_a_wake_starts_the_idle_interval_again() -> None:
    slept = await run([], [False, False, False, True, False])
    assert slept[:6] == [0.2, 0.4, 0.8, 1.6, 0.2, 0.4]


async def test_a_pass_that_finds_events_starts_the_idle_interval_again() -> None:
    # Passes: nothing, nothing, nothing, 3 published (no sleep), nothing; then one that found
    # a pending document it could not publish (its mark is blocked), then nothing.
    passes = [(0, 0), (0, 0), (0, 0), (3, 2), (0, 0), (0, 0), (0, 1), (0, 0)]
    slept = await run(passes, [False] * 7)
    assert slept[:7] == [0.2, 0.4, 0.8, 0.2, 0.4, 0.2, 0.4]


def test_the_bound_is_never_below_the_first_interval() -> None:
    relay = OutboxRelay([], producer=None, idle_interval_s=3.0, idle_max_interval_s=2.0)
    assert relay.next_idle_interval(3.0) == 3.0
