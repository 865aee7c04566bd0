"""The linear-time check the PHI tests share: 10x the input may take at most 40x the time."""

from __future__ import annotations

import time
from collections.abc import Callable


def assert_linear_time(
    scan: Callable[[str], object], small: str, big: str, *, ceiling: float = 2.0
) -> None:
    """Fail when `scan(big)` (about 10x `small`) takes 40x `scan(small)`'s time or more.

    Catastrophic backtracking shows as a quadratic (or worse) ratio, 100x for 10x the input;
    the bound is loose so that a busy machine does not make it flaky, and never above
    `ceiling` seconds. CPU time of this process: on a busy machine (xdist workers, other jobs)
    wall time stretches the longer scan more than the shorter one and fakes a worse ratio.
    The small scan's best of three sets the bound (a slow outlier would loosen it); the big
    scan passes on its first run within the bound and fails only when all three exceed it:
    the verdict of comparing the best of three, without the two runs that cannot change it.
    """

    def seconds(text: str) -> float:
        start = time.process_time()
        scan(text)
        return time.process_time() - start

    small_time = min(seconds(small) for _ in range(3))
    bound = min(ceiling, 40 * max(small_time, 0.003))
    big_times = []
    for _ in range(3):
        big_times.append(seconds(big))
        if big_times[-1] < bound:
            break
    assert min(big_times) < bound, (
        f"{big_times} s for {len(big):,} characters, {small_time} s for {len(small):,}"
    )
